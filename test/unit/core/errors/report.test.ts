import { describe, expect, it } from "vitest";
import type { Box } from "../../../../src-main/core/geometry/box";
import { categorizeFalseNegative, sizeBucket, type ErrorGtBox } from "../../../../src-main/core/errors/fn-categories";
import { categorizeFalsePositive } from "../../../../src-main/core/errors/fp-categories";
import { buildErrorReport } from "../../../../src-main/core/errors/report";
import type { PredBox } from "../../../../src-main/core/match/types";

const box = (x: number, y: number, w: number, h = w): Box => ({ x, y, w, h });
const g = (b: Box, classId = 0, extra: Partial<ErrorGtBox> = {}): ErrorGtBox => ({ box: b, classId, ...extra });
const p = (b: Box, score: number, classId = 0): PredBox => ({ box: b, classId, score });

describe("size buckets", () => {
  it.each([
    { w: 15, bucket: "tiny" },
    { w: 16, bucket: "small" },
    { w: 31, bucket: "small" },
    { w: 32, bucket: "medium" },
    { w: 95, bucket: "medium" },
    { w: 96, bucket: "large" },
  ])("puts a $w×$w box in $bucket", ({ w, bucket }) => {
    expect(sizeBucket(box(0, 0, w))).toBe(bucket);
  });
});

describe("false negative categories", () => {
  const image = (gts: ErrorGtBox[]) => ({ imageId: "i", widthPx: 200, heightPx: 100, gts });
  it.each([
    { name: "a box touching the right edge is at the border", gts: [g(box(180, 40, 20))], preds: [], cats: ["small", "at_border"] },
    { name: "a box 3 px from every edge is not", gts: [g(box(3, 3, 20))], preds: [], cats: ["small"] },
    { name: "a box with contrast 0.05 is low contrast", gts: [g(box(50, 40, 10), 0, { contrast: 0.05 })], preds: [], cats: ["tiny", "low_contrast"] },
    // [50,40,20] and [56,40,20]: inter 14·20 = 280, union 520 → 0.54 > 0.3.
    { name: "a box overlapping another GT by IoU > 0.3 is crowded", gts: [g(box(50, 40, 20)), g(box(56, 40, 20), 1)], preds: [], cats: ["small", "crowded"] },
    { name: "a box covered by a prediction of another class is confused", gts: [g(box(50, 40, 40))], preds: [p(box(50, 40, 40), 0.9, 2)], cats: ["medium", "confused_class"] },
  ])("$name", ({ gts, preds, cats }) => {
    expect(categorizeFalseNegative(image(gts), 0, preds).categories).toEqual(cats);
  });

  it("reports the best same-class IoU and its score as a near miss", () => {
    // [0,0,10,10] vs [5,0,10,10]: 50/150.
    const item = categorizeFalseNegative(image([g(box(50, 50, 10))]), 0, [p(box(55, 50, 10), 0.4)]);
    expect(item.iou).toBeCloseTo(1 / 3, 12);
    expect(item.bestScore).toBe(0.4);
    expect(item.primary).toBe("tiny");
  });
});

describe("false positive categories", () => {
  const gts = [g(box(0, 0, 10)), g(box(100, 0, 10), 1)];
  it.each([
    { name: "a second hit on a taken GT is a duplicate", pred: p(box(0, 0, 10), 0.5), taken: [true, false], category: "duplicate", iou: 1 },
    { name: "a hit on a GT of another class is wrong class", pred: p(box(100, 0, 10), 0.5), taken: [false, false], category: "wrong_class", iou: 1 },
    { name: "IoU under 0.1 with every GT is background", pred: p(box(50, 50, 10), 0.5), taken: [false, false], category: "background", iou: 0 },
    // [5,0,10,10] vs [0,0,10,10] = 1/3.
    { name: "IoU between 0.1 and 0.5 is localization", pred: p(box(5, 0, 10), 0.5), taken: [false, false], category: "localization", iou: 1 / 3 },
  ])("$name", ({ pred, taken, category, iou }) => {
    const item = categorizeFalsePositive("i", 0, pred, gts, taken);
    expect(item.category).toBe(category);
    expect(item.iou).toBeCloseTo(iou, 12);
  });
});

describe("error report", () => {
  it("counts by category and class and lists every item", () => {
    const report = buildErrorReport(
      [
        {
          imageId: "a",
          widthPx: 100,
          heightPx: 100,
          gts: [g(box(10, 10, 20)), g(box(60, 60, 40), 1), g(box(40, 10, 8))],
          preds: [
            p(box(10, 10, 20), 0.9), // TP on GT 0
            p(box(10, 10, 20), 0.8), // duplicate of GT 0
            p(box(60, 60, 40), 0.7, 0), // wrong class on GT 1 → GT 1 also "confused"
            p(box(40, 10, 8), 0.1), // under the confidence: ignored, GT 2 missed
          ],
        },
      ],
      { confidence: 0.25 },
    );
    expect(report.truePositives).toBe(1);
    expect(report.fn.total).toBe(2);
    expect(report.fn.byCategory).toEqual({ tiny: 1, small: 0, medium: 1, large: 0, at_border: 1, low_contrast: 0, crowded: 0, confused_class: 1 });
    expect(report.fp.byCategory).toEqual({ duplicate: 1, wrong_class: 1, background: 0, localization: 0 });
    expect(report.fp.byClass).toEqual([{ classId: 0, total: 2, byCategory: { duplicate: 1, wrong_class: 1, background: 0, localization: 0 } }]);
    expect(report.items.fp.map((i) => i.predIndex)).toEqual([1, 2]);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});
