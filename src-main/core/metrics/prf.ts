/**
 * Precision, recall and F1 per class and overall, at a given confidence and at the F1-optimal confidence.
 *
 * Predictions are matched once per image at the IoU threshold (`core/match/greedy`, score order, same class); a
 * prediction scored ≥ the confidence counts as TP when matched, FP otherwise; FN = GT − TP. Conventions (all
 * values 0..1): precision = TP / (TP + FP), 0 when nothing is predicted; recall = TP / GT, 0 when there is no GT;
 * F1 = 2PR / (P + R), 0 when both are 0. "Overall" pools TP, FP and FN of all classes (micro average) and its
 * optimal confidence is one shared threshold; `macro` gives the plain means over classes with GT.
 */
import { matchImage } from "../match/greedy";
import type { EvalImage } from "../match/types";

/** Every prediction's outcome for one class, ranked by descending score. */
export interface ClassOutcomes {
  classId: number;
  gtCount: number;
  /** Scores, descending. */
  scores: Float64Array;
  /** 1 where the prediction at that rank is a true positive. */
  isTp: Uint8Array;
}

export interface PrfPoint {
  /** Confidence threshold 0..1 (predictions with score ≥ it count). */
  confidence: number;
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

export interface ClassPrf {
  classId: number;
  gtCount: number;
  atConfidence: PrfPoint;
  atOptimal: PrfPoint;
}

export interface PrfReport {
  iouThreshold: number;
  perClass: ClassPrf[];
  /** Micro average (pooled counts) at the given confidence and at the shared F1-optimal confidence. */
  overall: { atConfidence: PrfPoint; atOptimal: PrfPoint };
  /** Means over classes with GT of the per-class values at the given confidence (0 when no class has GT). */
  macro: { precision: number; recall: number; f1: number };
}

/**
 * Matches every image and collects, per class, each prediction's score and TP flag plus the GT count.
 * @example collectOutcomes([{ imageId: 1, gts: [], preds: [] }]) // []
 */
export function collectOutcomes(images: readonly EvalImage[], iouThreshold = 0.5): ClassOutcomes[] {
  const acc = new Map<number, { gt: number; scores: number[]; tp: number[] }>();
  const get = (classId: number) => {
    let e = acc.get(classId);
    if (e === undefined) {
      e = { gt: 0, scores: [], tp: [] };
      acc.set(classId, e);
    }
    return e;
  };
  for (const img of images) {
    const m = matchImage(img.gts, img.preds, { iouThreshold });
    for (const gt of img.gts) get(gt.classId).gt++;
    img.preds.forEach((p, i) => {
      const e = get(p.classId);
      e.scores.push(p.score);
      e.tp.push((m.predToGt[i] ?? -1) >= 0 ? 1 : 0);
    });
  }
  return [...acc.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([classId, e]) => rankOutcomes(classId, e.gt, e.scores, e.tp));
}

function rankOutcomes(classId: number, gtCount: number, scores: number[], tp: number[]): ClassOutcomes {
  const idx = scores.map((_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
  return {
    classId,
    gtCount,
    scores: Float64Array.from(idx, (i) => scores[i] ?? 0),
    isTp: Uint8Array.from(idx, (i) => tp[i] ?? 0),
  };
}

/**
 * P/R/F1 from counts (see module conventions).
 * @example prfFromCounts(0.5, 3, 1, 2) // { confidence: 0.5, precision: 0.75, recall: 0.6, f1: 0.666…, tp: 3, fp: 1, fn: 2 }
 */
export function prfFromCounts(confidence: number, tp: number, fp: number, fn: number): PrfPoint {
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { confidence, precision, recall, f1, tp, fp, fn };
}

/**
 * P/R/F1 of one or more classes pooled, counting predictions with score ≥ `confidence` (0..1).
 * @example prfAtConfidence(outcomes, 0.25).f1
 */
export function prfAtConfidence(outcomes: readonly ClassOutcomes[], confidence: number): PrfPoint {
  let tp = 0;
  let fp = 0;
  let gt = 0;
  for (const o of outcomes) {
    gt += o.gtCount;
    for (let i = 0; i < o.scores.length && (o.scores[i] ?? 0) >= confidence; i++) {
      if (o.isTp[i] === 1) tp++;
      else fp++;
    }
  }
  return prfFromCounts(confidence, tp, fp, gt - tp);
}

/**
 * The confidence that maximises F1 of the pooled classes, scanning every distinct score (ties enter together);
 * among equal F1 the highest confidence wins. With no prediction: confidence 1 and zeros.
 * @example f1OptimalPoint(outcomes).confidence // e.g. 0.41
 */
export function f1OptimalPoint(outcomes: readonly ClassOutcomes[]): PrfPoint {
  const merged = rankOutcomes(
    -1,
    0,
    outcomes.flatMap((o) => Array.from(o.scores)),
    outcomes.flatMap((o) => Array.from(o.isTp)),
  );
  const gt = outcomes.reduce((s, o) => s + o.gtCount, 0);
  let best = prfFromCounts(1, 0, 0, gt);
  let tp = 0;
  let fp = 0;
  const n = merged.scores.length;
  for (let i = 0; i < n; i++) {
    if (merged.isTp[i] === 1) tp++;
    else fp++;
    const s = merged.scores[i] ?? 0;
    if (i + 1 < n && merged.scores[i + 1] === s) continue;
    const f1 = prfFromCounts(s, tp, fp, gt - tp);
    if (f1.f1 > best.f1) best = f1;
  }
  return best;
}

/**
 * P/R/F1 per class and overall at `confidence` (default 0.25) and at the F1-optimal confidence, matching at
 * `iouThreshold` (default 0.5). Classes listed in `classIds` appear even without GT or predictions.
 * @example computePrf(images, { confidence: 0.25 }).overall.atOptimal.f1
 */
export function computePrf(
  images: readonly EvalImage[],
  options: { iouThreshold?: number; confidence?: number; classIds?: readonly number[] } = {},
): PrfReport {
  const iouThreshold = options.iouThreshold ?? 0.5;
  const confidence = options.confidence ?? 0.25;
  const outcomes = collectOutcomes(images, iouThreshold);
  for (const classId of options.classIds ?? []) {
    if (!outcomes.some((o) => o.classId === classId)) {
      outcomes.push({ classId, gtCount: 0, scores: new Float64Array(0), isTp: new Uint8Array(0) });
    }
  }
  outcomes.sort((a, b) => a.classId - b.classId);
  const perClass = outcomes.map((o) => ({
    classId: o.classId,
    gtCount: o.gtCount,
    atConfidence: prfAtConfidence([o], confidence),
    atOptimal: f1OptimalPoint([o]),
  }));
  const withGt = perClass.filter((c) => c.gtCount > 0);
  const mean = (f: (c: ClassPrf) => number): number =>
    withGt.length === 0 ? 0 : withGt.reduce((s, c) => s + f(c), 0) / withGt.length;
  return {
    iouThreshold,
    perClass,
    overall: { atConfidence: prfAtConfidence(outcomes, confidence), atOptimal: f1OptimalPoint(outcomes) },
    macro: {
      precision: mean((c) => c.atConfidence.precision),
      recall: mean((c) => c.atConfidence.recall),
      f1: mean((c) => c.atConfidence.f1),
    },
  };
}
