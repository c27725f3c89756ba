/**
 * Hard-example selection over the unlabeled pool: the entry point the loop's select step calls.
 */
import { createRng, shuffled } from "../random";
import { baselineScores } from "./baselines";
import { pickWithBudget, type QuotaRequest, type Scorer } from "./budget";
import { createCoverageScorer, type CoverageScorer } from "./coverage";
import { duplicateGroups, NEAR_DUPLICATE_DISTANCE } from "./duplicates";
import { createMultiFactorScorer } from "./multi-factor";
import { indexPool, type PoolIndex } from "./pool";
import { reasonsFor } from "./reasons";
import { stabilityScores, type StabilityScores } from "./stability";
import { DEFAULT_SELECTION_STRATEGY, type PoolPredictions, type SelectionOptions, type SelectionResult } from "./types";

/** Boxes under this confidence are ignored unless a selection says otherwise (`SelectionOptions.minScore`). */
export const DEFAULT_MIN_SCORE = 0.05;

function quotaMembers(pool: PoolPredictions, index: PoolIndex, classId: number): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < index.imageCount; i++) {
    for (let o = index.start[i] ?? 0; o < (index.start[i + 1] ?? 0); o++) {
      if (pool.boxClass[index.order[o] ?? 0] === classId) {
        out.push(i);
        break;
      }
    }
  }
  return Int32Array.from(out);
}

interface Scoring {
  scorer: Scorer;
  multi?: ReturnType<typeof createMultiFactorScorer>;
  coverage?: CoverageScorer;
  stability?: StabilityScores;
}

function scoringFor(pool: PoolPredictions, index: PoolIndex, options: SelectionOptions, aggregation: "max" | "mean" | "sum"): Scoring {
  const strategy = options.strategy ?? DEFAULT_SELECTION_STRATEGY;
  if (strategy === "multi-factor") {
    let maxClass = (options.labelStats?.classCounts.length ?? 0) - 1;
    for (let j = 0; j < pool.boxClass.length; j++) maxClass = Math.max(maxClass, pool.boxClass[j] ?? 0);
    const multi = createMultiFactorScorer(pool, index, {
      classCount: maxClass + 1,
      aggregation,
      ...(options.weights === undefined ? {} : { weights: options.weights }),
      ...(options.labelStats === undefined ? {} : { labelStats: options.labelStats }),
    });
    return { scorer: multi, multi };
  }
  if (strategy === "localization-stability") {
    const stability = stabilityScores(pool, index, options.minScore ?? DEFAULT_MIN_SCORE);
    return { scorer: { score: (i) => stability.image[i] ?? 0, dynamic: false }, stability };
  }
  if (strategy === "coverage" || strategy === "uncertainty-coverage") {
    const descriptors = pool.descriptors ?? { dim: 1, values: new Float64Array(index.imageCount) };
    const weight = strategy === "coverage" ? undefined : baselineScores(pool, index, "entropy", aggregation, options.seed);
    const coverage = createCoverageScorer(descriptors, options.labelledDescriptors ?? null, weight === undefined ? undefined : (i) => weight[i] ?? 0);
    return { scorer: coverage, coverage };
  }
  const scores = baselineScores(pool, index, strategy, aggregation, options.seed);
  return { scorer: { score: (i) => scores[i] ?? 0, dynamic: false } };
}

/**
 * Chooses images from the pool with the given strategy (default DEFAULT_SELECTION_STRATEGY, entropy) until the budget (images or predicted
 * boxes) is spent, honouring quotas; duplicates (same content hash, or descriptors within `duplicateDistance`)
 * never fill one budget twice. Deterministic for a seed: ties between equal scores follow a seeded permutation.
 * Coverage strategies need `pool.descriptors`, localization stability `pool.augmented`; without them every image
 * scores alike and the choice falls back to the seeded order.
 * @example
 * selectHardExamples(pool, { strategy: "multi-factor", budget: 50, seed: 1, labelStats: { classCounts: [120, 5] }, classNames: ["crop", "weed"] })
 *   .chosen[0].reasons // ["rare class: weed (4% of labels)", "3 boxes at 0.35–0.55"]
 */
export function selectHardExamples(pool: PoolPredictions, options: SelectionOptions): SelectionResult {
  const strategy = options.strategy ?? DEFAULT_SELECTION_STRATEGY;
  const aggregation = options.aggregation ?? "max";
  const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
  const budgetUnit = options.budgetUnit ?? "images";
  const index = indexPool(pool, minScore);
  const n = index.imageCount;
  const tieRank = new Int32Array(n);
  shuffled(
    Array.from({ length: n }, (_, i) => i),
    createRng(options.seed),
  ).forEach((img, rank) => {
    tieRank[img] = rank;
  });
  const scoring = scoringFor(pool, index, options, aggregation);
  const quotas: QuotaRequest[] = (options.quotas ?? []).map((q) => ({
    classId: q.classId,
    images: q.images,
    members: quotaMembers(pool, index, q.classId),
  }));
  const groups = duplicateGroups(
    pool.contentHashes ?? Array.from({ length: n }, () => null),
    pool.descriptors ?? null,
    options.duplicateDistance ?? NEAR_DUPLICATE_DISTANCE,
  );
  const boxesOf = (i: number): number => (index.start[i + 1] ?? 0) - (index.start[i] ?? 0);
  const { picks, shortfalls } = pickWithBudget(n, options.budget, scoring.scorer, tieRank, quotas, {
    duplicatesOf: (i) => groups[i] ?? [],
    ...(budgetUnit === "boxes" ? { cost: boxesOf } : {}),
  });
  const ctx = {
    pool,
    index,
    strategy,
    labelStats: options.labelStats,
    classNames: options.classNames,
    minScore,
    seed: options.seed,
    ...(scoring.stability ? { stability: scoring.stability } : {}),
    ...(scoring.coverage ? { coverage: scoring.coverage } : {}),
  };
  return {
    strategy,
    aggregation,
    seed: options.seed,
    budget: options.budget,
    budgetUnit,
    poolSize: n,
    predictedBoxes: picks.reduce((s, p) => s + boxesOf(p.imageIndex), 0),
    chosen: picks.map((p, r) => {
      const duplicates = groups[p.imageIndex] ?? [];
      return {
        rank: r + 1,
        imageIndex: p.imageIndex,
        imageId: pool.imageIds[p.imageIndex] ?? p.imageIndex,
        score: p.score,
        factors: scoring.multi?.pickedFactors.get(p.imageIndex) ?? null,
        reasons: reasonsFor(ctx, p.imageIndex, p.score, p.quotaClass, duplicates.length),
        duplicates,
      };
    }),
    quotaShortfalls: shortfalls,
  };
}
