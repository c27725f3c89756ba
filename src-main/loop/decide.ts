import type { FiredRuleInfo, LoopConfig, LoopDecisionInfo } from "../../src-preload/api";
import { compareModels, nameOf, type ComparisonMetric, type ModelMetrics } from "../core/convergence/compare";
import { decideConvergence } from "../core/convergence/rules";

/**
 * The decide step, pure: promote the candidate only if it beats the best by the margin on the comparison metric,
 * then apply the four convergence rules to the history of the best model's validation F1 (plus the candidate's
 * train−val gap), and stop with "pool exhausted" when the pool had nothing left to choose.
 */
export interface DecideInput {
  iteration: number;
  /** The candidate's validation metrics (null: nothing was trained, e.g. a failed dry run). */
  candidate: (ModelMetrics & { trainF1: number | null }) | null;
  /** The current best's validation metrics (null: no model yet). */
  best: ModelMetrics | null;
  /** Validation F1 of the best model after each earlier decided iteration ≥ 1, oldest first. */
  history: readonly { iteration: number; valF1: number }[];
  poolExhausted: boolean;
  dryRun: boolean;
  config: Pick<LoopConfig, "compare" | "convergence">;
}

export function comparisonMetric(compare: LoopConfig["compare"]): ComparisonMetric {
  switch (compare.metric) {
    case "mAP50-95":
      return { kind: "mAP50-95" };
    case "mAP50":
      return { kind: "mAP50" };
    case "F1":
      return { kind: "F1" };
    case "PR-AUC":
      return { kind: "PR-AUC", iou: compare.iou };
  }
}

/**
 * @example decideIteration({ iteration: 1, candidate: { modelId: "b", map50_95: 0.43, map50: 0.6, f1: 0.7, trainF1: 0.72 },
 *   best: { modelId: "a", map50_95: 0.41, map50: 0.6, f1: 0.7 }, history: [], poolExhausted: false, dryRun: false, config })
 * // { promoted: true, bestModelId: "b", stop: false, … }
 */
export function decideIteration(input: DecideInput): LoopDecisionInfo {
  const { compare, convergence } = input.config;
  const metric = comparisonMetric(compare);
  const reasons: string[] = [];
  let promoted = false;
  let candidateValue: number | null = null;
  let bestValue: number | null = null;
  let metricName = compare.metric as string;
  if (input.candidate) {
    const promotion = compareModels(input.candidate, input.best, { metric, minMargin: compare.minMargin });
    metricName = promotion.metric;
    candidateValue = promotion.candidateValue;
    bestValue = promotion.bestValue;
    promoted = promotion.promote && !(input.dryRun && input.best !== null && input.best.modelId === input.candidate.modelId);
    reasons.push(input.dryRun && input.best?.modelId === input.candidate.modelId ? `dry run: ${nameOf(input.candidate)} is the current model, reused as the candidate; kept` : `${promoted ? "promoted" : "kept"}: ${promotion.reason}`);
  } else {
    reasons.push("no candidate was trained; the best model stays");
  }
  const bestAfter = promoted && input.candidate ? input.candidate : input.best;
  const fired: FiredRuleInfo[] = [];
  if (input.iteration >= 1 && bestAfter) {
    const history = [...input.history.filter((h) => h.iteration < input.iteration), { iteration: input.iteration, valF1: bestAfter.f1 }];
    const c = decideConvergence(
      history.map((h, i) => ({ ...h, iteration: i + 1 })),
      {
        targetF1: convergence.targetF1,
        plateauMinGainPts: convergence.plateauMinGainPts,
        plateauWindow: convergence.plateauWindow,
        overfitGapPts: convergence.overfitGapPts,
        maxIterations: convergence.maxIterations,
      },
    );
    for (const f of c.fired) fired.push({ rule: f.rule, message: f.message });
    // The overfitting gap is the candidate's own (train F1 − val F1 of the model just trained), even when it is kept.
    const cand = input.candidate;
    if (cand && cand.trainF1 !== null && !input.dryRun) {
      const gap = (cand.trainF1 - cand.f1) * 100;
      if (gap > convergence.overfitGapPts) {
        const at = fired.findIndex((f) => f.rule === "max_iterations");
        const rule: FiredRuleInfo = {
          rule: "overfitting",
          message: `overfitting: train F1 ${cand.trainF1.toFixed(3)} − val F1 ${cand.f1.toFixed(3)} = ${gap.toFixed(1)} points (> ${convergence.overfitGapPts})`,
        };
        if (at < 0) fired.push(rule);
        else fired.splice(at, 0, rule);
      }
    }
    reasons.push(fired.length > 0 ? `stop: ${fired.map((f) => f.message).join("; ")}` : c.summary);
  } else if (input.iteration === 0) {
    reasons.push(bestAfter ? `baseline: ${nameOf(bestAfter)} with val F1 ${bestAfter.f1.toFixed(3)}` : "baseline: no model");
  }
  if (input.poolExhausted) fired.push({ rule: "pool_exhausted", message: "pool exhausted: every pool image is labeled (or a copy of a labelled one); the last round trained on everything" });
  return {
    iteration: input.iteration,
    promoted,
    candidateModelId: input.candidate?.modelId ?? null,
    bestModelId: bestAfter?.modelId ?? null,
    metric: metricName,
    candidateValue,
    bestValue,
    minMargin: compare.minMargin,
    reasons,
    stop: fired.length > 0,
    firedRules: fired,
    dryRun: input.dryRun,
  };
}
