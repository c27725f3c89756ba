/**
 * Every action of the review canvas, registered once. The keyboard dispatcher, the toolbar, menus and the class
 * palette all run these (by id, through runAction). Review-level actions (previous/next image, accept and next,
 * skip, flag, jump, the shortcut sheet, the class palette) call back into the review view, which owns the queue.
 */
import type { DocStore, UndoOutcome } from "../doc-store";
import { getBox } from "../model/doc";
import { stagePoint } from "../model/viewport";
import type { ActionDef } from "./actions";
import { createRegistry } from "./actions";
import type { ActionRegistry } from "./actions";
import type { ActionId } from "./keymap";
import { CLASS_SLOTS } from "./keymap";

/** What the review view provides; missing callbacks disable their actions. */
export interface ReviewCallbacks {
  prevImage?(): void;
  nextImage?(): void;
  /**
   * Enter. The view orders what it stores after the saves still running (the doc store's queue, or its flush()),
   * so the next image can open at once.
   */
  acceptAndNext?(): void;
  skip?(): void;
  flag?(): void;
  jumpTo?(): void;
  showShortcuts?(): void;
  openClassPalette?(): void;
  /** Undo/redo reached an entry of another image: open it, then run undo/redo again. */
  openImageForHistory?(imageId: number, direction: "undo" | "redo"): void;
}

export interface CanvasActionContext {
  store: DocStore;
  review: ReviewCallbacks;
}

const ZOOM_STEP = 1.25;
const THRESHOLD_STEP = 0.05;

type Def = ActionDef<CanvasActionContext>;

const state = (ctx: CanvasActionContext) => ctx.store.getState();
const selectedBox = (ctx: CanvasActionContext) => {
  const s = state(ctx);
  return s.selectedId === null ? undefined : getBox(s.doc, s.selectedId);
};
const hasPendingPrediction = (ctx: CanvasActionContext): boolean => {
  const b = selectedBox(ctx);
  return b !== undefined && b.source === "prediction" && b.status === "pending";
};

function historyAction(id: ActionId, label: string, direction: "undo" | "redo"): Def {
  return {
    id,
    label,
    run(ctx) {
      const s = state(ctx);
      const outcome: UndoOutcome = direction === "undo" ? s.undo() : s.redo();
      if (outcome.kind === "other-image") ctx.review.openImageForHistory?.(outcome.imageId, direction);
    },
  };
}

function reviewAction(id: ActionId, label: string, pick: (r: ReviewCallbacks) => (() => void) | undefined): Def {
  return { id, label, run: (ctx) => pick(ctx.review)?.call(ctx.review), isEnabled: (ctx) => pick(ctx.review) !== undefined };
}

function nudge(id: ActionId, label: string, dx: number, dy: number): Def {
  return { id, label, run: (ctx) => state(ctx).nudge(dx, dy), isEnabled: (ctx) => selectedBox(ctx)?.source === "label" };
}

function zoom(id: ActionId, label: string, factor: number): Def {
  return {
    id,
    label,
    run(ctx) {
      const s = state(ctx);
      s.zoomAt(stagePoint(s.viewSize.width / 2, s.viewSize.height / 2), factor);
    },
  };
}

