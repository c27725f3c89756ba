import { describe, expect, it } from "vitest";
import type { PredBox } from "../../../../src-main/core/match/types";
import { aggregateByImage, binaryEntropy, boxUncertainty } from "../../../../src-main/core/selection/baselines";
import { normalizeWeights } from "../../../../src-main/core/selection/multi-factor";
import { indexPool, labelStatsFromBoxes, poolFromImages } from "../../../../src-main/core/selection/pool";
import { formatShare } from "../../../../src-main/core/selection/reasons";
import { selectHardExamples } from "../../../../src-main/core/selection/select";

const box = (score: number, classId = 0, x = 10, w = 20): PredBox => ({ box: { x, y: 10, w, h: w }, classId, score });
const img = (imageId: string, preds: PredBox[]) => ({ imageId, widthPx: 300, heightPx: 300, preds });

describe("box uncertainty", () => {
  it.each([
    { p: 0.5, value: 1 },
    { p: 0.25, value: 0.8112781244591328 },
    { p: 1, value: 0 },
    { p: 0, value: 0 },
  ])("gives binary entropy $value bits at confidence $p", ({ p, value }) => {
    expect(binaryEntropy(p)).toBeCloseTo(value, 12);
  });

  it.each([
    { kind: "least-confidence", scores: undefined, value: 0.3 },
    { kind: "margin", scores: undefined, value: 0.6 }, // 1 − |2·0.7 − 1|
    { kind: "margin", scores: [0.7, 0.2, 0.1], value: 0.5 }, // 1 − (0.7 − 0.2)
    { kind: "entropy", scores: [0.5, 0.5, 0], value: Math.log(2) / Math.log(3) },
  ] as const)("gives $kind $value for a 0.7 box (class scores $scores)", ({ kind, scores, value }) => {
    const pool = poolFromImages([img("a", [box(0.7)])]);
    if (scores !== undefined) pool.classScores = { classCount: 3, values: Float64Array.from(scores) };
    expect(boxUncertainty(pool, 0, kind)).toBeCloseTo(value, 12);
  });

  it.each([
    { aggregation: "max", scores: [0.5, 0.25, 0.5] },
    { aggregation: "mean", scores: [0.375, 0.25, 0.5] },
    { aggregation: "sum", scores: [1, 0.25 / 0.75, 0.5 / 0.75] }, // sums 0.75, 0.25, 0.5 over the largest
  ] as const)("aggregates box values by $aggregation", ({ aggregation, scores }) => {
    const pool = poolFromImages([img("a", [box(0.9), box(0.9)]), img("b", [box(0.9)]), img("c", [box(0.9)])]);
    const values = Float64Array.from([0.5, 0.25, 0.25, 0.5]);
    const out = aggregateByImage(indexPool(pool, 0), values, aggregation);
    expect(Array.from(out)).toEqual(scores.map((s) => expect.closeTo(s, 12)));
  });
});

