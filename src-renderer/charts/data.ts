/**
 * Chart data shaping: stored iterations, evaluations and training progress in, the plain rows the Recharts
 * components draw out. Pure (no React, no window, no API); every function is unit-tested with hand-checked numbers.
 * Metrics are fractions 0..1 throughout; the components format them.
 */
import type { EvaluationDetail, EvaluationSummary, IterationInfo, IterationMetrics, TrainingProgressInfo } from "../../src-preload/api";

/** What became of an iteration's model: the baseline, promoted over the best, kept as a candidate, or not decided yet. */
export type PointDecision = "baseline" | "promoted" | "kept" | "pending";

export interface LearningPoint {
  iteration: number;
  /** Labels (boxes) in the project when the iteration's model was trained: the x axis. */
  labelsSpent: number;
  imagesLabeled: number;
  mAP50_95: number;
  mAP50: number;
  f1: number;
  decision: PointDecision;
  dryRun: boolean;
}

/**
 * One point per iteration with stored metrics, in iteration order.
 * @example learningCurve([{ number: 1, metrics: { labelsSpent: 40, f1: 0.5, … }, decision: { promoted: true, … } }])
 *   // [{ iteration: 1, labelsSpent: 40, f1: 0.5, decision: "promoted", … }]
 */
export function learningCurve(iterations: readonly IterationInfo[]): LearningPoint[] {
  return measured(iterations).map((it) => {
    const m = it.metrics;
    const decision: PointDecision = it.number === 0 ? "baseline" : it.decision === null ? "pending" : it.decision.promoted ? "promoted" : "kept";
    return { iteration: it.number, labelsSpent: m.labelsSpent, imagesLabeled: m.imagesLabeled, mAP50_95: m.mAP50_95, mAP50: m.mAP50, f1: m.f1, decision, dryRun: it.dryRun };
  });
}

/** The iterations with stored metrics, in iteration order: the points of every per-iteration chart. */
function measured(iterations: readonly IterationInfo[]): (IterationInfo & { metrics: IterationMetrics })[] {
  return iterations.filter((it): it is IterationInfo & { metrics: IterationMetrics } => it.metrics !== null).sort((a, b) => a.number - b.number);
}

export interface TrendRow {
  iteration: number;
  precision: number;
  recall: number;
  f1: number;
  mAP50_95: number;
  mAP50: number;
  /** Train F1 minus val F1 (the overfitting gap), when train F1 was measured. */
  overfitGap: number | null;
}

/** Per-iteration metric trends, in iteration order. */
export function metricTrends(iterations: readonly IterationInfo[]): TrendRow[] {
  return measured(iterations).map(({ number, metrics: m }) => ({
    iteration: number,
    precision: m.precision,
    recall: m.recall,
    f1: m.f1,
    mAP50_95: m.mAP50_95,
    mAP50: m.mAP50,
    overfitGap: m.trainF1 === null ? null : m.trainF1 - m.f1,
  }));
}

/**
 * The evaluation that stands for an iteration: of its candidate (else its best model) on `split`, newest first.
 * `evaluations` may hold any mix; null when none matches.
 */
export function iterationEvaluation<E extends Pick<EvaluationSummary, "modelId" | "split" | "iteration" | "createdAt" | "id">>(
  it: Pick<IterationInfo, "number" | "candidateModelId" | "bestModelId">,
  evaluations: readonly E[],
  split = "val",
): E | null {
  const modelId = it.candidateModelId ?? it.bestModelId;
  const mine = evaluations.filter((e) => e.iteration === it.number && e.split === split && (modelId === null || e.modelId === modelId));
  mine.sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
  return mine[0] ?? null;
}

export interface CountsRow {
  iteration: number;
  labelsSpent: number;
  imagesLabeled: number;
  /** FN and FP counts by category, keyed `fn:<category>` / `fp:<category>` (0 where the evaluation has none). */
  [key: `fn:${string}` | `fp:${string}`]: number;
}

/** FN size buckets: exclusive (one per missed box), so stacked they add up to the FN total. */
const FN_SIZES = ["tiny", "small", "medium", "large"];

/**
 * Counts per iteration: labels spent, images labeled, missed boxes by size and false boxes by category (both
 * exclusive, so a stack adds up to the total; the other FN attributes — border, contrast, crowding, confusion — are
 * multi-label and left to the crop grid). Returns the rows and the keys present in any of them (so every bar series
 * exists in every row).
 */
