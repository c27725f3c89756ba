import { describe, expect, it } from "vitest";
import {
  areaUnderCurve, labelsToMatchRandom, labelsToReach, meanAndSpread, meanCurve, valueAt,
} from "../../../../src-main/core/simulation/curves";
import {
  addActions, annotatorSeconds, DEFAULT_ACTION_COSTS, NO_ACTIONS, reviewActions,
} from "../../../../src-main/core/simulation/cost";

const pts = (...xy: [number, number][]) => xy.map(([x, y]) => ({ x, y }));

describe("learning curves", () => {
  it("interpolates linearly and holds the ends", () => {
    const c = pts([10, 0.2], [20, 0.6]);
    expect(valueAt(c, 15)).toBeCloseTo(0.4, 12);
    expect(valueAt(c, 0)).toBe(0.2);
    expect(valueAt(c, 99)).toBe(0.6);
  });

  it("gives the mean value over a range as the normalised area", () => {
    expect(areaUnderCurve(pts([0, 0], [10, 1]), 0, 10)).toBe(0.5);
    // 0..10: trapezoid (0.2 + 0.6) / 2 · 10 = 4; 10..20: 0.6 · 10 = 6; (4 + 6) / 20 = 0.5
    expect(areaUnderCurve(pts([0, 0.2], [10, 0.6], [20, 0.6]), 0, 20)).toBeCloseTo(0.5, 12);
    // a range ending inside a segment: 0..5 under 0 → 0.5 is (0 + 0.25) / 2 = 0.125
    expect(areaUnderCurve(pts([0, 0], [10, 0.5]), 0, 5)).toBeCloseTo(0.125, 12);
    // a curve that stops early keeps its final value to the end of the range: (0.5·10·0.4 … ) = (2 + 4) / 20 = 0.3
    expect(areaUnderCurve(pts([0, 0], [10, 0.4]), 0, 20)).toBeCloseTo(0.3, 12);
  });

  it("finds the labels needed to reach a value inside the crossing segment", () => {
    expect(labelsToReach(pts([0, 0.1], [100, 0.5]), 0.3)).toBe(50);
    expect(labelsToReach(pts([40, 0.5], [100, 0.6]), 0.3)).toBe(40);
    expect(labelsToReach(pts([0, 0.1], [100, 0.2]), 0.3)).toBeNull();
  });

  it("compares a strategy with random's final value as a ratio of labels", () => {
    const random = pts([0, 0.1], [100, 0.3], [200, 0.4]);
    const better = pts([0, 0.1], [100, 0.4], [200, 0.45]);
    const r = labelsToMatchRandom(better, random);
    expect(r).toEqual({ target: 0.4, randomLabels: 200, strategyLabels: 100, ratio: 0.5 });
    // random plateaued at 120 labels: the target is reached there, not at its last point
    const flat = labelsToMatchRandom(better, pts([0, 0.1], [120, 0.4], [200, 0.4]));
    expect(flat.randomLabels).toBe(120);
    expect(flat.ratio).toBeCloseTo(100 / 120, 12);
    expect(labelsToMatchRandom(pts([0, 0.1], [200, 0.2]), random).ratio).toBeNull();
    // random learnt nothing: no ratio rather than a meaningless 1
    expect(labelsToMatchRandom(pts([0, 0], [200, 0]), pts([0, 0], [200, 0])).ratio).toBeNull();
  });

  it("gives the mean and sample spread over seeds", () => {
    expect(meanAndSpread([1, 2, 3])).toEqual({ n: 3, mean: 2, std: 1, min: 1, max: 3 });
    expect(meanAndSpread([0.5, null, NaN])).toEqual({ n: 1, mean: 0.5, std: 0, min: 0.5, max: 0.5 });
    const m = meanCurve([pts([0, 0], [10, 0.4]), pts([0, 0.2], [12, 0.6])]);
    expect(m[1]?.x).toBe(11);
    expect(m[1]?.y).toBeCloseTo(0.5, 12);
    expect(m[1]?.yStd).toBeCloseTo(Math.SQRT2 * 0.1, 12);
  });
});

describe("annotator cost", () => {
  const gt = (classId: number, x: number) => ({ classId, box: { x, y: 0, w: 10, h: 10 } });
  const pred = (classId: number, x: number, score: number) => ({ classId, score, box: { x, y: 0, w: 10, h: 10 } });

  it("counts verified, corrected, rejected and drawn boxes", () => {
    const a = reviewActions(
      [gt(0, 0), gt(0, 100), gt(1, 200), gt(0, 300)],
      [
        pred(0, 0, 0.9), // exact: verified
        pred(0, 102, 0.8), // IoU 80/120 = 0.67 < 0.7: corrected
        pred(0, 200, 0.7), // right place, wrong class: corrected
        pred(0, 500, 0.6), // nothing there: rejected
      ],
    );
    expect(a).toEqual({ images: 1, labels: 4, drawn: 1, verified: 1, rejected: 1, corrected: 2 });
  });

  it("prices actions with the cited defaults", () => {
    const a = { images: 2, labels: 3, drawn: 1, verified: 2, rejected: 1, corrected: 1 };
    // 2·2 + 34.5 + 2·4.6 + 4.6 + 7 = 59.3
    expect(annotatorSeconds(a)).toBeCloseTo(59.3, 12);
    expect(annotatorSeconds(a, { ...DEFAULT_ACTION_COSTS, drawBoxSec: 7 })).toBeCloseTo(31.8, 12);
    expect(addActions(a, { ...NO_ACTIONS, drawn: 2 }).drawn).toBe(3);
  });
});
