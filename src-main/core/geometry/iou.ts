/**
 * Intersection over union of axis-aligned boxes. The scalar kernels take plain numbers so hot loops (matching,
 * NMS) allocate nothing. `iouXywh` reproduces pycocotools' `bbIou` (common/maskApi.c) operation by operation,
 * so results are the same doubles, which matters when an IoU lands exactly on a threshold.
 */
import type { Box } from "./box";

/**
 * IoU of two `[x, y, w, h]` boxes in continuous pixels (no +1), exactly as pycocotools computes it. With
 * `isCrowd` the second box is a crowd region and the union is the first box's area (intersection over
 * detection area). Range 0..1; 0 when the boxes do not overlap with positive width and height.
 * @example iouXywh(0, 0, 10, 10, 5, 0, 10, 10) // 50 / 150 = 0.3333…
 */
export function iouXywh(
  dx: number,
  dy: number,
  dw: number,
  dh: number,
  gx: number,
  gy: number,
  gw: number,
  gh: number,
  isCrowd = false,
): number {
  // Same order of operations as maskApi.c bbIou: w = min(D2+D0, G2+G0) - max(D0, G0).
  const w = Math.min(dw + dx, gw + gx) - Math.max(dx, gx);
  if (!(w > 0)) return 0;
  const h = Math.min(dh + dy, gh + gy) - Math.max(dy, gy);
  if (!(h > 0)) return 0;
  const inter = w * h;
  const da = dw * dh;
  const union = isCrowd ? da : da + gw * gh - inter;
  return inter / union;
}

/**
 * IoU of two corner boxes `[x1, y1, x2, y2]` in continuous pixels (the layout NMS works in). Range 0..1.
 * @example iouXyxy(0, 0, 10, 10, 5, 0, 15, 10) // 0.3333…
 */
export function iouXyxy(
  ax1: number,
  ay1: number,
  ax2: number,
  ay2: number,
  bx1: number,
  by1: number,
  bx2: number,
  by2: number,
): number {
  const w = Math.min(ax2, bx2) - Math.max(ax1, bx1);
  if (!(w > 0)) return 0;
  const h = Math.min(ay2, by2) - Math.max(ay1, by1);
  if (!(h > 0)) return 0;
  const inter = w * h;
  return inter / ((ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter);
}

/**
 * IoU of two boxes (continuous pixels, COCO convention). Range 0..1.
 * @example boxIou({ x: 0, y: 0, w: 10, h: 10 }, { x: 0, y: 0, w: 10, h: 5 }) // 0.5
 */
export function boxIou(a: Box, b: Box): number {
  return iouXywh(a.x, a.y, a.w, a.h, b.x, b.y, b.w, b.h);
}

/**
 * Overlap of a detection with a crowd (ignore) region: intersection / detection area, as pycocotools.
 * Range 0..1 (1 when the detection lies inside the region).
 * @example crowdOverlap({ x: 0, y: 0, w: 10, h: 10 }, { x: 0, y: 0, w: 100, h: 100 }) // 1
 */
export function crowdOverlap(det: Box, crowd: Box): number {
  return iouXywh(det.x, det.y, det.w, det.h, crowd.x, crowd.y, crowd.w, crowd.h, true);
}

/**
 * IoU with the legacy Pascal VOC devkit's +1 pixel convention: corners are inclusive integer pixel indices,
 * so a box `[x, y, w, h]` spans x..x+w and its width is w + 1. Used only to reproduce VOC-devkit numbers.
 * @example vocIou({ x: 0, y: 0, w: 9, h: 9 }, { x: 0, y: 0, w: 9, h: 4 }) // 50 / 100 = 0.5
 */
export function vocIou(a: Box, b: Box): number {
  const ax2 = a.x + a.w;
  const ay2 = a.y + a.h;
  const bx2 = b.x + b.w;
  const by2 = b.y + b.h;
  // The devkit counts boxes that touch (x2 == x1 of the other) as overlapping by one pixel column.
  const iw = Math.min(ax2, bx2) - Math.max(a.x, b.x);
  if (!(iw >= 0)) return 0;
  const ih = Math.min(ay2, by2) - Math.max(a.y, b.y);
  if (!(ih >= 0)) return 0;
  const inter = (iw + 1) * (ih + 1);
  return inter / ((a.w + 1) * (a.h + 1) + (b.w + 1) * (b.h + 1) - inter);
}

/**
 * IoU of every detection with every ground-truth box, row-major `[d * gts.length + g]`. `isCrowd[g]` marks
 * crowd regions (intersection over detection area). Values 0..1.
 * @example iouMatrix([{ x: 0, y: 0, w: 10, h: 10 }], [{ x: 0, y: 0, w: 10, h: 10 }])[0] // 1
 */
export function iouMatrix(dets: readonly Box[], gts: readonly Box[], isCrowd?: readonly boolean[]): Float64Array {
  const out = new Float64Array(dets.length * gts.length);
  for (let d = 0; d < dets.length; d++) {
    const a = dets[d] as Box;
    for (let g = 0; g < gts.length; g++) {
      const b = gts[g] as Box;
      out[d * gts.length + g] = iouXywh(a.x, a.y, a.w, a.h, b.x, b.y, b.w, b.h, isCrowd?.[g] === true);
    }
  }
  return out;
}
