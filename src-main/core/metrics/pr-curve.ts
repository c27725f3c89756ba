/**
 * Per-class precision–recall curves at the 101 COCO recall points, read from a COCO evaluation (area "all",
 * maxDets 100), so the curves are exactly the ones AP averages: precision is the interpolated (non-increasing)
 * precision at each recall point, 0 beyond the highest recall reached.
 */
import { precisionIndex, type CocoEvalResult } from "./coco-accumulate";
import { COCO_IOU_THRESHOLDS, COCO_RECALL_THRESHOLDS } from "./coco-params";

export interface PrCurve {
  categoryId: number;
  /** IoU threshold 0.5..0.95 the curve was taken at. */
  iouThreshold: number;
  /** The 101 recall points 0, 0.01, …, 1. */
  recall: number[];
  /** Interpolated precision 0..1 at each recall point. */
  precision: number[];
  /** Confidence of the detection that sets each point (0 beyond the highest recall). */
  score: number[];
}

/**
 * One curve per category with ground truth, at one of the ten COCO IoU thresholds (default 0.5).
 * @example prCurvesFromCoco(evaluateCoco(input))[0].precision[50] // precision at recall 0.5
 */
export function prCurvesFromCoco(result: CocoEvalResult, iouThreshold = 0.5): PrCurve[] {
  const t = COCO_IOU_THRESHOLDS.findIndex((v) => Math.abs(v - iouThreshold) < 1e-9);
  if (t < 0) throw new RangeError(`IoU threshold ${iouThreshold} is not one of COCO's .50:.05:.95`);
  const acc = result.accumulation;
  const curves: PrCurve[] = [];
  result.categoryIds.forEach((categoryId, k) => {
    const first = acc.precision[precisionIndex(acc, t, 0, k, 0, 2)] ?? -1;
    if (first <= -1) return;
    const precision: number[] = [];
    const score: number[] = [];
    for (let r = 0; r < COCO_RECALL_THRESHOLDS.length; r++) {
      precision.push(acc.precision[precisionIndex(acc, t, r, k, 0, 2)] ?? 0);
      score.push(acc.scores[precisionIndex(acc, t, r, k, 0, 2)] ?? 0);
    }
    curves.push({ categoryId, iouThreshold: COCO_IOU_THRESHOLDS[t] ?? iouThreshold, recall: [...COCO_RECALL_THRESHOLDS], precision, score });
  });
  return curves;
}

/**
 * Interpolated precision of a curve at a recall level 0..1 (the first curve point at or above it; 0 when the
 * curve never gets there).
 * @example precisionAtRecall(curve, 0.8) // e.g. 0.91
 */
export function precisionAtRecall(curve: PrCurve, recall: number): number {
  const i = curve.recall.findIndex((r) => r >= recall - 1e-12);
  return i < 0 ? 0 : (curve.precision[i] ?? 0);
}

/**
 * Mean over curves of `precisionAtRecall`; 0 with no curve.
 * @example meanPrecisionAtRecall(prCurvesFromCoco(result), 0.8)
 */
export function meanPrecisionAtRecall(curves: readonly PrCurve[], recall: number): number {
  if (curves.length === 0) return 0;
  return curves.reduce((s, c) => s + precisionAtRecall(c, recall), 0) / curves.length;
}