export function countsTrend(iterations: readonly IterationInfo[], evaluations: readonly EvaluationSummary[]): { rows: CountsRow[]; keys: string[] } {
  const perIt = measured(iterations).map((it) => ({ it, ev: iterationEvaluation(it, evaluations) }));
  const keys = new Set<string>();
  for (const { ev } of perIt) {
    for (const [c, n] of Object.entries(ev?.errors.fn.byCategory ?? {})) if (n > 0 && FN_SIZES.includes(c)) keys.add(`fn:${c}`);
    for (const [c, n] of Object.entries(ev?.errors.fp.byCategory ?? {})) if (n > 0) keys.add(`fp:${c}`);
  }
  const order = (k: string) => (k.startsWith("fn:") ? FN_SIZES.indexOf(k.slice(3)) : 10);
  const sorted = [...keys].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const rows = perIt.map(({ it, ev }) => {
    const row: CountsRow = { iteration: it.number, labelsSpent: it.metrics.labelsSpent, imagesLabeled: it.metrics.imagesLabeled };
    for (const k of sorted) {
      const [kind, cat] = k.split(":") as ["fn" | "fp", string];
      row[k as `fn:${string}`] = ev?.errors[kind].byCategory[cat] ?? 0;
    }
    return row;
  });
  return { rows, keys: sorted };
}

export interface EpochPoint {
  epoch: number;
  loss: number | null;
  /** Numeric validation metrics the trainer reported for the epoch (mAP50, box_loss, …). */
  [metric: string]: number | null;
}

/**
 * Adds a training progress event to the per-epoch series: a finished epoch appends a point (or replaces the point of
 * the same epoch); progress within an epoch changes nothing. Returns a new array only when it changed.
 * @example appendEpoch([], { epochsDone: 1, loss: 2.5, metrics: { mAP50: 0.1 } }) // [{ epoch: 1, loss: 2.5, mAP50: 0.1 }]
 */
export function appendEpoch(points: readonly EpochPoint[], p: Pick<TrainingProgressInfo, "epochsDone" | "loss" | "metrics">): readonly EpochPoint[] {
  if (p.epochsDone < 1) return points;
  const last = points[points.length - 1];
  if (last && last.epoch > p.epochsDone) return [pointOf(p)]; // a new run started
  const point = pointOf(p);
  if (last && last.epoch === p.epochsDone) {
    const same = Object.keys(point).every((k) => last[k] === point[k]) && Object.keys(last).length === Object.keys(point).length;
    return same ? points : [...points.slice(0, -1), point];
  }
  return [...points, point];
}

function pointOf(p: Pick<TrainingProgressInfo, "epochsDone" | "loss" | "metrics">): EpochPoint {
  const point: EpochPoint = { epoch: p.epochsDone, loss: p.loss };
  for (const [k, v] of Object.entries(p.metrics)) if (typeof v === "number" && Number.isFinite(v) && k !== "epoch") point[k] = v;
  return point;
}

/** The series an epoch chart draws: every key but `epoch`, losses first. */
export function epochSeries(points: readonly EpochPoint[]): { losses: string[]; metrics: string[] } {
  const keys = new Set<string>();
  for (const p of points) for (const [k, v] of Object.entries(p)) if (k !== "epoch" && v !== null) keys.add(k);
  const all = [...keys].sort();
  const isLoss = (k: string) => /loss/i.test(k);
  return { losses: all.filter(isLoss), metrics: all.filter((k) => !isLoss(k)) };
}

export type PrIou = "0.5" | "0.5:0.95";

/**
 * PR curve rows for Recharts: one row per recall point, one key per class id (`c<id>`) with its precision. A class
 * whose curve is missing (no ground truth) gets no key. Points after the class's highest recall (precision 0 to the
 * end) are dropped, so a curve ends where its recall does.
 */
export function prCurveRows(curves: EvaluationDetail["prCurves"], iou: PrIou): { rows: Record<string, number>[]; classIds: number[] } {
  const series = iou === "0.5" ? curves.iou50 : curves.iou50to95;
  const classIds = series.map((s) => s.classId);
  const lastNonZero = new Map(series.map((s) => [s.classId, s.precision.findLastIndex((v) => v > 0)]));
  const rows = curves.recall.map((r, i) => {
    const row: Record<string, number> = { recall: r };
    for (const s of series) {
      const v = s.precision[i];
      if (v !== undefined && v >= 0 && i <= (lastNonZero.get(s.classId) ?? -1)) row[`c${s.classId}`] = v;
    }
    return row;
  });
  return { rows, classIds };
}

export interface ConfusionCell {
  count: number;
  /** Share of the row (the true class): 0..1, 0 for an empty row. */
  rowShare: number;
}

/**
 * The confusion matrix as labelled cells: rows are true classes then background, columns predicted classes then
 * background; `max` is the largest count off the background/background corner (for the colour scale).
 */