/** The definitions of every canvas and review action. */
export function canvasActionDefs(): Def[] {
  return [
    reviewAction("help.shortcuts", "Keyboard shortcuts", (r) => r.showShortcuts),
    historyAction("history.undo", "Undo", "undo"),
    historyAction("history.redo", "Redo", "redo"),
    reviewAction("review.prevImage", "Previous image", (r) => r.prevImage),
    reviewAction("review.nextImage", "Next image", (r) => r.nextImage),
    {
      id: "review.acceptAndNext",
      label: "Accept and next",
      isEnabled: (ctx) => ctx.review.acceptAndNext !== undefined,
      run(ctx) {
        state(ctx).cancel();
        ctx.review.acceptAndNext?.();
      },
    },
    reviewAction("review.skip", "Skip", (r) => r.skip),
    reviewAction("review.flag", "Flag", (r) => r.flag),
    reviewAction("review.jumpTo", "Go to…", (r) => r.jumpTo),
    { id: "canvas.toolSelect", label: "Select", run: (ctx) => state(ctx).setTool("select") },
    { id: "canvas.toolDraw", label: "Draw box", run: (ctx) => state(ctx).setTool("draw") },
    { id: "canvas.panHold", label: "Pan", run: (ctx) => state(ctx).setPanHeld(true), release: (ctx) => state(ctx).setPanHeld(false) },
    { id: "canvas.cancel", label: "Cancel", run: (ctx) => state(ctx).cancel() },
    { id: "canvas.deleteSelection", label: "Delete", run: (ctx) => state(ctx).deleteSelection(), isEnabled: (ctx) => selectedBox(ctx) !== undefined },
    { id: "canvas.acceptPrediction", label: "Accept prediction", run: (ctx) => state(ctx).acceptSelection(), isEnabled: hasPendingPrediction },
    { id: "canvas.rejectPrediction", label: "Reject prediction", run: (ctx) => state(ctx).rejectSelection(), isEnabled: hasPendingPrediction },
    { id: "canvas.acceptAllAbove", label: "Accept all above threshold", run: (ctx) => state(ctx).acceptAllAbove() },
    { id: "canvas.markEmpty", label: "Mark image empty", run: (ctx) => state(ctx).markEmpty(), isEnabled: (ctx) => !state(ctx).doc.isEmpty },
    { id: "canvas.selectNext", label: "Next box", run: (ctx) => state(ctx).selectNext(1) },
    { id: "canvas.selectPrev", label: "Previous box", run: (ctx) => state(ctx).selectNext(-1) },
    nudge("canvas.nudgeLeft", "Nudge left", -1, 0),
    nudge("canvas.nudgeRight", "Nudge right", 1, 0),
    nudge("canvas.nudgeUp", "Nudge up", 0, -1),
    nudge("canvas.nudgeDown", "Nudge down", 0, 1),
    nudge("canvas.nudgeLeftFast", "Nudge left 10 px", -10, 0),
    nudge("canvas.nudgeRightFast", "Nudge right 10 px", 10, 0),
    nudge("canvas.nudgeUpFast", "Nudge up 10 px", 0, -10),
    nudge("canvas.nudgeDownFast", "Nudge down 10 px", 0, 10),
    ...CLASS_SLOTS.map(
      (n): Def => ({ id: `canvas.setClass${n}`, label: `Class ${n}`, run: (ctx) => state(ctx).setClassSlot(n), isEnabled: (ctx) => state(ctx).classSlots[n - 1] !== undefined }),
    ),
    reviewAction("canvas.classPalette", "Search classes", (r) => r.openClassPalette),
    { id: "canvas.togglePredictions", label: "Show predictions", run: (ctx) => state(ctx).patchView({ showPredictions: !state(ctx).showPredictions }) },
    {
      id: "canvas.thresholdDown",
      label: "Lower threshold",
      run: (ctx) => state(ctx).patchView({ scoreThreshold: Math.max(0, round2(state(ctx).scoreThreshold - THRESHOLD_STEP)) }),
    },
    {
      id: "canvas.thresholdUp",
      label: "Raise threshold",
      run: (ctx) => state(ctx).patchView({ scoreThreshold: Math.min(1, round2(state(ctx).scoreThreshold + THRESHOLD_STEP)) }),
    },
    { id: "canvas.fit", label: "Fit image", run: (ctx) => state(ctx).fit() },
    { id: "canvas.toggleRegionZoom", label: "Region / whole image", run: (ctx) => state(ctx).toggleRegionZoom() },
    zoom("canvas.zoomIn", "Zoom in", ZOOM_STEP),
    zoom("canvas.zoomOut", "Zoom out", 1 / ZOOM_STEP),
    { id: "canvas.toggleCrosshair", label: "Crosshair", run: (ctx) => state(ctx).patchView({ crosshair: !state(ctx).crosshair }) },
  ];
}

/** The registry of every canvas and review action. */
export function createCanvasActions(): ActionRegistry<CanvasActionContext> {
  return createRegistry(canvasActionDefs());
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
