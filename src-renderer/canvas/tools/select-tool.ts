/**
 * The select tool: idle → pointing-box → translating, or idle → resizing(handle).
 * - pressing a box selects it (pointing-box); moving past the drag threshold starts translating;
 * - pressing a handle of the selected box starts resizing;
 * - releasing emits one command: updateGeometry for a label, or acceptPrediction with the corrected rectangle for
 *   a pending prediction (fixing a prediction's box accepts it); an unchanged rectangle emits nothing;
 * - Escape during a drag drops the preview and emits nothing; Escape when idle clears the selection.
 * Rectangles stay inside the image; resized boxes keep a minimum size measured in screen pixels.
 */
import type { BoxPx } from "../../../src-preload/api";
import { minBoxSizePx, resizeRect, DRAG_THRESHOLD_PX, handleCursor } from "../model/anchors";
import type { Handle } from "../model/anchors";
import type { Command } from "../model/commands";
import type { BoxId } from "../model/doc";
import { getBox, sameRect } from "../model/doc";
import { hitTest } from "../model/hit-test";
import { keepRectInside, roundRect } from "../model/rect";
import type { ImagePoint, StagePoint } from "../model/viewport";
import type { Tool, ToolContext, ToolState, Transition } from "./types";
import { stageDistance } from "./types";

export const selectTool: Tool = { id: "select", initial: () => idle() };

function idle(): ToolState {
  return {
    id: "select.idle",
    cursor: "default",
    preview: null,
    onPointerDown(ctx, e) {
      if (e.button !== 0) return;
      const hit = hitTest(ctx.doc, e.image, { scale: ctx.viewport.scale, selectedId: ctx.selectedId, showPredictions: ctx.showPredictions, minScore: ctx.minScore });
      if (hit.kind === "handle") {
        const box = getBox(ctx.doc, hit.boxId);
        if (!box) return;
        return { next: resizing(hit.boxId, hit.handle, box.rect, e.image) };
      }
      if (hit.kind === "box") return { next: pointingBox(hit.boxId, e.image, e.stage), select: hit.boxId };
      return { next: idle(), select: null };
    },
    onCancel: () => ({ next: idle(), select: null }),
  };
}

function pointingBox(boxId: BoxId, downImage: ImagePoint, downStage: StagePoint): ToolState {
  return {
    id: "select.pointing-box",
    cursor: "move",
    preview: null,
    onPointerMove(ctx, e) {
      if (stageDistance(e.stage, downStage) < DRAG_THRESHOLD_PX) return;
      const box = getBox(ctx.doc, boxId);
      if (!box) return { next: idle() };
      const translatingState = translating(boxId, box.rect, downImage);
      return translatingState.onPointerMove?.(ctx, e) ?? { next: translatingState };
    },
    onPointerUp: () => ({ next: idle() }),
    onCancel: () => ({ next: idle() }),
  };
}

function translating(boxId: BoxId, start: BoxPx, downImage: ImagePoint, rect: BoxPx = start): ToolState {
  return {
    id: "select.translating",
    cursor: "move",
    preview: { boxId, rect },
    onPointerMove(ctx, e) {
      const moved = { ...start, x: start.x + e.image.x - downImage.x, y: start.y + e.image.y - downImage.y };
      return { next: translating(boxId, start, downImage, keepRectInside(roundRect(moved), ctx.doc)) };
    },
    onPointerUp: (ctx) => commit(ctx, boxId, start, rect),
    onCancel: () => ({ next: idle() }),
  };
}

function resizing(boxId: BoxId, handle: Handle, start: BoxPx, downImage: ImagePoint, rect: BoxPx = start): ToolState {
  return {
    id: `select.resizing(${handle})`,
    cursor: handleCursor(handle),
    preview: { boxId, rect },
    onPointerMove(ctx, e) {
      // The screen minimum never forces an existing smaller box to grow just because it was touched.
      const minSide = Math.min(minBoxSizePx(ctx.viewport.scale), start.w, start.h);
      const next = resizeRect(start, handle, e.image.x - downImage.x, e.image.y - downImage.y, minSide, ctx.doc);
      return { next: resizing(boxId, handle, start, downImage, roundRect(next)) };
    },
    onPointerUp: (ctx) => commit(ctx, boxId, start, rect),
    onCancel: () => ({ next: idle() }),
  };
}

/** The one command that ends a translate or resize, if the rectangle changed. */
function commit(ctx: ToolContext, boxId: BoxId, start: BoxPx, rect: BoxPx): Transition {
  const box = getBox(ctx.doc, boxId);
  if (!box || sameRect(start, rect)) return { next: idle() };
  if (box.source === "label") {
    const command: Command = { kind: "updateGeometry", id: boxId, rect };
    return { next: idle(), command };
  }
  if (box.status !== "pending") return { next: idle() };
  const labelId = ctx.newId();
  const command: Command = { kind: "acceptPrediction", predictionId: boxId, labelId, rect };
  return { next: idle(), command, select: labelId };
}
