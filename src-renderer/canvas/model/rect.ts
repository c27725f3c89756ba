/**
 * Rectangle helpers in image pixels: building a box from two corners, clamping to the image, the union of boxes
 * and growing a region of interest. Pure; every rectangle is { x, y, w, h } with (x, y) the top-left corner.
 */
import type { BoxPx } from "../../../src-preload/api";

export interface Size {
  width: number;
  height: number;
}

/** The box spanned by two corners in any order. Example: (5,8) and (1,2) → { x: 1, y: 2, w: 4, h: 6 }. */
export function rectFromCorners(a: { x: number; y: number }, b: { x: number; y: number }): BoxPx {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(b.x - a.x), h: Math.abs(b.y - a.y) };
}

/**
 * The part of `r` inside the image [0, width] × [0, height] (w or h may become 0 when r lies outside).
 * Example: { x: -5, y: 90, w: 20, h: 20 } in 100×100 → { x: 0, y: 90, w: 15, h: 10 }.
 */
export function clampRectToImage(r: BoxPx, image: Size): BoxPx {
  const x1 = clamp(r.x, 0, image.width);
  const y1 = clamp(r.y, 0, image.height);
  const x2 = clamp(r.x + r.w, 0, image.width);
  const y2 = clamp(r.y + r.h, 0, image.height);
  return { x: x1, y: y1, w: Math.max(0, x2 - x1), h: Math.max(0, y2 - y1) };
}

/**
 * Moves `r` (keeping its size) so it lies inside the image; a box larger than the image is pinned to the top-left.
 * Example: { x: 95, y: -3, w: 10, h: 10 } in 100×100 → { x: 90, y: 0, w: 10, h: 10 }.
 */
export function keepRectInside(r: BoxPx, image: Size): BoxPx {
  return { ...r, x: clamp(r.x, 0, Math.max(0, image.width - r.w)), y: clamp(r.y, 0, Math.max(0, image.height - r.h)) };
}

/** The smallest rectangle holding all of them, or null for none. */
export function unionRect(rects: readonly BoxPx[]): BoxPx | null {
  if (rects.length === 0) return null;
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const r of rects) {
    x1 = Math.min(x1, r.x);
    y1 = Math.min(y1, r.y);
    x2 = Math.max(x2, r.x + r.w);
    y2 = Math.max(y2, r.y + r.h);
  }
  return { x: x1, y: y1, w: x2 - x1, h: y2 - y1 };
}

/**
 * Grows `r` about its centre so it is at least `minSidePx` on each side and `factor` times its size (context
 * around a tiny region of interest), then clamps it to the image.
 * Example: a 10×10 box at (45,45), factor 3, min 0, in 100×100 → { x: 35, y: 35, w: 30, h: 30 }.
 */
export function growRect(r: BoxPx, factor: number, minSidePx: number, image: Size): BoxPx {
  const w = Math.max(r.w * factor, minSidePx);
  const h = Math.max(r.h * factor, minSidePx);
  const cx = r.x + r.w / 2;
  const cy = r.y + r.h / 2;
  return clampRectToImage({ x: cx - w / 2, y: cy - h / 2, w, h }, image);
}

/**
 * Rounds the edges of `r` to 1/100 px and derives the size from the rounded edges, so float noise from screen
 * conversions (120.0000016…) never reaches the project, and an edge on the image border stays on it.
 * Example: { x: 120.0000016, y: 59.9999966, w: 60.0000049, h: 60.0000049 } → { x: 120, y: 60, w: 60, h: 60 }.
 */
export function roundRect(r: BoxPx): BoxPx {
  const round = (v: number): number => Math.round(v * 100) / 100;
  const x1 = round(r.x);
  const y1 = round(r.y);
  return { x: x1, y: y1, w: round(round(r.x + r.w) - x1), h: round(round(r.y + r.h) - y1) };
}

/** Whether point p lies in r, edges included, with `slack` extra on every side. */
export function rectContains(r: BoxPx, p: { x: number; y: number }, slack = 0): boolean {
  return p.x >= r.x - slack && p.x <= r.x + r.w + slack && p.y >= r.y - slack && p.y <= r.y + r.h + slack;
}

/** v limited to [lo, hi]. */
export function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}
