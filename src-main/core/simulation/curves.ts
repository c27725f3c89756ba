/**
 * Learning-curve arithmetic for simulations: the area under a curve, the labels a strategy needs to reach a target
 * (random's final mAP50-95), and the mean and spread over seeds. Curves are points (x = labels spent or images
 * labelled, y = a metric 0..1) in increasing x; between points the curve is linear.
 */
import type { SpreadInfo } from "../../../src-preload/api";

export interface XY {
  x: number;
  y: number;
}

/**
 * y at x by linear interpolation; before the first point the first y, after the last the last y (a curve that
 * stopped keeps its final value).
 * @example valueAt([{ x: 0, y: 0 }, { x: 10, y: 1 }], 4) // 0.4
 */
export function valueAt(points: readonly XY[], x: number): number {
  if (points.length === 0) return NaN;
  const first = points[0] as XY;
  if (x <= first.x) return first.y;
  for (let k = 1; k < points.length; k++) {
    const a = points[k - 1] as XY;
    const b = points[k] as XY;
    if (x <= b.x) return b.x === a.x ? b.y : a.y + ((b.y - a.y) * (x - a.x)) / (b.x - a.x);
  }
  return (points[points.length - 1] as XY).y;
}

/**
 * Normalised area under the curve over [x0, x1]: the trapezoid integral divided by (x1 − x0), i.e. the curve's mean
 * value over that range (0..1 for a metric 0..1). Comparable across strategies only over the same range.
 * @example areaUnderCurve([{ x: 0, y: 0 }, { x: 10, y: 1 }], 0, 10) // 0.5
 * @example areaUnderCurve([{ x: 0, y: 0.2 }, { x: 10, y: 0.6 }, { x: 20, y: 0.6 }], 0, 20) // 0.5
 */
export function areaUnderCurve(points: readonly XY[], x0: number, x1: number): number {
  if (points.length === 0 || !(x1 > x0)) return NaN;
  const xs = [x0, ...points.map((p) => p.x).filter((x) => x > x0 && x < x1), x1];
  let area = 0;
  for (let k = 1; k < xs.length; k++) {
    const a = xs[k - 1] as number;
    const b = xs[k] as number;
    area += ((valueAt(points, a) + valueAt(points, b)) / 2) * (b - a);
  }
  return area / (x1 - x0);
}

/**
 * The first x at which the curve reaches `target` (linear interpolation inside the segment that crosses it); null
 * when it never does. A curve that starts at or above the target reaches it at its first x.
 * @example labelsToReach([{ x: 0, y: 0.1 }, { x: 100, y: 0.5 }], 0.3) // 50
 */
export function labelsToReach(points: readonly XY[], target: number): number | null {
  if (points.length === 0) return null;
  const first = points[0] as XY;
  if (first.y >= target) return first.x;
  for (let k = 1; k < points.length; k++) {
    const a = points[k - 1] as XY;
    const b = points[k] as XY;
    if (b.y >= target) return b.y === a.y ? b.x : a.x + ((target - a.y) * (b.x - a.x)) / (b.y - a.y);
  }
  return null;
}

export interface MatchRatio {
  /** Random's final value: the target. */
  target: number;
  /** Labels random spent to first reach its final value (≤ its last x when it plateaued early). */
  randomLabels: number;
  /** Labels the strategy needed to reach it; null when it never did. */
  strategyLabels: number | null;
  /** strategyLabels / randomLabels (< 1: fewer labels than random); null when it never reached the target, or random's final value is 0. */
  ratio: number | null;
}

/**
 * "Labels needed to reach random's final value" as a ratio to random's own.
 * @example labelsToMatchRandom([{ x: 0, y: 0.1 }, { x: 50, y: 0.4 }], [{ x: 0, y: 0.1 }, { x: 100, y: 0.4 }]).ratio // 0.5
 */
export function labelsToMatchRandom(strategy: readonly XY[], random: readonly XY[]): MatchRatio {
  const target = random.length === 0 ? NaN : (random[random.length - 1] as XY).y;
  const randomLabels = labelsToReach(random, target) ?? NaN;
  const strategyLabels = labelsToReach(strategy, target);
  // a random run that learnt nothing (final value 0) sets no target worth matching
  const ratio = strategyLabels === null || !(randomLabels > 0) || !(target > 0) ? null : strategyLabels / randomLabels;
  return { target, randomLabels, strategyLabels, ratio };
}

/** Mean and spread over seeds (sample standard deviation, n − 1; 0 for one value). */
export type Spread = SpreadInfo;

/**
 * Mean and spread of values (NaN and null left out).
 * @example meanAndSpread([1, 2, 3]) // { n: 3, mean: 2, std: 1, min: 1, max: 3 }
 */
export function meanAndSpread(values: readonly (number | null)[]): Spread {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x));
  const n = v.length;
  if (n === 0) return { n: 0, mean: NaN, std: NaN, min: NaN, max: NaN };
  const mean = v.reduce((s, x) => s + x, 0) / n;
  const std = n < 2 ? 0 : Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  return { n, mean, std, min: Math.min(...v), max: Math.max(...v) };
}

/**
 * Seeds' curves averaged round by round (runs of one strategy share their rounds); a run shorter than others
 * contributes to the rounds it has.
 * @example meanCurve([[{ x: 0, y: 0 }, { x: 10, y: 0.4 }], [{ x: 0, y: 0.2 }, { x: 12, y: 0.6 }]])
 * // [{ x: 0, y: 0.1, … }, { x: 11, y: 0.5, … }]
 */
export function meanCurve(runs: readonly (readonly XY[])[]): (XY & { yStd: number; n: number })[] {
  const rounds = Math.max(0, ...runs.map((r) => r.length));
  const out: (XY & { yStd: number; n: number })[] = [];
  for (let k = 0; k < rounds; k++) {
    const here = runs.flatMap((r) => (r[k] === undefined ? [] : [r[k] as XY]));
    const xs = meanAndSpread(here.map((p) => p.x));
    const ys = meanAndSpread(here.map((p) => p.y));
    out.push({ x: xs.mean, y: ys.mean, yStd: ys.std, n: ys.n });
  }
  return out;
}
