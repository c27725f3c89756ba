import type { BoxPx } from "../../../src-preload/api";
import { CLIP_TOLERANCE } from "./yolo-labels";

const FLOAT_NOISE_PX = 1e-6;

export type FitResult = { ok: true; box: BoxPx; clipped: boolean } | { ok: false; problem: string };

/**
 * Checks a pixel box against the image it belongs to. A box inside is kept as it is (bit for bit); one reaching past
 * the border by at most CLIP_TOLERANCE of the image size (or 1 px) is clipped; further out is refused.
 */
export function fitBox(box: BoxPx, width: number, height: number): FitResult {
  const x2 = box.x + box.w;
  const y2 = box.y + box.h;
  // Rounding in normalised label files (6 decimals: up to 1e-6 of the size) is not a reason to change or report a box.
  const ex = Math.max(FLOAT_NOISE_PX, width * 1e-6);
  const ey = Math.max(FLOAT_NOISE_PX, height * 1e-6);
  if (box.x >= -ex && box.y >= -ey && x2 <= width + ex && y2 <= height + ey) return { ok: true, box, clipped: false };
  const tolX = Math.max(1, width * CLIP_TOLERANCE);
  const tolY = Math.max(1, height * CLIP_TOLERANCE);
  if (box.x < -tolX || box.y < -tolY || x2 > width + tolX || y2 > height + tolY) {
    return { ok: false, problem: `box (${box.x},${box.y},${box.w},${box.h}) lies outside the ${width}x${height} image` };
  }
  const nx = Math.max(0, box.x);
  const ny = Math.max(0, box.y);
  const clipped = { x: nx, y: ny, w: Math.min(width, x2) - nx, h: Math.min(height, y2) - ny };
  if (clipped.w <= 0 || clipped.h <= 0) return { ok: false, problem: `box (${box.x},${box.y},${box.w},${box.h}) has no area inside the image` };
  return { ok: true, box: clipped, clipped: true };
}
