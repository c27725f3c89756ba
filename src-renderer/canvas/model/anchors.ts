/**
 * Resize-handle and hit-area sizes as a function of zoom, so that tiny boxes stay grabbable at any zoom.
 *
 * Why: small-object review is the point of Loupe. A 6×6-pixel box at 100 % is 6 screen pixels wide; with 8-px
 * handles centred on its corners the handles cover the whole box, so it can be resized but never moved, and at
 * low zoom the handles of neighbouring corners overlap so the wrong one is grabbed (Label Studio hit the same
 * problem and fixed it with a pure anchor-sizing helper). The rules, all in SCREEN pixels:
 * - a handle is drawn ANCHOR_VISUAL_PX wide and is grabbable over ANCHOR_HIT_PX, at every zoom;
 * - when a box is too small to keep a free body between its corner handles, the handles move outward (padding)
 *   until their hit squares lie entirely outside the box, so the box itself can always be grabbed to move it;
 * - side (edge-midpoint) handles appear only when the box is large enough for them not to crowd the corners;
 * - a box is selectable over at least MIN_BOX_HIT_PX, however small it is on screen;
 * - a drawn or resized box must be at least MIN_BOX_SCREEN_PX on screen (converted to image pixels by zoom).
 */
import type { BoxPx } from "../../../src-preload/api";
import type { ImagePoint } from "./viewport";

export const ANCHOR_VISUAL_PX = 8;
export const ANCHOR_HIT_PX = 16;
/** The body of a box keeps at least this much free between its corner handles before they move outward. */
export const MIN_FREE_BODY_PX = 8;
/** Side handles appear when the box's shorter side is at least this long on screen. */
export const SIDE_HANDLES_MIN_PX = 3 * ANCHOR_HIT_PX;
export const MIN_BOX_HIT_PX = 12;
export const MIN_BOX_SCREEN_PX = 4;
/** A press becomes a drag after the pointer moved this far on screen. */
export const DRAG_THRESHOLD_PX = 3;

export const CORNER_HANDLES = ["top-left", "top-right", "bottom-right", "bottom-left"] as const;
export const SIDE_HANDLES = ["top", "right", "bottom", "left"] as const;
export type Handle = (typeof CORNER_HANDLES)[number] | (typeof SIDE_HANDLES)[number];

export interface HandleLayout {
  handle: Handle;
  /** Centre of the handle in image pixels. */
  center: ImagePoint;
  /** Half the side of its hit square, in image pixels. */
  halfHitPx: number;
}

export interface AnchorLayout {
  /** Handle size on screen (for Konva's Transformer `anchorSize`). */
  anchorSizePx: number;
  /** Extra hit stroke around each handle on screen (Konva `hitStrokeWidth`), so the hit square is ANCHOR_HIT_PX. */
  anchorHitStrokePx: number;
  /** How far handles sit outside the box on screen (Konva's Transformer `padding`). */
  paddingPx: number;
  /** Handles shown, corners first. */
  handles: HandleLayout[];
}

/**
 * Where the handles of a box go at zoom `scale` (stage pixels per image pixel), and how big they are.
 * Example: a 4×4 box at scale 1 gets only its 4 corners, 8 px outside the box (padding = ANCHOR_HIT_PX / 2).
 */
export function anchorLayout(rect: BoxPx, scale: number): AnchorLayout {
  const shortSidePx = Math.min(rect.w, rect.h) * scale;
  const paddingPx = shortSidePx >= ANCHOR_HIT_PX + MIN_FREE_BODY_PX ? 0 : ANCHOR_HIT_PX / 2;
  const showSides = shortSidePx >= SIDE_HANDLES_MIN_PX;
  const pad = paddingPx / scale;
  const x1 = rect.x - pad;
  const y1 = rect.y - pad;
  const x2 = rect.x + rect.w + pad;
  const y2 = rect.y + rect.h + pad;
  const xm = rect.x + rect.w / 2;
  const ym = rect.y + rect.h / 2;
  const at: Record<Handle, [number, number]> = {
    "top-left": [x1, y1],
    "top-right": [x2, y1],
    "bottom-right": [x2, y2],
    "bottom-left": [x1, y2],
    top: [xm, y1],
    right: [x2, ym],
    bottom: [xm, y2],
    left: [x1, ym],
  };
  const names: Handle[] = showSides ? [...CORNER_HANDLES, ...SIDE_HANDLES] : [...CORNER_HANDLES];
  const halfHitPx = ANCHOR_HIT_PX / 2 / scale;
  return {
    anchorSizePx: ANCHOR_VISUAL_PX,
    anchorHitStrokePx: ANCHOR_HIT_PX - ANCHOR_VISUAL_PX,
    paddingPx,
    handles: names.map((handle) => {
      const [x, y] = at[handle];
      return { handle, center: { x, y } as ImagePoint, halfHitPx };
    }),
  };
}

