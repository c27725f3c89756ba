/**
 * Whether a newly trained model replaces the best one. The comparison metric is configurable — mAP50-95
 * (default), mAP50, F1 (at the F1-optimal confidence) or precision at a recall level — and the candidate must beat
 * the best by at least `minMargin` (in metric units 0..1; default 0.005, half a point).
 */

export type ComparisonMetric =
  | { kind: "mAP50-95" }
  | { kind: "mAP50" }
  | { kind: "F1" }
  | { kind: "precision-at-recall"; recall: number }
  | { kind: "PR-AUC"; iou: number };

/** A model's validation metrics, all 0..1. */
export interface ModelMetrics {
  modelId: string;
  /** How people know the model ("iteration-002"), for reasons; the id when absent. */
  name?: string;
  map50_95: number;
  map50: number;
  f1: number;
  /** Mean interpolated precision at recall levels (from the PR curves), when computed. */
  precisionAtRecall?: readonly { recall: number; precision: number }[];
  /** Area under the PR curve (COCO's 101-point AP) at single IoU thresholds, when computed. */
  prAuc?: readonly { iou: number; value: number }[];
}

export interface PromotionDecision {
  promote: boolean;
  metric: string;
  candidateValue: number | null;
  bestValue: number | null;
  /** candidate − best, metric units; null when either is missing. */
  delta: number | null;
  reason: string;
}

/**
 * The metric's name for messages.
 * @example metricLabel({ kind: "precision-at-recall", recall: 0.9 }) // "precision@recall 0.9"
 */
export function metricLabel(metric: ComparisonMetric): string {
  if (metric.kind === "precision-at-recall") return `precision@recall ${metric.recall}`;
  if (metric.kind === "PR-AUC") return `PR-AUC@IoU ${metric.iou}`;
  return metric.kind;
}

/**
 * Reads the comparison metric from a model's metrics; null when it was not computed.
 * @example metricValue({ modelId: "m", map50_95: 0.41, map50: 0.6, f1: 0.7 }, { kind: "mAP50" }) // 0.6
 */
export function metricValue(m: ModelMetrics, metric: ComparisonMetric): number | null {
  switch (metric.kind) {
    case "mAP50-95":
      return m.map50_95;
    case "mAP50":
      return m.map50;
    case "F1":
      return m.f1;
    case "precision-at-recall": {
      const hit = m.precisionAtRecall?.find((p) => Math.abs(p.recall - metric.recall) < 1e-9);
      return hit === undefined ? null : hit.precision;
    }
    case "PR-AUC": {
      const hit = m.prAuc?.find((p) => Math.abs(p.iou - metric.iou) < 1e-9);
      return hit === undefined ? null : hit.value;
    }
  }
}

/** A model as reasons name it. */
export const nameOf = (m: Pick<ModelMetrics, "modelId" | "name">): string => m.name ?? m.modelId;

/**
 * Decides promotion: with no best model the candidate is promoted; otherwise only if candidate − best ≥ minMargin.
 * @example
 * compareModels({ modelId: "b", map50_95: 0.43, map50: 0.6, f1: 0.7 }, { modelId: "a", map50_95: 0.41, map50: 0.6, f1: 0.7 })
 * // { promote: true, reason: "b beats a on mAP50-95: 0.4300 vs 0.4100 (+0.0200 ≥ margin 0.005)", … }
 */
export function compareModels(
  candidate: ModelMetrics,
  best: ModelMetrics | null,
  options: { metric?: ComparisonMetric; minMargin?: number } = {},
): PromotionDecision {
  const metric = options.metric ?? { kind: "mAP50-95" };
  const margin = options.minMargin ?? 0.005;
  const label = metricLabel(metric);
  const cv = metricValue(candidate, metric);
  if (cv === null) {
    return { promote: false, metric: label, candidateValue: null, bestValue: null, delta: null, reason: `${nameOf(candidate)} has no ${label}; kept the current model` };
  }
  if (best === null) {
    return { promote: true, metric: label, candidateValue: cv, bestValue: null, delta: null, reason: `${nameOf(candidate)} is the first model (${label} ${cv.toFixed(4)})` };
  }
  const bv = metricValue(best, metric);
  if (bv === null) {
    return { promote: true, metric: label, candidateValue: cv, bestValue: null, delta: null, reason: `${nameOf(best)} has no ${label}; ${nameOf(candidate)} promoted (${cv.toFixed(4)})` };
  }
  const delta = cv - bv;
  const sign = delta >= 0 ? "+" : "";
  const promote = delta >= margin - 1e-12;
  const reason = promote
    ? `${nameOf(candidate)} beats ${nameOf(best)} on ${label}: ${cv.toFixed(4)} vs ${bv.toFixed(4)} (${sign}${delta.toFixed(4)} ≥ margin ${margin})`
    : `${nameOf(candidate)} does not beat ${nameOf(best)} on ${label} by the margin: ${cv.toFixed(4)} vs ${bv.toFixed(4)} (${sign}${delta.toFixed(4)} < ${margin})`;
  return { promote, metric: label, candidateValue: cv, bestValue: bv, delta, reason };
}
