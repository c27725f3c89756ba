/**
 * The default multi-factor hard-example score. Each factor is 0..1 per image; the score is their weighted mean
 * (weights default to class balance 0.3, size diversity 0.3, spatial diversity 0.2, uncertainty 0.2, divided by
 * their sum). Only boxes with confidence ≥ `minScore` count.
 *
 * Rarity of a thing (a class, a size bucket, a 3×3 image region) with count n is 1 / (1 + n / n̄): 1 when nothing
 * of it is labelled, 0.5 at the average count n̄ (the mean over things before this round, at least 1), → 0 when
 * common. Counts start from the label statistics and grow as this round's images are chosen (each chosen image adds
 * its predicted boxes), so a batch spreads over classes, sizes and regions instead of taking 50 images of one kind.
 *
 * - classBalance: the highest rarity among the classes predicted in the image;
 * - sizeDiversity: the highest rarity among the size buckets of its boxes (tiny < 16², small < 32², medium < 96²,
 *   large, by predicted box area in px²);
 * - spatialDiversity: the highest rarity among the 3×3 regions holding its box centres (0 without image sizes);
 * - uncertainty: binary entropy (bits) of each box's confidence, aggregated by max (default), mean or normalised sum.
 *
 * Scores only decrease as images are chosen, which makes the lazy greedy pick in `budget.ts` exact.
 */
import { aggregateByImage, binaryEntropy } from "./baselines";
import type { Scorer, ScoreGroups } from "./budget";
import { cellIndex, sizeBucketIndex, type PoolIndex } from "./pool";
import type { Aggregation, FactorName, FactorPart, FactorWeights, LabelStats, PoolPredictions } from "./types";
import { DEFAULT_FACTOR_WEIGHTS } from "./types";

export interface MultiFactorScorer extends Scorer {
  /** Images grouped by their set of classes, size buckets and regions (they share the diversity part). */
  groups: ScoreGroups;
  /** Factor values and parts of image i as they are now. */
  factorsOf(i: number): Record<FactorName, FactorPart>;
  /** Factors recorded at the moment each image was picked. */
  readonly pickedFactors: Map<number, Record<FactorName, FactorPart>>;
}

function startCounts(initial: ArrayLike<number> | undefined, length: number): { counts: Float64Array; norm: number } {
  const counts = new Float64Array(length);
  let sum = 0;
  for (let k = 0; k < length; k++) {
    counts[k] = Math.max(0, initial?.[k] ?? 0);
    sum += counts[k] ?? 0;
  }
  return { counts, norm: Math.max(1, length > 0 ? sum / length : 1) };
}

/**
 * Merges weights over the defaults and divides them by their sum (all-zero weights fall back to the defaults).
 * @example normalizeWeights({ classBalance: 0, sizeDiversity: 0, spatialDiversity: 0, uncertainty: 1 }).uncertainty // 1
 */
export function normalizeWeights(weights: Partial<FactorWeights> = {}): FactorWeights {
  const w = { ...DEFAULT_FACTOR_WEIGHTS, ...weights };
  const sum = w.classBalance + w.sizeDiversity + w.spatialDiversity + w.uncertainty;
  if (!(sum > 0)) return { ...DEFAULT_FACTOR_WEIGHTS };
  return {
    classBalance: w.classBalance / sum,
    sizeDiversity: w.sizeDiversity / sum,
    spatialDiversity: w.spatialDiversity / sum,
    uncertainty: w.uncertainty / sum,
  };
}

/**
 * Builds the multi-factor scorer over an indexed pool.
 * @example createMultiFactorScorer(pool, indexPool(pool, 0.05), { classCount: 3 }).score(0) // 0..1
 */