/** The handle of `rect` under image point p at this zoom, or null. */
export function handleAt(rect: BoxPx, scale: number, p: ImagePoint): Handle | null {
  for (const h of anchorLayout(rect, scale).handles) {
    if (Math.abs(p.x - h.center.x) <= h.halfHitPx && Math.abs(p.y - h.center.y) <= h.halfHitPx) return h.handle;
  }
  return null;
}

/**
 * The area over which a box can be grabbed, in image pixels: the box itself, grown about its centre to at least
 * MIN_BOX_HIT_PX on screen. Example: a 2×2 box at (10,10), scale 1 → { x: 5, y: 5, w: 12, h: 12 }.
 */
export function boxHitRect(rect: BoxPx, scale: number): BoxPx {
  const minSide = MIN_BOX_HIT_PX / scale;
  const w = Math.max(rect.w, minSide);
  const h = Math.max(rect.h, minSide);
  return { x: rect.x + rect.w / 2 - w / 2, y: rect.y + rect.h / 2 - h / 2, w, h };
}

/** Smallest width/height of a drawn or resized box in image pixels at this zoom. Example: scale 4 → 1 px. */
export function minBoxSizePx(scale: number): number {
  return MIN_BOX_SCREEN_PX / scale;
}

/** How far the pointer must travel, in image pixels at this zoom, before a press becomes a drag. */
export function dragThresholdPx(scale: number): number {
  return DRAG_THRESHOLD_PX / scale;
}

/** The cursor a handle shows (CSS cursor names). */
export function handleCursor(handle: Handle): string {
  switch (handle) {
    case "top-left":
    case "bottom-right":
      return "nwse-resize";
    case "top-right":
    case "bottom-left":
      return "nesw-resize";
    case "top":
    case "bottom":
      return "ns-resize";
    case "left":
    case "right":
      return "ew-resize";
  }
}

/**
 * Resizes `start` by dragging `handle` by (dx, dy) image pixels. The opposite edge stays put; dragging past it flips
 * the box; the moving edge stays inside the image; each side keeps at least `minSidePx`, growing away from the
 * fixed edge (or toward it at the image border). Example: a 10×10 box at (10,10), "bottom-right" by (5, -20) with
 * min 1 → { x: 10, y: 0, w: 15, h: 10 } (flipped upward, clamped at the top).
 */
export function resizeRect(start: BoxPx, handle: Handle, dx: number, dy: number, minSidePx: number, image: { width: number; height: number }): BoxPx {
  const movesLeft = handle === "top-left" || handle === "bottom-left" || handle === "left";
  const movesRight = handle === "top-right" || handle === "bottom-right" || handle === "right";
  const movesTop = handle === "top-left" || handle === "top-right" || handle === "top";
  const movesBottom = handle === "bottom-left" || handle === "bottom-right" || handle === "bottom";
  const [x1, x2] = resizeAxis(start.x, start.x + start.w, movesLeft ? "lo" : movesRight ? "hi" : null, movesLeft || movesRight ? dx : 0, minSidePx, image.width);
  const [y1, y2] = resizeAxis(start.y, start.y + start.h, movesTop ? "lo" : movesBottom ? "hi" : null, movesTop || movesBottom ? dy : 0, minSidePx, image.height);
  return { x: x1, y: y1, w: x2 - x1, h: y2 - y1 };
}

function resizeAxis(lo: number, hi: number, moving: "lo" | "hi" | null, d: number, min: number, limit: number): [number, number] {
  if (moving === null) return [lo, hi];
  const fixed = moving === "lo" ? hi : lo;
  const edge = Math.min(Math.max((moving === "lo" ? lo : hi) + d, 0), limit);
  const towardHi = edge > fixed || (edge === fixed && moving === "hi");
  let a = Math.min(fixed, edge);
  let b = Math.max(fixed, edge);
  const side = Math.min(min, limit);
  if (b - a < side) {
    if (towardHi) {
      b = a + side;
      if (b > limit) [a, b] = [limit - side, limit];
    } else {
      a = b - side;
      if (a < 0) [a, b] = [0, side];
    }
  }
  return [a, b];
}
