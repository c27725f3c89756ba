/**
 * Greedy one-to-one matching of predictions to ground truth in one image, COCO style: predictions in descending
 * score order (ties keep input order) each take the unmatched GT of the same class with the highest IoU ≥ the
 * threshold. Because higher-scored predictions never depend on lower ones, the matches of the predictions above
 * any confidence are exactly what matching only those predictions would give — P/R/F1 at every confidence come
 * from one matching.
 */
import { iouXywh } from "../geometry/iou";
import type { GtBox, PredBox } from "./types";

export interface ImageMatch {
  /** Prediction indices (into the input) in descending score order. */
  order: Int32Array;
  /** For each prediction (input index): the matched GT index, or -1. */
  predToGt: Int32Array;
  /** For each GT: the matched prediction index, or -1. */
  gtToPred: Int32Array;
  /** For each prediction: IoU with its matched GT, or its best IoU with any GT of the same class when unmatched. */
  iou: Float64Array;
}

export interface MatchOptions {
  /** IoU threshold 0..1 (a pair at exactly the threshold matches); default 0.5. */
  iouThreshold?: number;
  /** Match across classes too (class-agnostic); default false. */
  classAgnostic?: boolean;
}

/**
 * Sorts prediction indices by descending score, ties by input order.
 * @example rankByScore([{ score: 0.2 }, { score: 0.9 }]) // Int32Array [1, 0]
 */
export function rankByScore(preds: readonly { score: number }[]): Int32Array {
  const order = new Int32Array(preds.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => {
    const sa = preds[a]?.score ?? 0;
    const sb = preds[b]?.score ?? 0;
    return sa > sb ? -1 : sa < sb ? 1 : a - b;
  });
}

/**
 * Matches one image's predictions to its ground truth (see the module comment). IoUs are continuous-pixel IoU.
 * @example
 * const m = matchImage([{ box: { x: 0, y: 0, w: 10, h: 10 }, classId: 0 }],
 *   [{ box: { x: 0, y: 0, w: 10, h: 10 }, classId: 0, score: 0.9 }]);
 * m.predToGt[0]; // 0
 */
export function matchImage(gts: readonly GtBox[], preds: readonly PredBox[], options: MatchOptions = {}): ImageMatch {
  const threshold = options.iouThreshold ?? 0.5;
  const agnostic = options.classAgnostic === true;
  const order = rankByScore(preds);
  const predToGt = new Int32Array(preds.length).fill(-1);
  const gtToPred = new Int32Array(gts.length).fill(-1);
  const iou = new Float64Array(preds.length);
  for (let o = 0; o < order.length; o++) {
    const p = order[o] ?? 0;
    const pred = preds[p] as PredBox;
    let best = -1;
    let bestIou = -1;
    let anyIou = 0;
    for (let g = 0; g < gts.length; g++) {
      const gt = gts[g] as GtBox;
      if (!agnostic && gt.classId !== pred.classId) continue;
      const a = pred.box;
      const b = gt.box;
      const v = iouXywh(a.x, a.y, a.w, a.h, b.x, b.y, b.w, b.h);
      if (v > anyIou) anyIou = v;
      if (gtToPred[g] !== -1 || v < threshold || v <= bestIou) continue;
      best = g;
      bestIou = v;
    }
    if (best >= 0) {
      predToGt[p] = best;
      gtToPred[best] = p;
      iou[p] = bestIou;
    } else {
      iou[p] = anyIou;
    }
  }
  return { order, predToGt, gtToPred, iou };
}
