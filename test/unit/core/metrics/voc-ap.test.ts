import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { boxFromXyxy } from "../../../../src-main/core/geometry/box";
import {
  computeVocAp,
  vocAllPointAp,
  vocElevenPointAp,
  type VocDetection,
  type VocGroundTruth,
} from "../../../../src-main/core/metrics/voc-ap";

const odm = fileURLToPath(new URL("../../../../../shared/data/odm-samples/", import.meta.url));

/** rafaelpadilla's Object-Detection-Metrics sample: `person l t w h` and `person conf l t w h` per image file. */
function loadOdmSample(): { gts: VocGroundTruth[]; dets: VocDetection[] } {
  const gts: VocGroundTruth[] = [];
  const dets: VocDetection[] = [];
  const base = `${odm}object-detection-metrics/`;
  for (const file of readdirSync(`${base}groundtruths`).sort()) {
    for (const line of readFileSync(`${base}groundtruths/${file}`, "utf8").split("\n")) {
      const f = line.trim().split(/\s+/);
      if (f.length < 5) continue;
      const [x, y, w, h] = f.slice(1).map(Number) as [number, number, number, number];
      gts.push({ imageId: file, box: { x, y, w, h } });
    }
    for (const line of readFileSync(`${base}detections/${file}`, "utf8").split("\n")) {
      const f = line.trim().split(/\s+/);
      if (f.length < 6) continue;
      const [score, x, y, w, h] = f.slice(1).map(Number) as [number, number, number, number, number];
      dets.push({ imageId: file, box: { x, y, w, h }, score });
    }
  }
  return { gts, dets };
}

/** The review repo's toy example: cat boxes from the VOC XML files and `cat conf x y w h` detections. */
function loadToyExample(): { gts: VocGroundTruth[]; dets: VocDetection[] } {
  const base = `${odm}review-toyexample/`;
  const gts: VocGroundTruth[] = [];
  for (const file of readdirSync(`${base}gts_vocpascal_format`)) {
    const xml = readFileSync(`${base}gts_vocpascal_format/${file}`, "utf8");
    for (const obj of xml.match(/<object>[\s\S]*?<\/object>/g) ?? []) {
      if (!/<name>\s*cat\s*<\/name>/.test(obj)) continue;
      const num = (tag: string): number => Number(new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(obj)?.[1]);
      gts.push({ imageId: file.replace(".xml", ""), box: boxFromXyxy(num("xmin"), num("ymin"), num("xmax"), num("ymax")) });
    }
  }
  const dets: VocDetection[] = [];
  for (const file of readdirSync(`${base}dets_classname_abs_xywh`)) {
    for (const line of readFileSync(`${base}dets_classname_abs_xywh/${file}`, "utf8").split("\n")) {
      const f = line.trim().split(/\s+/);
      if (f.length < 6 || f[0] !== "cat") continue;
      const [score, x, y, w, h] = f.slice(1).map(Number) as [number, number, number, number, number];
      dets.push({ imageId: file.replace(".txt", ""), box: { x, y, w, h }, score });
    }
  }
  return { gts, dets };
}

describe("VOC interpolation", () => {
  it.each([
    { name: "a perfect ranking gives 1", recall: [0.5, 1], precision: [1, 1], all: 1, eleven: 1 },
    { name: "TP then FP then TP", recall: [0.5, 0.5, 1], precision: [1, 0.5, 2 / 3], all: 0.5 + 0.5 * (2 / 3), eleven: (6 + 5 * (2 / 3)) / 11 },
    { name: "no detection gives 0", recall: [], precision: [], all: 0, eleven: 0 },
  ])("$name", ({ recall, precision, all, eleven }) => {
    expect(vocAllPointAp(recall, precision)).toBeCloseTo(all, 12);
    expect(vocElevenPointAp(recall, precision)).toBeCloseTo(eleven, 12);
  });

  it("uses numpy's 0.30000000000000004 for the fourth 11-point recall level", () => {
    // Recall exactly 0.3 does not reach numpy's linspace(0, 1, 11)[3]; precision there comes from later points.
    expect(vocElevenPointAp([0.3, 1], [1, 0.5])).toBeCloseTo((3 * 1 + 8 * 0.5) / 11, 12);
  });
});

