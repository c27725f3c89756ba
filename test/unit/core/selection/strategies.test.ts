import { describe, expect, it } from "vitest";
import { pickWithBudget } from "../../../../src-main/core/selection/budget";
import { createCoverageScorer, descriptorDistance } from "../../../../src-main/core/selection/coverage";
import { duplicateGroups } from "../../../../src-main/core/selection/duplicates";
import { indexPool, poolFromImages } from "../../../../src-main/core/selection/pool";
import { selectHardExamples } from "../../../../src-main/core/selection/select";
import { stabilityScores } from "../../../../src-main/core/selection/stability";
import type { AugmentedPredictions } from "../../../../src-main/core/selection/types";

const box = (x: number, y: number, w: number, h: number) => ({ x, y, w, h });

/** One augmentation's boxes from plain rows. */
function aug(name: string, rows: { image: number; classId: number; score: number; b: ReturnType<typeof box> }[]): AugmentedPredictions {
  return {
    name,
    boxImage: Int32Array.from(rows, (r) => r.image),
    boxClass: Int32Array.from(rows, (r) => r.classId),
    boxScore: Float64Array.from(rows, (r) => r.score),
    boxX: Float64Array.from(rows, (r) => r.b.x),
    boxY: Float64Array.from(rows, (r) => r.b.y),
    boxW: Float64Array.from(rows, (r) => r.b.w),
    boxH: Float64Array.from(rows, (r) => r.b.h),
  };
}

describe("localization stability", () => {
  // Image 0: box A (0.8) reappears exactly under flip and shifted by half under scale (IoU 50/150 = 1/3);
  // box B (0.2) vanishes under both. Image 1: its one box reappears exactly under both.
  const base = poolFromImages([
    { imageId: "a", widthPx: 100, heightPx: 100, preds: [{ classId: 0, score: 0.8, box: box(0, 0, 10, 10) }, { classId: 1, score: 0.2, box: box(50, 50, 10, 10) }] },
    { imageId: "b", widthPx: 100, heightPx: 100, preds: [{ classId: 0, score: 0.6, box: box(20, 20, 10, 10) }] },
  ]);
  const pool = {
    ...base,
    augmented: [
      aug("horizontal flip", [
        { image: 0, classId: 0, score: 0.7, b: box(0, 0, 10, 10) },
        { image: 0, classId: 0, score: 0.3, b: box(50, 50, 10, 10) }, // right place, wrong class: does not count
        { image: 1, classId: 0, score: 0.6, b: box(20, 20, 10, 10) },
      ]),
      aug("0.75× scale", [
        { image: 0, classId: 0, score: 0.7, b: box(5, 0, 10, 10) },
        { image: 1, classId: 0, score: 0.6, b: box(20, 20, 10, 10) },
      ]),
    ],
  };

  it("scores an image by confidence-weighted mean instability", () => {
    const s = stabilityScores(pool, indexPool(pool, 0.05), 0.05);
    expect(s.boxStability[0]).toBeCloseTo((1 + 1 / 3) / 2, 12);
    expect(s.boxStability[1]).toBe(0);
    // (0.8 · (1 − 2/3) + 0.2 · 1) / (0.8 + 0.2)
    expect(s.image[0]).toBeCloseTo(0.8 / 3 + 0.2, 12);
    expect(s.image[1]).toBe(0);
    expect(s.boxWorstAug[0]).toBe(1);
    expect(s.boxWorstIou[0]).toBeCloseTo(1 / 3, 12);
  });

  it("chooses the unstable image and names the box and the augmentation that moved it", () => {
    const r = selectHardExamples(pool, { strategy: "localization-stability", budget: 1, seed: 1, classNames: ["RBC", "WBC"] });
    expect(r.chosen[0]?.imageId).toBe("a");
    expect(r.chosen[0]?.reasons[0]).toBe("unstable boxes: 1 of 2 keep < 0.5 IoU under flip/scale; a WBC box (0.20) vanishes under horizontal flip");
  });
});

