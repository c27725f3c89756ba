/**
 * The draw-box tool: idle → pointing → dragging (press, drag, release), or click-click: a click without dragging
 * places the first corner (placing-second-corner) and the next press places the other one.
 * - the box follows the pointer as a preview, clamped to the image; it is not in the document until committed;
 * - committing emits one createBox command (class = the active class) and selects the new box; the tool stays
 *   in draw mode for the next box;
 * - a box smaller than MIN_BOX_SCREEN_PX on screen (a stray click, a twitch) is dropped, at any zoom;
 * - Escape drops the box being drawn; Escape when idle clears the selection.
 */
import type { BoxPx } from "../../../src-preload/api";
import { DRAG_THRESHOLD_PX, minBoxSizePx } from "../model/anchors";
import { createLabelCommand } from "../model/commands";
import { clampRectToImage, rectFromCorners, clamp, roundRect } from "../model/rect";
import type { ImagePoint, StagePoint } from "../model/viewport";
import { imagePoint } from "../model/viewport";
import type { Tool, ToolContext, ToolState, Transition } from "./types";
import { stageDistance } from "./types";

export const drawBoxTool: Tool = { id: "draw", initial: () => idle() };

function idle(): ToolState {
  return {
    id: "draw.idle",
    cursor: "crosshair",
    preview: null,
    onPointerDown(ctx, e) {
      if (e.button !== 0) return;
      return { next: pointing(clampToImage(ctx, e.image), e.stage) };
    },
    onCancel: () => ({ next: idle(), select: null }),
  };
}

function pointing(start: ImagePoint, downStage: StagePoint): ToolState {
  return {
    id: "draw.pointing",
    cursor: "crosshair",
    preview: null,
    onPointerMove(ctx, e) {
      if (stageDistance(e.stage, downStage) < DRAG_THRESHOLD_PX) return;
      return { next: dragging(start, boxBetween(ctx, start, e.image)) };
    },
    // Released without dragging: the first corner of a click-click box.
    onPointerUp: () => ({ next: placingSecondCorner(start, null) }),
    onCancel: () => ({ next: idle() }),
  };
}

function dragging(start: ImagePoint, rect: BoxPx): ToolState {
  return {
    id: "draw.dragging",
    cursor: "crosshair",
    preview: { boxId: null, rect },
    onPointerMove: (ctx, e) => ({ next: dragging(start, boxBetween(ctx, start, e.image)) }),
    onPointerUp: (ctx, e) => finish(ctx, boxBetween(ctx, start, e.image)),
    onCancel: () => ({ next: idle() }),
  };
}

function placingSecondCorner(start: ImagePoint, rect: BoxPx | null): ToolState {
  return {
    id: "draw.placing-second-corner",
    cursor: "crosshair",
    preview: rect ? { boxId: null, rect } : null,
    onPointerMove: (ctx, e) => ({ next: placingSecondCorner(start, boxBetween(ctx, start, e.image)) }),
    onPointerDown(ctx, e) {
      if (e.button !== 0) return;
      return finish(ctx, boxBetween(ctx, start, e.image));
    },
    onCancel: () => ({ next: idle() }),
  };
}

/** Creates the box if it is large enough on screen; either way the tool is ready for the next one. */
function finish(ctx: ToolContext, rect: BoxPx): Transition {
  const min = minBoxSizePx(ctx.viewport.scale);
  if (rect.w < min || rect.h < min) return { next: idle() };
  const id = ctx.newId();
  return { next: idle(), command: createLabelCommand(id, ctx.activeClassId, rect), select: id };
}

function boxBetween(ctx: ToolContext, start: ImagePoint, p: ImagePoint): BoxPx {
  return roundRect(clampRectToImage(rectFromCorners(start, p), ctx.doc));
}

function clampToImage(ctx: ToolContext, p: ImagePoint): ImagePoint {
  return imagePoint(clamp(p.x, 0, ctx.doc.width), clamp(p.y, 0, ctx.doc.height));
}
