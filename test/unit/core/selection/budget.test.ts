import { describe, expect, it } from "vitest";
import { createRng } from "../../../../src-main/core/random";
import { pickWithBudget } from "../../../../src-main/core/selection/budget";
import { createMultiFactorScorer } from "../../../../src-main/core/selection/multi-factor";
import { indexPool, poolFromImages } from "../../../../src-main/core/selection/pool";
import type { PredBox } from "../../../../src-main/core/match/types";

function randomPool(seed: number, images: number) {
  const rng = createRng(seed);
  return poolFromImages(
    Array.from({ length: images }, (_, i) => ({
      imageId: i,
      widthPx: 300,
      heightPx: 300,
      preds: Array.from({ length: rng.int(6) }, (): PredBox => {
        const w = 5 + rng.int(150);
        return { classId: rng.int(4), score: Math.round(rng.next() * 10) / 10, box: { x: rng.int(150), y: rng.int(150), w, h: w } };
      }),
    })),
  );
}

describe("pickWithBudget", () => {
  it("picks by score with ties to the lower tie rank", () => {
    const scores = [0.5, 0.9, 0.5, 0.1];
    const r = pickWithBudget(4, 3, { score: (i) => scores[i] ?? 0, dynamic: false }, [3, 2, 0, 1], []);
    expect(r.picks.map((p) => p.imageIndex)).toEqual([1, 2, 0]);
  });

  it.each([1, 2, 3, 4, 5])("gives the same picks through score groups as image by image (seed %i)", (seed) => {
    const pool = randomPool(seed, 300);
    const index = indexPool(pool, 0.05);
    const make = () => createMultiFactorScorer(pool, index, { classCount: 4, labelStats: { classCounts: [50, 20, 5, 0] } });
    const tie = Int32Array.from({ length: 300 }, (_, i) => (i * 7919) % 300);
    const quotas = [{ classId: 3, images: 5, members: Int32Array.from({ length: 300 }, (_, i) => i).filter((i) => i % 3 === 0) }];
    const grouped = pickWithBudget(300, 60, make(), tie, quotas);
    const { groups: _groups, ...plain } = make();
    const imageWise = pickWithBudget(300, 60, plain, tie, quotas);
    expect(grouped.picks).toEqual(imageWise.picks);
  });
});