describe("coverage (k-center greedy)", () => {
  const d1 = (values: number[]) => ({ dim: 1, values: Float64Array.from(values) });

  it("measures descriptor distance divided by √dim", () => {
    expect(descriptorDistance({ dim: 2, values: [0, 0] }, 0, { dim: 2, values: [1, 1] }, 0)).toBe(1);
    expect(descriptorDistance({ dim: 4, values: [0, 0, 0, 0] }, 0, { dim: 4, values: [1, 0, 0, 0] }, 0)).toBe(0.5);
  });

  it("takes the farthest image, then the one farthest from both the labels and that pick", () => {
    // distances to the labelled image at 0: [0.95, 1.0, 0.5]; after taking 1.0, image 0 is 0.05 away from it.
    const scorer = createCoverageScorer(d1([0.95, 1.0, 0.5]), d1([0]));
    const { picks } = pickWithBudget(3, 2, scorer, [0, 1, 2], []);
    expect(picks.map((p) => p.imageIndex)).toEqual([1, 2]);
    expect(picks[1]?.score).toBe(0.5);
    expect(scorer.distance(0)).toBeCloseTo(0.05, 12);
    expect(scorer.medianDistance).toBe(0.95);
  });

  it("gives each chosen image its own distance in its reasons", () => {
    const pool = { ...poolFromImages([0, 1, 2].map((i) => ({ imageId: i, preds: [] }))), descriptors: d1([0.95, 1.0, 0.5]) };
    const r = selectHardExamples(pool, { strategy: "coverage", budget: 2, seed: 3, labelledDescriptors: d1([0]) });
    expect(r.chosen.map((c) => c.imageId)).toEqual([1, 2]);
    expect(r.chosen[0]?.reasons[0]).toBe("unlike anything labelled or chosen: distance 1.000 to the nearest (pool median 0.950)");
    expect(r.chosen[1]?.reasons[0]).toBe("unlike anything labelled or chosen: distance 0.500 to the nearest (pool median 0.950)");
  });

  it("weights the distance by entropy in uncertainty-coverage", () => {
    // image 0: far (1.0) but sure (p 0.99, entropy 0.08); image 1: nearer (0.6) and unsure (p 0.5, entropy 1)
    const pool = {
      ...poolFromImages([
        { imageId: 0, preds: [{ classId: 0, score: 0.99, box: box(0, 0, 5, 5) }] },
        { imageId: 1, preds: [{ classId: 0, score: 0.5, box: box(0, 0, 5, 5) }] },
      ]),
      descriptors: d1([1, 0.6]),
    };
    const hybrid = selectHardExamples(pool, { strategy: "uncertainty-coverage", budget: 1, seed: 0, labelledDescriptors: d1([0]) });
    const plain = selectHardExamples(pool, { strategy: "coverage", budget: 1, seed: 0, labelledDescriptors: d1([0]) });
    expect(hybrid.chosen[0]?.imageId).toBe(1);
    expect(hybrid.chosen[0]?.score).toBeCloseTo(0.6, 12);
    expect(plain.chosen[0]?.imageId).toBe(0);
  });
});

describe("duplicates never fill one budget twice", () => {
  it("groups equal content hashes and descriptors within the distance", () => {
    expect(duplicateGroups(["a", "b", "a", "c"], null)).toEqual([[2], [], [0], []]);
    // rows 0 and 1 are 0.01 apart (√((0.01² + 0.01²) / 2)); row 2 is far
    const d = { dim: 2, values: Float64Array.from([0, 0, 0.01, 0.01, 0.5, 0.5]) };
    expect(duplicateGroups([null, null, null], d, 0.02)).toEqual([[1], [0], []]);
    expect(duplicateGroups([null, null, null], d, 0.005)).toEqual([[], [], []]);
  });

  it("takes one image of a duplicate group and says which it stands for", () => {
    const images = [0, 1, 2, 3].map((i) => ({ imageId: 10 + i, preds: [{ classId: 0, score: 0.5, box: box(0, 0, 5, 5) }] }));
    const pool = { ...poolFromImages(images), contentHashes: ["h", "h", "h", "x"] };
    const r = selectHardExamples(pool, { strategy: "entropy", budget: 3, seed: 2 });
    const ids = r.chosen.map((c) => c.imageId);
    expect(ids).toHaveLength(2);
    expect(ids).toContain(13);
    const kept = r.chosen.find((c) => c.imageId !== 13);
    expect(kept?.duplicates).toHaveLength(2);
    expect(kept?.reasons.at(-1)).toBe("stands for 2 duplicate pool images (left out of this round)");
  });
});

describe("budget in boxes", () => {
  it("stops when the chosen images' predicted boxes reach the budget", () => {
    const scores = [0.9, 0.8, 0.7, 0.6];
    const boxes = [3, 1, 1, 1];
    const scorer = { score: (i: number) => scores[i] ?? 0, dynamic: false };
    expect(pickWithBudget(4, 3, scorer, [0, 1, 2, 3], [], { cost: (i) => boxes[i] ?? 0 }).picks.map((p) => p.imageIndex)).toEqual([0]);
    expect(pickWithBudget(4, 3, scorer, [0, 1, 2, 3], []).picks.map((p) => p.imageIndex)).toEqual([0, 1, 2]);
  });

  it("reports the unit and the predicted boxes chosen", () => {
    const pool = poolFromImages([
      { imageId: 0, preds: [0.5, 0.5, 0.5].map((s) => ({ classId: 0, score: s, box: box(0, 0, 5, 5) })) },
      { imageId: 1, preds: [{ classId: 0, score: 0.4, box: box(0, 0, 5, 5) }] },
      { imageId: 2, preds: [{ classId: 0, score: 0.3, box: box(0, 0, 5, 5) }] },
    ]);
    const r = selectHardExamples(pool, { strategy: "entropy", budget: 4, seed: 0, budgetUnit: "boxes" });
    expect(r.chosen.map((c) => c.imageId)).toEqual([0, 1]);
    expect(r.predictedBoxes).toBe(4);
    expect(r.budgetUnit).toBe("boxes");
  });
});