describe("selectHardExamples", () => {
  it("chooses by the product's default strategy, entropy, when none is given", () => {
    // entropy of the best box: 0.5 is the most uncertain, 0.95 and 0.05 are sure either way
    const pool = poolFromImages([img("sure", [box(0.95, 0)]), img("unsure", [box(0.5, 1)]), img("absent", [box(0.05, 0)])]);
    const r = selectHardExamples(pool, { budget: 1, seed: 1 });
    expect(r.strategy).toBe("entropy");
    expect(r.chosen.map((c) => c.imageId)).toEqual(["unsure"]);
    expect(r.chosen).toEqual(selectHardExamples(pool, { strategy: "entropy", budget: 1, seed: 1 }).chosen);
  });

  it("prefers the image with a rare class and says why", () => {
    const pool = poolFromImages([img("common", [box(0.9, 0)]), img("rare", [box(0.9, 1)])]);
    const r = selectHardExamples(pool, { strategy: "multi-factor", budget: 1, seed: 1, labelStats: { classCounts: [96, 4] }, classNames: ["crop", "weed"] });
    expect(r.chosen[0]?.imageId).toBe("rare");
    expect(r.chosen[0]?.reasons).toContain("rare class: weed (4% of labels)");
    // rarity = 1 / (1 + 4 / 50) with 50 the mean label count per class.
    expect(r.chosen[0]?.factors?.classBalance.value).toBeCloseTo(1 / (1 + 4 / 50), 12);
    expect(r.chosen[0]?.factors?.classBalance.part).toBeCloseTo(0.3 / (1 + 4 / 50), 12);
  });

  it("spreads a batch over classes as picks lower the rarity of what is already chosen", () => {
    const pool = poolFromImages([img("a1", [box(0.9, 1)]), img("a2", [box(0.9, 1)]), img("b", [box(0.9, 0)])]);
    for (const seed of [1, 2, 3, 4]) {
      const r = selectHardExamples(pool, { strategy: "multi-factor", budget: 2, seed });
      const classes = r.chosen.map((c) => (c.imageId === "b" ? 0 : 1));
      expect(new Set(classes).size).toBe(2);
    }
  });

  it("describes uncertain boxes by count and confidence range", () => {
    const pool = poolFromImages([img("u", [box(0.35), box(0.55, 0, 100), box(0.42, 0, 200), box(0.95, 0, 40)])]);
    const r = selectHardExamples(pool, { budget: 1, seed: 7 });
    expect(r.chosen[0]?.reasons).toContain("3 boxes at 0.35–0.55");
  });

  it("is deterministic for a seed and the random baseline changes with it", () => {
    const pool = poolFromImages(Array.from({ length: 50 }, (_, i) => img(`i${i}`, [box(0.5 + (i % 5) / 10)])));
    const ids = (seed: number, strategy: "random" | "multi-factor") =>
      selectHardExamples(pool, { budget: 10, seed, strategy }).chosen.map((c) => c.imageId);
    expect(ids(3, "multi-factor")).toEqual(ids(3, "multi-factor"));
    expect(ids(3, "random")).toEqual(ids(3, "random"));
    expect(ids(3, "random")).not.toEqual(ids(4, "random"));
  });

  it.each([
    { strategy: "least-confidence", first: "low" },
    { strategy: "entropy", first: "mid" },
    { strategy: "margin", first: "mid" },
  ] as const)("ranks by $strategy", ({ strategy, first }) => {
    // least confidence: 1 − 0.1 = 0.9 beats 1 − 0.5; entropy and margin peak at 0.5.
    const pool = poolFromImages([img("high", [box(0.95)]), img("mid", [box(0.5)]), img("low", [box(0.1)])]);
    expect(selectHardExamples(pool, { budget: 1, seed: 1, strategy }).chosen[0]?.imageId).toBe(first);
  });

  it("fills class quotas first and reports the ones the pool cannot fill", () => {
    const pool = poolFromImages([img("x", [box(0.5, 0)]), img("y", [box(0.99, 1)]), img("z", [box(0.5, 0)])]);
    const r = selectHardExamples(pool, {
      budget: 2,
      seed: 1,
      strategy: "entropy",
      quotas: [
        { classId: 1, images: 1 },
        { classId: 2, images: 3 },
      ],
      classNames: ["a", "b", "c"],
    });
    expect(r.chosen[0]?.imageId).toBe("y");
    expect(r.chosen[0]?.reasons[0]).toBe("quota: b");
    expect(r.chosen).toHaveLength(2);
    expect(r.quotaShortfalls).toEqual([{ classId: 2, wanted: 3, got: 0 }]);
  });

  it("returns the whole pool when the budget exceeds it, images without boxes last", () => {
    const pool = poolFromImages([img("empty", []), img("one", [box(0.6)])]);
    const r = selectHardExamples(pool, { budget: 5, seed: 1 });
    expect(r.chosen.map((c) => c.imageId)).toEqual(["one", "empty"]);
    expect(r.chosen[1]?.score).toBe(0);
    expect(r.chosen[1]?.reasons).toEqual(["no predictions at or above 0.05"]);
  });
});

describe("selection helpers", () => {
  it("divides weights by their sum over the defaults", () => {
    expect(normalizeWeights({ uncertainty: 0.7 })).toEqual({
      // 0.3 + 0.3 + 0.2 + 0.7 = 1.5
      classBalance: expect.closeTo(0.2, 12),
      sizeDiversity: expect.closeTo(0.2, 12),
      spatialDiversity: expect.closeTo(0.2 / 1.5, 12),
      uncertainty: expect.closeTo(0.7 / 1.5, 12),
    });
  });
  it.each([
    { share: 0.043, text: "4%" },
    { share: 0.004, text: "<1%" },
    { share: 0, text: "0%" },
  ])("formats share $share as $text", ({ share, text }) => {
    expect(formatShare(share)).toBe(text);
  });
  it("counts labels by class, size bucket and 3×3 cell", () => {
    const s = labelStatsFromBoxes([{ classId: 1, box: { x: 0, y: 0, w: 10, h: 10 }, imageWidthPx: 90, imageHeightPx: 90 }], 2);
    expect(s).toEqual({ classCounts: [0, 1], sizeCounts: [1, 0, 0, 0], cellCounts: [1, 0, 0, 0, 0, 0, 0, 0, 0] });
  });
});
