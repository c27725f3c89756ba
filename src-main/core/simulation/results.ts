/**
 * A simulation's results from its runs (one per strategy × seed): per strategy the mean learning curve, the area
 * under it, "labels needed to reach random's final mAP50-95" as a ratio to random's, and what annotators paid.
 * Pure: the runner collects the rounds, this shapes them; `results.json` is exactly `SimulationResults`.
 */
import { addActions, annotatorSeconds, DEFAULT_ACTION_COSTS, type ActionCosts, type ReviewActions } from "./cost";
import type { SimulationRound, SimulationRun, SimulationStrategySummary, SimulationSummary } from "../../../src-preload/api";
import { areaUnderCurve, labelsToMatchRandom, meanAndSpread, meanCurve, type XY } from "./curves";

/** One point of a run's learning curve (the contract's `SimulationRound`). */
export type RoundPoint = SimulationRound;
export type RunResult = SimulationRun;

type CurveMetric = "mAP50_95" | "mAP50" | "f1";
type CurveAxis = "labels" | "images" | "annotatorSeconds";

export type StrategySummary = SimulationStrategySummary;
export type { SimulationSummary };

const curveOf = (rounds: readonly RoundPoint[], axis: CurveAxis, metric: CurveMetric): XY[] => rounds.map((r) => ({ x: r[axis], y: r[metric] }));

/**
 * Summarises finished runs. Failed or pending runs are left out of every figure (their count shows in `seeds`).
 * @example summarizeSimulation([{ strategy: "random", seed: 0, status: "done", error: null, rounds }]).strategies[0].auc
 */
export function summarizeSimulation(runs: readonly RunResult[]): SimulationSummary {
  const done = runs.filter((r) => r.status === "done" && r.rounds.length > 0);
  const first = (r: RunResult, axis: CurveAxis): number => r.rounds[0]?.[axis] ?? 0;
  const last = (r: RunResult, axis: CurveAxis): number => r.rounds[r.rounds.length - 1]?.[axis] ?? 0;
  const span = (axis: CurveAxis): [number, number] =>
    done.length === 0 ? [0, 0] : [Math.max(...done.map((r) => first(r, axis))), Math.min(...done.map((r) => last(r, axis)))];
  const range = { labels: span("labels"), images: span("images") };
  const names = [...new Set(runs.map((r) => r.strategy))];
  const randomRuns = done.filter((r) => r.strategy === "random");
  const randomMean = meanCurve(randomRuns.map((r) => curveOf(r.rounds, "labels", "mAP50_95")));
  const strategies = names.map((strategy): StrategySummary => {
    const mine = done.filter((r) => r.strategy === strategy);
    const rounds = Math.max(0, ...mine.map((r) => r.rounds.length));
    const curve = Array.from({ length: rounds }, (_, k) => {
      const at = mine.flatMap((r) => (r.rounds[k] ? [r.rounds[k] as RoundPoint] : []));
      const m = (f: (p: RoundPoint) => number) => meanAndSpread(at.map(f));
      return {
        round: k,
        labels: m((p) => p.labels).mean,
        images: m((p) => p.images).mean,
        annotatorSeconds: m((p) => p.annotatorSeconds).mean,
        mAP50_95: m((p) => p.mAP50_95).mean,
        mAP50_95Std: m((p) => p.mAP50_95).std,
        mAP50: m((p) => p.mAP50).mean,
        mAP50Std: m((p) => p.mAP50).std,
        f1: m((p) => p.f1).mean,
        f1Std: m((p) => p.f1).std,
      };
    });
    const aucOn = (axis: "labels" | "images") =>
      meanAndSpread(mine.map((r) => areaUnderCurve(curveOf(r.rounds, axis, "mAP50_95"), range[axis][0], range[axis][1])));
    const lastOf = (f: (p: RoundPoint) => number) => meanAndSpread(mine.map((r) => f(r.rounds[r.rounds.length - 1] as RoundPoint)));
    let match: StrategySummary["labelsToMatchRandom"] = null;
    if (strategy !== "random" && randomRuns.length > 0) {
      const perSeed = mine.map((r) => {
        const paired = randomRuns.find((x) => x.seed === r.seed);
        const reference = paired ? curveOf(paired.rounds, "labels", "mAP50_95") : randomMean;
        return labelsToMatchRandom(curveOf(r.rounds, "labels", "mAP50_95"), reference).ratio;
      });
      match = { perSeed, ratio: meanAndSpread(perSeed), reachedIn: perSeed.filter((x) => x !== null).length };
    }
    return {
      strategy,
      seeds: mine.map((r) => r.seed),
      curve,
      auc: { labels: aucOn("labels"), images: aucOn("images") },
      final: {
        mAP50_95: lastOf((p) => p.mAP50_95),
        mAP50: lastOf((p) => p.mAP50),
        f1: lastOf((p) => p.f1),
        labels: lastOf((p) => p.labels),
        annotatorSeconds: lastOf((p) => p.annotatorSeconds),
      },
      labelsToMatchRandom: match,
      cost: { drawn: lastOf((p) => p.drawn), verified: lastOf((p) => p.verified), rejected: lastOf((p) => p.rejected), corrected: lastOf((p) => p.corrected) },
    };
  });
  let best: SimulationSummary["best"] = null;
  for (const s of strategies) {
    const r = s.labelsToMatchRandom;
    // only a strategy that reached random's final value with every seed can be called better than random
    if (r === null || r.reachedIn !== r.perSeed.length || r.reachedIn === 0) continue;
    if (best === null || r.ratio.mean < best.ratio) best = { strategy: s.strategy, ratio: r.ratio.mean };
  }
  return { range, strategies, best };
}

/**
 * Cumulative round points from per-round deltas (what the runner measures) and the costs.
 * @example accumulateRounds(start, [{ labels: 10, images: 2, drawn: 6, verified: 4, rejected: 1, corrected: 0, mAP50_95: 0.3, mAP50: 0.5, f1: 0.4 }])
 */
export function accumulateRounds(
  start: { labels: number; images: number; mAP50_95: number; mAP50: number; f1: number },
  rounds: readonly (ReviewActions & { mAP50_95: number; mAP50: number; f1: number })[],
  costs: ActionCosts = DEFAULT_ACTION_COSTS,
): RoundPoint[] {
  const out: RoundPoint[] = [{ round: 0, labels: start.labels, images: start.images, drawn: 0, verified: 0, rejected: 0, corrected: 0, annotatorSeconds: 0, mAP50_95: start.mAP50_95, mAP50: start.mAP50, f1: start.f1 }];
  rounds.forEach((d, k) => {
    const prev = out[out.length - 1] as RoundPoint;
    const { labels, images, drawn, verified, rejected, corrected } = addActions(prev, d);
    out.push({
      round: k + 1,
      labels,
      images,
      drawn,
      verified,
      rejected,
      corrected,
      annotatorSeconds: prev.annotatorSeconds + annotatorSeconds(d, costs),
      mAP50_95: d.mAP50_95,
      mAP50: d.mAP50,
      f1: d.f1,
    });
  });
  return out;
}
