/**
 * The pan tool, active while Space is held (or for a middle-button drag): idle → panning. Moves the viewport by
 * the pointer's travel in stage pixels; never emits a command (panning is not an edit and never enters history).
 */
import { panBy } from "../model/viewport";
import type { StagePoint } from "../model/viewport";
import type { Tool, ToolState } from "./types";

export const panTool: Tool = { id: "pan", initial: () => idle() };

function idle(): ToolState {
  return {
    id: "pan.idle",
    cursor: "grab",
    preview: null,
    onPointerDown: (_ctx, e) => ({ next: panning(e.stage) }),
  };
}

function panning(last: StagePoint): ToolState {
  return {
    id: "pan.panning",
    cursor: "grabbing",
    preview: null,
    onPointerMove: (ctx, e) => ({
      next: panning(e.stage),
      viewport: panBy(ctx.viewport, e.stage.x - last.x, e.stage.y - last.y),
    }),
    onPointerUp: () => ({ next: idle() }),
    onCancel: () => ({ next: idle() }),
  };
}
