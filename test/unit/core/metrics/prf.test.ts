import { describe, expect, it } from "vitest";
import type { EvalImage, GtBox, PredBox } from "../../../../src-main/core/match/types";
import { computePrf, f1OptimalPoint, prfFromCounts, collectOutcomes } from "../../../../src-main/core/metrics/prf";
import { computeConfusion } from "../../../../src-main/core/metrics/confusion";
import { evaluateCoco } from "../../../../src-main/core/metrics/coco-eval";
import { meanPrecisionAtRecall, prCurvesFromCoco, precisionAtRecall } from "../../../../src-main/core/metrics/pr-curve";

const gt = (x: number, classId = 0): GtBox => ({ box: { x, y: 0, w: 10, h: 10 }, classId });
const pred = (x: number, score: number, classId = 0): PredBox => ({ box: { x, y: 0, w: 10, h: 10 }, classId, score });

// One image, class 0: 3 GT at x = 0, 20, 40. Predictions ranked 0.9 TP, 0.8 FP, 0.7 TP, 0.3 FP, 0.2 TP.
// Class 1: 1 GT at x = 100, one prediction 0.6 on it (TP).
const images: EvalImage[] = [
  {
    imageId: "a",
    gts: [gt(0), gt(20), gt(40), gt(100, 1)],
    preds: [pred(0, 0.9), pred(60, 0.8), pred(20, 0.7), pred(80, 0.3), pred(40, 0.2), pred(100, 0.6, 1)],
  },
];

describe("P/R/F1", () => {
  it.each([
    { tp: 3, fp: 1, fn: 2, precision: 0.75, recall: 0.6, f1: 2 / 3 },
    { tp: 0, fp: 0, fn: 4, precision: 0, recall: 0, f1: 0 },
    { tp: 0, fp: 2, fn: 0, precision: 0, recall: 0, f1: 0 },
  ])("gives P $precision, R $recall, F1 $f1 for TP $tp, FP $fp, FN $fn", ({ tp, fp, fn, precision, recall, f1 }) => {
    const p = prfFromCounts(0.5, tp, fp, fn);
    expect([p.precision, p.recall, p.f1]).toEqual([precision, recall, f1].map((v) => expect.closeTo(v, 12)));
  });

  it("counts only predictions at or above the confidence", () => {
    const r = computePrf(images, { confidence: 0.7 });
    const c0 = r.perClass[0]?.atConfidence;
    expect(c0).toMatchObject({ tp: 2, fp: 1, fn: 1 });
    // Class 1's 0.6 prediction is below 0.7: pooled TP 2, FP 1, FN 2.
    expect(r.overall.atConfidence).toMatchObject({ tp: 2, fp: 1, fn: 2 });
  });

  it("finds the F1-optimal confidence by scanning each score", () => {
    // Class 0 prefixes: (1,0)→F1 .5, (1,1)→.4, (2,1)→.667, (2,2)→.571, (3,2)→.75 at 0.2.
    const best = f1OptimalPoint(collectOutcomes(images).filter((o) => o.classId === 0));
    expect(best.confidence).toBe(0.2);
    expect(best.f1).toBeCloseTo(0.75, 12);
  });

  it("keeps the higher confidence when two thresholds tie on F1", () => {
    const tie: EvalImage[] = [{ imageId: 1, gts: [gt(0), gt(20)], preds: [pred(0, 0.9), pred(50, 0.8), pred(70, 0.7), pred(20, 0.6)] }];
    // Prefix 1: P 1, R .5 → F1 .667; prefix 4: P .5, R 1 → .667. The first wins.
    expect(f1OptimalPoint(collectOutcomes(tie)).confidence).toBe(0.9);
  });

  it("lists requested classes without GT or predictions with zeros, and leaves them out of the macro mean", () => {
    const r = computePrf(images, { confidence: 0.5, classIds: [0, 1, 2] });
    expect(r.perClass.map((c) => c.classId)).toEqual([0, 1, 2]);
    expect(r.perClass[2]?.atConfidence.f1).toBe(0);
    // macro over classes 0 (P 2/3, R 2/3) and 1 (P 1, R 1).
    expect(r.macro.recall).toBeCloseTo((2 / 3 + 1) / 2, 12);
  });
});

describe("confusion matrix", () => {
  it("puts pairs, misses and false detections in the right cells", () => {
    const img: EvalImage = {
      imageId: 1,
      gts: [gt(0, 0), gt(20, 1), gt(40, 1)],
      // class 0 on class 0 (correct), class 0 on the class-1 box at 20 (confused), a class-1 box on nothing,
      // and one under the confidence threshold (left out).
      preds: [pred(0, 0.9, 0), pred(20, 0.8, 0), pred(70, 0.7, 1), pred(40, 0.1, 1)],
    };
    const m = computeConfusion([img], [0, 1], { confidence: 0.25 });
    expect(m.counts).toEqual([
      [1, 0, 0],
      [1, 0, 1],
      [0, 1, 0],
    ]);
  });
});

describe("PR curves", () => {
  it("reads the 101-point interpolated curve of each class with GT from the COCO evaluation", () => {
    // cat: TP 0.9, FP 0.8, TP 0.7 of 2 GT → precision 1 up to recall .5, then 2/3 (cocoeval-tiny's hand check).
    const r = evaluateCoco({
      groundTruths: [
        { imageId: 1, categoryId: 1, bbox: [10, 10, 20, 20] },
        { imageId: 2, categoryId: 1, bbox: [0, 0, 40, 40] },
      ],
      detections: [
        { imageId: 1, categoryId: 1, bbox: [10, 10, 20, 20], score: 0.9 },
        { imageId: 1, categoryId: 1, bbox: [60, 60, 10, 10], score: 0.8 },
        { imageId: 2, categoryId: 1, bbox: [0, 0, 40, 30], score: 0.7 },
        { imageId: 2, categoryId: 3, bbox: [0, 0, 40, 30], score: 0.7 },
      ],
    });
    const curves = prCurvesFromCoco(r);
    expect(curves.map((c) => c.categoryId)).toEqual([1]);
    const cat = curves[0];
    if (cat === undefined) throw new Error("no curve");
    expect(cat.precision[50]).toBeCloseTo(1, 12);
    expect(cat.precision[51]).toBeCloseTo(2 / 3, 12);
    expect(cat.score[51]).toBe(0.7);
    expect(precisionAtRecall(cat, 0.8)).toBeCloseTo(2 / 3, 12);
    expect(meanPrecisionAtRecall(curves, 0.5)).toBeCloseTo(1, 12);
  });
});
