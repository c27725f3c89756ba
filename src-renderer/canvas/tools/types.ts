/**
 * Tools are small state machines. A state is an object of handlers (pointer down / move / up, key down, cancel)
 * that return a Transition: the next state and, at most, ONE command — so an interaction (a drag, a drawn box) is
 * one command and one undo step. While an interaction runs, the state carries a preview that the overlay draws;
 * the preview is outside the document and outside history, so Escape simply drops it (tldraw's bail).
 * Pure: no React, Konva or DOM; pointer positions arrive already converted by the viewport.
 */
import type { BoxPx } from "../../../src-preload/api";
import type { Command } from "../model/commands";
import type { BoxId, ReviewDoc } from "../model/doc";
import type { ImagePoint, StagePoint, Viewport } from "../model/viewport";

export type ToolId = "select" | "draw" | "pan";

export interface ToolPointer {
  /** Pointer in image pixels (not clamped: it may lie outside the image). */
  image: ImagePoint;
  /** Pointer in stage pixels (for screen-space thresholds and panning). */
  stage: StagePoint;
  /** 0 primary, 1 middle, 2 secondary. */
  button: number;
  shiftKey: boolean;
  altKey: boolean;
  /** Cmd on macOS, Ctrl elsewhere. */
  modKey: boolean;
}

export interface ToolKey {
  key: string;
  code: string;
  shiftKey: boolean;
  altKey: boolean;
  modKey: boolean;
}

export interface ToolContext {
  doc: ReviewDoc;
  viewport: Viewport;
  selectedId: BoxId | null;
  showPredictions: boolean;
  /** The confidence slider: predictions below it (0..1) are hidden and cannot be grabbed. */
  minScore: number;
  /** Class given to newly drawn boxes. */
  activeClassId: number;
  /** Id factory for new boxes (UUIDs in the app, counters in tests). */
  newId(): BoxId;
}

/** What the overlay draws while an interaction runs: the box being drawn (boxId null) or the box being edited. */
export interface Preview {
  boxId: BoxId | null;
  rect: BoxPx;
}

export interface Transition {
  next: ToolState;
  command?: Command;
  /** New selection; undefined leaves it as it is. Selection never enters history. */
  select?: BoxId | null;
  /** New viewport (panning); never enters history. */
  viewport?: Viewport;
}

export interface ToolState {
  /** Path of the state, e.g. "select.translating". */
  id: string;
  cursor: string;
  preview: Preview | null;
  onPointerDown?(ctx: ToolContext, e: ToolPointer): Transition | void;
  onPointerMove?(ctx: ToolContext, e: ToolPointer): Transition | void;
  onPointerUp?(ctx: ToolContext, e: ToolPointer): Transition | void;
  onKeyDown?(ctx: ToolContext, e: ToolKey): Transition | void;
  /** Escape: abandon the interaction (and, when idle, clear the selection). */
  onCancel?(ctx: ToolContext): Transition | void;
}

export interface Tool {
  id: ToolId;
  /** The idle state the tool starts in. */
  initial(): ToolState;
}

export type ToolEvent =
  | { type: "pointerDown"; pointer: ToolPointer }
  | { type: "pointerMove"; pointer: ToolPointer }
  | { type: "pointerUp"; pointer: ToolPointer }
  | { type: "keyDown"; key: ToolKey }
  | { type: "cancel" };

/** Feeds one event to a state; a handler that is missing or returns nothing keeps the state. */
export function step(state: ToolState, ctx: ToolContext, event: ToolEvent): Transition {
  let t: Transition | void;
  switch (event.type) {
    case "pointerDown":
      t = state.onPointerDown?.(ctx, event.pointer);
      break;
    case "pointerMove":
      t = state.onPointerMove?.(ctx, event.pointer);
      break;
    case "pointerUp":
      t = state.onPointerUp?.(ctx, event.pointer);
      break;
    case "keyDown":
      t = state.onKeyDown?.(ctx, event.key);
      break;
    case "cancel":
      t = state.onCancel?.(ctx);
      break;
  }
  return t ?? { next: state };
}

/** Distance between two stage points in stage (screen) pixels. */
export function stageDistance(a: StagePoint, b: StagePoint): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}
