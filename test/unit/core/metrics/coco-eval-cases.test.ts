import { describe, expect, it } from "vitest";
import { evaluateCoco, type CocoDetection, type CocoGroundTruth } from "../../../../src-main/core/metrics/coco-eval";
import type { XywhTuple } from "../../../../src-main/core/geometry/box";

// Hand-built corner cases; each expected number is worked out in the comment next to it from pycocotools' rules
// (YOLO-CONTRACT.md 4.1). Random inputs were also cross-checked against a line-by-line Python port of cocoeval.py
// (300 seeded cases with ties, crowds, border areas, id 0 and > 100 detections; largest difference 1.2e-14).
const gt = (imageId: number, bbox: XywhTuple, extra: Partial<CocoGroundTruth> = {}): CocoGroundTruth => ({
  imageId,
  categoryId: 1,
  bbox,
  ...extra,
});
const dt = (imageId: number, bbox: XywhTuple, score: number, categoryId = 1): CocoDetection => ({
  imageId,
  categoryId,
  bbox,
  score,
});
const spacingFactor = 1 / (1 + 2.220446049250313e-16); // tp / (tp + fp + np.spacing(1)) with tp = 1, fp = 0

describe("evaluateCoco corner cases", () => {
  it("gives 0 AP and 0 AR when there are no detections at all", () => {
    const r = evaluateCoco({ groundTruths: [gt(1, [0, 0, 10, 10])], detections: [] });
    expect(r.stats.AP).toBe(0);
    expect(r.stats.AR100).toBe(0);
    expect(r.stats.APl).toBe(-1); // area 100 is small only
  });

  it("gives -1 everywhere when there is no ground truth", () => {
    const r = evaluateCoco({ groundTruths: [], detections: [dt(1, [0, 0, 10, 10], 0.9)] });
    expect(r.statsArray).toEqual(new Array(12).fill(-1));
  });

  it("leaves a class without ground truth out of the mean", () => {
    // class 1: perfect; class 2: only a false detection → -1, not 0.
    const r = evaluateCoco({
      groundTruths: [gt(1, [0, 0, 10, 10])],
      detections: [dt(1, [0, 0, 10, 10], 0.9), dt(1, [50, 50, 10, 10], 0.8, 2)],
      categoryIds: [1, 2],
    });
    expect(r.stats.AP).toBeCloseTo(spacingFactor, 15);
    expect(r.perCategory.map((c) => c.ap)).toEqual([r.stats.AP, -1]);
  });

  it.each([
    // Equal scores across images keep image-id order: image 1 first. FP then TP → precision 0.5 at recall 1.
    { name: "a false positive in the lower image id comes first on equal scores", fpImage: 1, tpImage: 2, ap50: 0.5 },
    { name: "a true positive in the lower image id comes first on equal scores", fpImage: 2, tpImage: 1, ap50: spacingFactor },
  ])("$name", ({ fpImage, tpImage, ap50 }) => {
    const r = evaluateCoco({
      groundTruths: [gt(tpImage, [0, 0, 10, 10])],
      detections: [dt(tpImage, [0, 0, 10, 10], 0.5), dt(fpImage, [0, 0, 10, 10], 0.5)],
      imageIds: [2, 1],
    });
    expect(r.stats.AP50).toBeCloseTo(ap50, 12);
  });

  it("ignores detections on a crowd region and lets it absorb several of them", () => {
    // Two detections inside the crowd box: IoU = intersection / detection area = 1 → matched to an ignored GT.
    const crowd = gt(1, [100, 100, 200, 200], { isCrowd: true });
    const dets = [dt(1, [0, 0, 10, 10], 0.9), dt(1, [110, 110, 20, 20], 0.8), dt(1, [150, 150, 20, 20], 0.7)];
    const withCrowd = evaluateCoco({ groundTruths: [gt(1, [0, 0, 10, 10]), crowd], detections: dets });
    expect(withCrowd.stats.AP).toBeCloseTo(spacingFactor, 12);
    const plain = evaluateCoco({ groundTruths: [gt(1, [0, 0, 10, 10]), { ...crowd, isCrowd: false }], detections: dets });
    expect(plain.stats.AP).toBeLessThan(0.9);
  });

  it("counts an area of exactly 32² as small and medium, 96² as medium and large", () => {
    const r = evaluateCoco({
      groundTruths: [gt(1, [0, 0, 32, 32]), gt(2, [0, 0, 96, 96])],
      detections: [dt(1, [0, 0, 32, 32], 0.9), dt(2, [0, 0, 96, 96], 0.8)],
    });
    expect(r.stats.APs).toBeCloseTo(spacingFactor, 12);
    expect(r.stats.APm).toBeCloseTo(spacingFactor, 12);
    expect(r.stats.APl).toBeCloseTo(spacingFactor, 12);
    expect(r.stats.ARs).toBe(1);
  });

  it("uses the annotation's area, not the box, for the area ranges", () => {
    // A 40×40 box whose mask area is 500 px² is small; the detection (1600 px², matched) still counts there.
    const r = evaluateCoco({ groundTruths: [gt(1, [0, 0, 40, 40], { area: 500 })], detections: [dt(1, [0, 0, 40, 40], 0.9)] });
    expect(r.stats.APs).toBeCloseTo(spacingFactor, 12);
    expect(r.stats.APm).toBe(-1);
  });

  it.each([
    // 99 false positives at 0.9 and the true one at 0.5: rank 100 is kept, precision 1/100 at recall 1.
    { fps: 99, ap50: 1 / 100, ar100: 1 },
    // 100 false positives push the true one to rank 101, past maxDets 100.
    { fps: 100, ap50: 0, ar100: 0 },
  ])("keeps only the top 100 detections per image ($fps false positives above the true one)", ({ fps, ap50, ar100 }) => {
    const dets = Array.from({ length: fps }, (_, i) => dt(1, [200 + i * 3, 200, 2, 2], 0.9));
    dets.push(dt(1, [0, 0, 10, 10], 0.5));
    const r = evaluateCoco({ groundTruths: [gt(1, [0, 0, 10, 10])], detections: dets });
    expect(r.stats.AP50).toBeCloseTo(ap50, 12);
    expect(r.stats.AR100).toBe(ar100);
    expect(r.stats.AR10).toBe(0);
  });

  it("reads a match to annotation id 0 as unmatched, as pycocotools does", () => {
    const r = evaluateCoco({ groundTruths: [gt(1, [0, 0, 10, 10], { id: 0 })], detections: [dt(1, [0, 0, 10, 10], 0.9)] });
    expect(r.stats.AP).toBe(0);
    const ok = evaluateCoco({ groundTruths: [gt(1, [0, 0, 10, 10], { id: 1 })], detections: [dt(1, [0, 0, 10, 10], 0.9)] });
    expect(ok.stats.AP).toBeCloseTo(spacingFactor, 12);
  });

  it("matches an IoU exactly equal to a threshold (0.75 here)", () => {
    // [0,0,40,30] vs [0,0,40,40]: 1200 / 1600 = 0.75 → match at t ≤ 0.75, 6 of 10 thresholds.
    const r = evaluateCoco({ groundTruths: [gt(1, [0, 0, 40, 40])], detections: [dt(1, [0, 0, 40, 30], 0.9)] });
    expect(r.stats.AP75).toBeCloseTo(spacingFactor, 12);
    expect(r.stats.AR100).toBeCloseTo(0.6, 12);
  });

  it("drops detections of images or categories that are not evaluated", () => {
    const r = evaluateCoco({
      imageIds: [1],
      categoryIds: [1],
      groundTruths: [gt(1, [0, 0, 10, 10])],
      detections: [dt(1, [0, 0, 10, 10], 0.5), dt(2, [0, 0, 10, 10], 0.9), dt(1, [50, 50, 10, 10], 0.9, 7)],
    });
    expect(r.stats.AP).toBeCloseTo(spacingFactor, 12);
  });
});