export function createMultiFactorScorer(
  pool: PoolPredictions,
  index: PoolIndex,
  options: { classCount: number; weights?: Partial<FactorWeights>; aggregation?: Aggregation; labelStats?: LabelStats },
): MultiFactorScorer {
  const w = normalizeWeights(options.weights);
  const nBoxes = index.order.length;
  const cls = new Int32Array(nBoxes);
  const bucket = new Uint8Array(nBoxes);
  const cell = new Int8Array(nBoxes);
  const unc = new Float64Array(pool.boxScore.length);
  for (let o = 0; o < nBoxes; o++) {
    const j = index.order[o] ?? 0;
    const i = pool.boxImage[j] ?? 0;
    const bw = pool.boxW[j] ?? 0;
    const bh = pool.boxH[j] ?? 0;
    cls[o] = Math.min(Math.max(pool.boxClass[j] ?? 0, 0), options.classCount - 1);
    bucket[o] = sizeBucketIndex(bw * bh);
    cell[o] = cellIndex(
      (pool.boxX[j] ?? 0) + bw / 2,
      (pool.boxY[j] ?? 0) + bh / 2,
      pool.imageWidthPx?.[i] ?? NaN,
      pool.imageHeightPx?.[i] ?? NaN,
    );
    unc[j] = binaryEntropy(pool.boxScore[j] ?? 0);
  }
  const uncertainty = aggregateByImage(index, unc, options.aggregation ?? "max");
  const classes = startCounts(options.labelStats?.classCounts, options.classCount);
  const sizes = startCounts(options.labelStats?.sizeCounts, 4);
  const cells = startCounts(options.labelStats?.cellCounts, 9);

  const factorValues = (i: number, out: Float64Array): void => {
    let c = 0;
    let s = 0;
    let r = 0;
    const a = index.start[i] ?? 0;
    const b = index.start[i + 1] ?? 0;
    for (let o = a; o < b; o++) {
      const rc = 1 / (1 + (classes.counts[cls[o] ?? 0] ?? 0) / classes.norm);
      if (rc > c) c = rc;
      const rs = 1 / (1 + (sizes.counts[bucket[o] ?? 0] ?? 0) / sizes.norm);
      if (rs > s) s = rs;
      const k = cell[o] ?? -1;
      if (k >= 0) {
        const rr = 1 / (1 + (cells.counts[k] ?? 0) / cells.norm);
        if (rr > r) r = rr;
      }
    }
    out[0] = c;
    out[1] = s;
    out[2] = r;
    out[3] = uncertainty[i] ?? 0;
  };
  // Group images by (classes, size buckets, regions present): the diversity part depends on nothing else.
  const groupOf = new Int32Array(index.imageCount);
  const groupClasses: Int32Array[] = [];
  const groupSizeMask: number[] = [];
  const groupCellMask: number[] = [];
  const keys = new Map<number | string, number>();
  const seenClass = new Uint8Array(options.classCount);
  const numericKeys = options.classCount <= 32;
  for (let i = 0; i < index.imageCount; i++) {
    const a = index.start[i] ?? 0;
    const b = index.start[i + 1] ?? 0;
    let sizeMask = 0;
    let cellMask = 0;
    let classMask = 0;
    const present: number[] = [];
    for (let o = a; o < b; o++) {
      const c = cls[o] ?? 0;
      if (seenClass[c] === 0) {
        seenClass[c] = 1;
        present.push(c);
        if (numericKeys) classMask += 2 ** c;
      }
      sizeMask |= 1 << (bucket[o] ?? 0);
      const k = cell[o] ?? -1;
      if (k >= 0) cellMask |= 1 << k;
    }
    for (const c of present) seenClass[c] = 0;
    const key = numericKeys
      ? classMask * 8192 + sizeMask * 512 + cellMask
      : `${present.sort((x, y) => x - y).join(",")}|${sizeMask}|${cellMask}`;
    let g = keys.get(key);
    if (g === undefined) {
      g = groupClasses.length;
      keys.set(key, g);
      groupClasses.push(Int32Array.from(present));
      groupSizeMask.push(sizeMask);
      groupCellMask.push(cellMask);
    }
    groupOf[i] = g;
  }
  const staticPart = Float64Array.from(uncertainty, (u) => w.uncertainty * u);
  // Current rarities, refreshed when a pick changes the counts.
  const rarity = (counts: Float64Array, norm: number): Float64Array => Float64Array.from(counts, (n) => 1 / (1 + n / norm));
  let classRarity = rarity(classes.counts, classes.norm);
  let sizeRarity = rarity(sizes.counts, sizes.norm);
  let cellRarity = rarity(cells.counts, cells.norm);
  const groupPart = (g: number): number => {
    let c = 0;
    for (const k of groupClasses[g] ?? []) if ((classRarity[k] ?? 0) > c) c = classRarity[k] ?? 0;
    let sz = 0;
    const sm = groupSizeMask[g] ?? 0;
    for (let k = 0; k < 4; k++) if ((sm & (1 << k)) !== 0 && (sizeRarity[k] ?? 0) > sz) sz = sizeRarity[k] ?? 0;
    let r = 0;
    const cm = groupCellMask[g] ?? 0;
    for (let k = 0; k < 9; k++) if ((cm & (1 << k)) !== 0 && (cellRarity[k] ?? 0) > r) r = cellRarity[k] ?? 0;
    return w.classBalance * c + w.sizeDiversity * sz + w.spatialDiversity * r;
  };
  const score = (i: number): number => groupPart(groupOf[i] ?? 0) + (staticPart[i] ?? 0);
  const groups: ScoreGroups = { groupOf, count: groupClasses.length, groupPart, staticPart };
  const factorsOf = (i: number): Record<FactorName, FactorPart> => {
    const v = new Float64Array(4);
    factorValues(i, v);
    const part = (value: number, weight: number): FactorPart => ({ value, weight, part: value * weight });
    return {
      classBalance: part(v[0] ?? 0, w.classBalance),
      sizeDiversity: part(v[1] ?? 0, w.sizeDiversity),
      spatialDiversity: part(v[2] ?? 0, w.spatialDiversity),
      uncertainty: part(v[3] ?? 0, w.uncertainty),
    };
  };
  const pickedFactors = new Map<number, Record<FactorName, FactorPart>>();
  const onPick = (i: number): void => {
    pickedFactors.set(i, factorsOf(i));
    for (let o = index.start[i] ?? 0; o < (index.start[i + 1] ?? 0); o++) {
      classes.counts[cls[o] ?? 0] = (classes.counts[cls[o] ?? 0] ?? 0) + 1;
      sizes.counts[bucket[o] ?? 0] = (sizes.counts[bucket[o] ?? 0] ?? 0) + 1;
      const k = cell[o] ?? -1;
      if (k >= 0) cells.counts[k] = (cells.counts[k] ?? 0) + 1;
    }
    classRarity = rarity(classes.counts, classes.norm);
    sizeRarity = rarity(sizes.counts, sizes.norm);
    cellRarity = rarity(cells.counts, cells.norm);
  };
  return { score, dynamic: true, onPick, factorsOf, pickedFactors, groups };
}
