/**
 * Baseline strategies: random, least confidence, entropy and margin. Each box gets an uncertainty 0..1 and an
 * image's score aggregates its boxes (score ≥ `minScore`) by max (default), mean, or sum divided by the pool's
 * largest sum. An image without boxes scores 0. Definitions (p = the box's confidence):
 *
 * - least confidence: 1 − p;
 * - entropy: with a class-score vector, the entropy of the vector renormalised to sum 1, divided by ln(classes);
 *   otherwise the binary entropy of p in bits, −p·log2 p − (1−p)·log2(1−p) (1 at p = 0.5);
 * - margin: 1 − (top1 − top2) of the class-score vector; otherwise with top2 = 1 − p, i.e. 1 − |2p − 1|;
 * - random: a seeded uniform number per image.
 */
import { createRng } from "../random";
import type { PoolIndex } from "./pool";
import type { Aggregation, PoolPredictions } from "./types";

export type UncertaintyKind = "least-confidence" | "entropy" | "margin";

/**
 * Binary entropy of a probability in bits, 0..1.
 * @example binaryEntropy(0.5) // 1
 */
export function binaryEntropy(p: number): number {
  if (!(p > 0) || !(p < 1)) return 0;
  return -(p * Math.log2(p) + (1 - p) * Math.log2(1 - p));
}

/**
 * Uncertainty 0..1 of box j of the pool under one of the three definitions above.
 * @example boxUncertainty(pool, 0, "least-confidence") // 1 − score of box 0
 */
export function boxUncertainty(pool: PoolPredictions, j: number, kind: UncertaintyKind): number {
  const p = pool.boxScore[j] ?? 0;
  if (kind === "least-confidence") return 1 - p;
  const cs = pool.classScores;
  if (cs === undefined || cs.classCount < 2) return kind === "entropy" ? binaryEntropy(p) : 1 - Math.abs(2 * p - 1);
  const base = j * cs.classCount;
  if (kind === "margin") {
    let top1 = 0;
    let top2 = 0;
    for (let c = 0; c < cs.classCount; c++) {
      const v = cs.values[base + c] ?? 0;
      if (v > top1) {
        top2 = top1;
        top1 = v;
      } else if (v > top2) top2 = v;
    }
    return 1 - (top1 - top2);
  }
  let sum = 0;
  for (let c = 0; c < cs.classCount; c++) sum += Math.max(0, cs.values[base + c] ?? 0);
  if (!(sum > 0)) return 0;
  let h = 0;
  for (let c = 0; c < cs.classCount; c++) {
    const q = Math.max(0, cs.values[base + c] ?? 0) / sum;
    if (q > 0) h -= q * Math.log(q);
  }
  return h / Math.log(cs.classCount);
}

/**
 * Image scores 0..1 from per-box values (indexed by box) grouped by `index`.
 * @example aggregateByImage(index, boxValues, "max")[0] // highest box value of image 0
 */
export function aggregateByImage(index: PoolIndex, boxValues: Float64Array, aggregation: Aggregation): Float64Array {
  const out = new Float64Array(index.imageCount);
  let maxSum = 0;
  for (let i = 0; i < index.imageCount; i++) {
    const a = index.start[i] ?? 0;
    const b = index.start[i + 1] ?? 0;
    let acc = 0;
    for (let o = a; o < b; o++) {
      const v = boxValues[index.order[o] ?? 0] ?? 0;
      acc = aggregation === "max" ? (v > acc ? v : acc) : acc + v;
    }
    if (aggregation === "mean" && b > a) acc /= b - a;
    out[i] = acc;
    if (acc > maxSum) maxSum = acc;
  }
  if (aggregation === "sum" && maxSum > 0) for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) / maxSum;
  return out;
}

/**
 * Static image scores of a baseline strategy (see the module comment), 0..1 per image.
 * @example baselineScores(pool, index, "entropy", "max", 42)
 */
export function baselineScores(
  pool: PoolPredictions,
  index: PoolIndex,
  strategy: UncertaintyKind | "random",
  aggregation: Aggregation,
  seed: number,
): Float64Array {
  if (strategy === "random") {
    const rng = createRng(seed ^ 0x5eed);
    return Float64Array.from({ length: index.imageCount }, () => rng.next());
  }
  const values = new Float64Array(pool.boxScore.length);
  for (let o = 0; o < index.order.length; o++) {
    const j = index.order[o] ?? 0;
    values[j] = boxUncertainty(pool, j, strategy);
  }
  return aggregateByImage(index, values, aggregation);
}