export function confusionTable(confusion: EvaluationDetail["confusion"], nameOf: (classId: number) => string): { labels: string[]; cells: ConfusionCell[][]; rowTotals: number[]; max: number } {
  const labels = [...confusion.classIds.map(nameOf), "background"];
  let max = 0;
  const rowTotals: number[] = [];
  const cells = confusion.counts.map((row) => {
    const total = row.reduce((s, v) => s + v, 0);
    rowTotals.push(total);
    return row.map((count) => {
      max = Math.max(max, count);
      return { count, rowShare: total > 0 ? count / total : 0 };
    });
  });
  return { labels, cells, rowTotals, max };
}

export interface CompareRow {
  metric: string;
  candidate: number | null;
  best: number | null;
  /** candidate − best, when both exist. */
  delta: number | null;
}

const COMPARED: [string, (e: EvaluationSummary) => number | undefined][] = [
  ["mAP50-95", (e) => e.coco.AP],
  ["mAP50", (e) => e.coco.AP50],
  ["precision", (e) => e.prf?.atOptimal.precision],
  ["recall", (e) => e.prf?.atOptimal.recall],
  ["F1", (e) => e.prf?.atOptimal.f1],
];

/** Candidate vs best, metric by metric (COCO stats of -1, meaning "no ground truth", count as missing). */
export function compareEvaluations(candidate: EvaluationSummary | null, best: EvaluationSummary | null): CompareRow[] {
  const read = (e: EvaluationSummary | null, f: (e: EvaluationSummary) => number | undefined) => {
    const v = e ? f(e) : undefined;
    return v === undefined || v < 0 ? null : v;
  };
  return COMPARED.map(([metric, f]) => {
    const c = read(candidate, f);
    const b = read(best, f);
    return { metric, candidate: c, best: b, delta: c !== null && b !== null ? c - b : null };
  });
}

/** A simulation's results (simulations/<id>/results.json): per strategy, one run per seed, a point per iteration. */
export interface SimulationResults {
  metric: string;
  strategies: { name: string; runs: { seed: number; points: { iteration: number; labelsSpent: number; value: number }[] }[] }[];
}

export interface BandPoint {
  iteration: number;
  /** Mean labels spent over the runs that reached this iteration: the x axis. */
  labelsSpent: number;
  mean: number;
  min: number;
  max: number;
  runs: number;
}

/**
 * Learning curve per strategy with its spread: per iteration, the mean over seeds and the min–max band.
 * @example simulationBands({ metric: "mAP50", strategies: [{ name: "random", runs: [two runs at 0.2 and 0.4] }] })
 *   // [{ name: "random", points: [{ mean: 0.3, min: 0.2, max: 0.4, runs: 2, … }] }]
 */
export function simulationBands(results: SimulationResults): { name: string; points: BandPoint[] }[] {
  return results.strategies.map((s) => {
    const byIt = new Map<number, { labels: number[]; values: number[] }>();
    for (const run of s.runs) {
      for (const p of run.points) {
        const g = byIt.get(p.iteration) ?? { labels: [], values: [] };
        g.labels.push(p.labelsSpent);
        g.values.push(p.value);
        byIt.set(p.iteration, g);
      }
    }
    const points = [...byIt.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([iteration, g]) => ({
        iteration,
        labelsSpent: g.labels.reduce((x, y) => x + y, 0) / g.labels.length,
        mean: g.values.reduce((x, y) => x + y, 0) / g.values.length,
        min: Math.min(...g.values),
        max: Math.max(...g.values),
        runs: g.values.length,
      }));
    return { name: s.name, points };
  });
}

/** "0.612" for a fraction, "—" for null or a COCO "-1" (no ground truth). */
export function formatMetric(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || v < 0 || !Number.isFinite(v) ? "—" : v.toFixed(digits);
}

/**
 * A simulation's results.json shaped for the strategies chart: per strategy, its finished runs' rounds as
 * (labels spent, mAP50-95) points. Pending or failed runs are left out.
 * @example simulationChartData({ runs: [{ strategy: "random", seed: 1, status: "done", rounds: [{ round: 0, labels: 10, mAP50_95: 0.2 }] }] })
 * // { metric: "mAP50-95", strategies: [{ name: "random", runs: [{ seed: 1, points: [{ iteration: 0, labelsSpent: 10, value: 0.2 }] }] }] }
 */
export function simulationChartData(info: { runs: readonly { strategy: string; seed: number; status: string; rounds: readonly { round: number; labels: number; mAP50_95: number }[] }[] }): SimulationResults {
  const byStrategy = new Map<string, SimulationResults["strategies"][number]>();
  for (const run of info.runs) {
    if (run.status !== "done") continue;
    const s = byStrategy.get(run.strategy) ?? { name: run.strategy, runs: [] };
    s.runs.push({ seed: run.seed, points: run.rounds.map((r) => ({ iteration: r.round, labelsSpent: r.labels, value: r.mAP50_95 })) });
    byStrategy.set(run.strategy, s);
  }
  return { metric: "mAP50-95", strategies: [...byStrategy.values()] };
}