describe("computeVocAp on rafaelpadilla's sample (7 images, 15 GT, 24 detections)", () => {
  // Fixture: ../shared/data/odm-samples/object-detection-metrics; values from odm-samples/SOURCE.md
  // (upstream results.txt, README and the review repo's tests/test_eval_pascal.py; continuous ones derived there).
  const { gts, dets } = loadOdmSample();
  it.each([
    { iou: 0.1, convention: "plus-one", all: 0.3371980676, eleven: 0.3333333333 },
    { iou: 0.3, convention: "plus-one", all: 0.2456866805, eleven: 0.2683982684 },
    { iou: 0.5, convention: "plus-one", all: 0.0222222222, eleven: 0.0303030303 },
    { iou: 0.75, convention: "plus-one", all: 0, eleven: 0 },
    { iou: 0.1, convention: "continuous", all: 0.2801328502, eleven: 0.3024538867 },
    { iou: 0.3, convention: "continuous", all: 0.2253968254, eleven: 0.2683982684 },
    { iou: 0.5, convention: "continuous", all: 0.0222222222, eleven: 0.0303030303 },
  ] as const)("gives AP $all (all-point) and $eleven (11-point) at IoU $iou with $convention pixels", (row) => {
    const opts = { iouThreshold: row.iou, pixelConvention: row.convention } as const;
    expect(computeVocAp(gts, dets, opts).ap).toBeCloseTo(row.all, 9);
    expect(computeVocAp(gts, dets, { ...opts, interpolation: "11-point" }).ap).toBeCloseTo(row.eleven, 9);
  });

  it("ranks the 24 detections with 7 TP at IoU 0.3 (README table)", () => {
    const r = computeVocAp(gts, dets, { iouThreshold: 0.3, pixelConvention: "plus-one" });
    expect(r.gtCount).toBe(15);
    expect(r.isTp.filter(Boolean)).toHaveLength(7);
    expect(r.recall.at(-1)).toBeCloseTo(7 / 15, 12);
  });
});

describe("computeVocAp on the review repo's toy example (cat)", () => {
  // Fixture: ../shared/data/odm-samples/review-toyexample; README values quoted in SOURCE.md.
  const { gts, dets } = loadToyExample();
  it.each([
    { iou: 0.5, all: 0.8958333333, eleven: 0.8863636364 },
    { iou: 0.75, all: 0.5097222222, eleven: 0.4924242424 },
  ])("gives $all (all-point) and $eleven (11-point) at IoU $iou", ({ iou, all, eleven }) => {
    expect(computeVocAp(gts, dets, { iouThreshold: iou }).ap).toBeCloseTo(all, 9);
    expect(computeVocAp(gts, dets, { iouThreshold: iou, interpolation: "11-point" }).ap).toBeCloseTo(eleven, 9);
  });
});

describe("computeVocAp matching rules", () => {
  const gt = (x: number, difficult = false): VocGroundTruth => ({ imageId: 1, box: { x, y: 0, w: 10, h: 10 }, difficult });
  const det = (x: number, score: number): VocDetection => ({ imageId: 1, box: { x, y: 0, w: 10, h: 10 }, score });
  it("counts a second detection on a taken GT as a false positive without falling back", () => {
    const r = computeVocAp([gt(0), gt(4)], [det(0, 0.9), det(1, 0.8)], { iouThreshold: 0.5 });
    expect(r.isTp).toEqual([true, false]);
  });
  it("ignores detections on difficult GT and leaves them out of the GT count", () => {
    const r = computeVocAp([gt(0, true), gt(50)], [det(0, 0.9), det(50, 0.8)]);
    expect(r.gtCount).toBe(1);
    expect(r.isTp).toEqual([true]);
    expect(r.ap).toBe(1);
  });
  it("accepts IoU equal to the threshold unless the rule is greater-than", () => {
    // IoU of [0,10] and [5,15] (continuous) = 50 / 150.
    expect(computeVocAp([gt(0)], [det(5, 0.9)], { iouThreshold: 50 / 150 }).ap).toBe(1);
    expect(computeVocAp([gt(0)], [det(5, 0.9)], { iouThreshold: 50 / 150, matchRule: "greater-than" }).ap).toBe(0);
  });
});
