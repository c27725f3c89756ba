/**
 * Class-wise greedy non-maximum suppression, as Ultralytics runs it (torchvision `nms` over boxes offset by class,
 * which never lets two classes suppress each other): sort by score, keep a box unless a kept box of the same class
 * overlaps it with IoU > `iouThreshold`, stop at `maxDetections`.
 */
import { iouXyxy } from "../geometry/iou";
import type { Candidates } from "./types";

export interface NmsOptions {
  /** A box is suppressed when IoU with a kept box of its class is strictly greater, 0..1 (Ultralytics: 0.7). */
  iouThreshold: number;
  /** At most this many boxes are kept (Ultralytics: 300). */
  maxDetections: number;
  /** At most this many highest-scoring candidates enter NMS (Ultralytics `max_nms`: 30000). */
  maxCandidates?: number;
  /** Ignore classes: every box competes with every other (Ultralytics `agnostic_nms`). */
  classAgnostic?: boolean;
}

export const DEFAULT_IOU_THRESHOLD = 0.7;
export const DEFAULT_MAX_DETECTIONS = 300;
export const DEFAULT_MAX_CANDIDATES = 30_000;

/**
 * Indices of the candidates NMS keeps, in descending score order. Equal scores keep their input order (a stable
 * sort), so results do not depend on the engine's sort. Empty input gives an empty array.
 * @example
 * // two boxes of class 0 with IoU 0.81 and one of class 1 on top of them:
 * nms({ count: 3, xyxy: Float64Array.of(0,0,10,10, 0,0,10,9, 0,0,10,10), scores: Float64Array.of(.9,.8,.7),
 *       classes: Int32Array.of(0,0,1) }, { iouThreshold: 0.7, maxDetections: 300 }) // → [0, 2]
 */
export function nms(c: Candidates, opts: NmsOptions): number[] {
  const order = sortedByScore(c, opts.maxCandidates ?? DEFAULT_MAX_CANDIDATES);
  const keptByClass = new Map<number, number[]>();
  const kept: number[] = [];
  const { xyxy, classes } = c;
  for (const i of order) {
    if (kept.length >= opts.maxDetections) break;
    const cls = opts.classAgnostic ? 0 : (classes[i] as number);
    let group = keptByClass.get(cls);
    if (!group) {
      group = [];
      keptByClass.set(cls, group);
    }
    const ax1 = xyxy[4 * i] as number;
    const ay1 = xyxy[4 * i + 1] as number;
    const ax2 = xyxy[4 * i + 2] as number;
    const ay2 = xyxy[4 * i + 3] as number;
    let suppressed = false;
    for (const k of group) {
      const iou = iouXyxy(ax1, ay1, ax2, ay2, xyxy[4 * k] as number, xyxy[4 * k + 1] as number, xyxy[4 * k + 2] as number, xyxy[4 * k + 3] as number);
      if (iou > opts.iouThreshold) {
        suppressed = true;
        break;
      }
    }
    if (suppressed) continue;
    group.push(i);
    kept.push(i);
  }
  return kept;
}

/** Candidate indices by descending score, ties by index; at most `limit` of them. */
function sortedByScore(c: Candidates, limit: number): number[] {
  const idx = new Array<number>(c.count);
  for (let i = 0; i < c.count; i++) idx[i] = i;
  const s = c.scores;
  idx.sort((a, b) => (s[b] as number) - (s[a] as number) || a - b);
  return idx.length > limit ? idx.slice(0, limit) : idx;
}
