/**
 * Hard-example selection over the unlabeled pool: the entry point the loop's select step calls.
 */
import { createRng, shuffled } from "../random";
import { baselineScores } from "./baselines";
import { pickWithBudget, type QuotaRequest, type Scorer } from "./budget";
import { createMultiFactorScorer } from "./multi-factor";
import { indexPool, type PoolIndex } from "./pool";
import { reasonsFor } from "./reasons";
import type { PoolPredictions, SelectionOptions, SelectionResult } from "./types";

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

/**
 * Chooses `budget` images from the pool with the given strategy (default multi-factor), honouring quotas, and
 * explains each choice. Deterministic for a seed: ties between equal scores follow a seeded permutation.
 * @example
 * selectHardExamples(pool, { budget: 50, seed: 1, labelStats: { classCounts: [120, 5] }, classNames: ["crop", "weed"] })
 *   .chosen[0].reasons // ["rare class: weed (4% of labels)", "3 boxes at 0.35–0.55"]
 */
export function selectHardExamples(pool: PoolPredictions, options: SelectionOptions): SelectionResult {
  const strategy = options.strategy ?? "multi-factor";
  const aggregation = options.aggregation ?? "max";
  const minScore = options.minScore ?? 0.05;
  const index = indexPool(pool, minScore);
  const n = index.imageCount;
  const tieRank = new Int32Array(n);
  shuffled(
    Array.from({ length: n }, (_, i) => i),
    createRng(options.seed),
  ).forEach((img, rank) => {
    tieRank[img] = rank;
  });
  let maxClass = (options.labelStats?.classCounts.length ?? 0) - 1;
  for (let j = 0; j < pool.boxClass.length; j++) maxClass = Math.max(maxClass, pool.boxClass[j] ?? 0);
  const multi =
    strategy === "multi-factor"
      ? createMultiFactorScorer(pool, index, {
          classCount: maxClass + 1,
          aggregation,
          ...(options.weights === undefined ? {} : { weights: options.weights }),
          ...(options.labelStats === undefined ? {} : { labelStats: options.labelStats }),
        })
      : undefined;
  let scorer: Scorer;
  if (multi !== undefined || strategy === "multi-factor") scorer = multi ?? { score: () => 0, dynamic: false };
  else {
    const scores = baselineScores(pool, index, strategy, aggregation, options.seed);
    scorer = { score: (i) => scores[i] ?? 0, dynamic: false };
  }
  const quotas: QuotaRequest[] = (options.quotas ?? []).map((q) => ({
    classId: q.classId,
    images: q.images,
    members: quotaMembers(pool, index, q.classId),
  }));
  const { picks, shortfalls } = pickWithBudget(n, options.budget, scorer, tieRank, quotas);
  const ctx = { pool, index, strategy, labelStats: options.labelStats, classNames: options.classNames, minScore, seed: options.seed };
  return {
    strategy,
    aggregation,
    seed: options.seed,
    budget: options.budget,
    poolSize: n,
    chosen: picks.map((p, r) => ({
      rank: r + 1,
      imageIndex: p.imageIndex,
      imageId: pool.imageIds[p.imageIndex] ?? p.imageIndex,
      score: p.score,
      factors: multi?.pickedFactors.get(p.imageIndex) ?? null,
      reasons: reasonsFor(ctx, p.imageIndex, p.score, p.quotaClass),
    })),
    quotaShortfalls: shortfalls,
  };
}
