import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { COCO_IOU_THRESHOLDS, COCO_RECALL_THRESHOLDS } from "../../../../src-main/core/metrics/coco-params";
import {
  evaluateCoco,
  type CocoDetection,
  type CocoGroundTruth,
} from "../../../../src-main/core/metrics/coco-eval";
import { formatCocoSummary, precisionIndex } from "../../../../src-main/core/metrics/coco-accumulate";

const dataDir = fileURLToPath(new URL("../../../../../shared/data/", import.meta.url));
const readJson = (rel: string): unknown => JSON.parse(readFileSync(dataDir + rel, "utf8"));

interface RawAnn {
  id: number;
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
  area?: number;
  iscrowd?: number;
  score?: number;
}
interface RawDataset {
  images: { id: number; file_name?: string }[];
  categories: { id: number }[];
  annotations: RawAnn[];
}

const toGt = (a: RawAnn): CocoGroundTruth => ({
  id: a.id,
  imageId: a.image_id,
  categoryId: a.category_id,
  bbox: a.bbox,
  ...(a.area === undefined ? {} : { area: a.area }),
  isCrowd: a.iscrowd === 1,
});

describe("COCO parameters", () => {
  it("uses numpy's linspace doubles for the IoU thresholds", () => {
    expect(COCO_IOU_THRESHOLDS).toEqual([0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95]);
  });
  it("uses i * 0.01 for the recall points, ending on exactly 1", () => {
    expect(COCO_RECALL_THRESHOLDS).toHaveLength(101);
    expect(COCO_RECALL_THRESHOLDS[7]).toBe(7 * 0.01);
    expect(COCO_RECALL_THRESHOLDS[100]).toBe(1);
  });
});

describe("evaluateCoco against pycocotools' own output", () => {
  it("reproduces the 12 stats of cocoeval-tiny to 1e-6", () => {
    // Fixture: ../shared/data/cocoeval-tiny (hand-written, expected stats printed by pycocotools 2.0.11).
    const gt = readJson("cocoeval-tiny/gt.json") as RawDataset;
    const dt = readJson("cocoeval-tiny/dt.json") as RawAnn[];
    const r = evaluateCoco({
      imageIds: gt.images.map((i) => i.id),
      categoryIds: gt.categories.map((c) => c.id),
      groundTruths: gt.annotations.map(toGt),
      detections: dt.map((d) => ({ imageId: d.image_id, categoryId: d.category_id, bbox: d.bbox, score: d.score ?? 0 })),
    });
    const expected = [0.701485, 0.917492, 0.917492, 0.85, 0.6, -1, 0.75, 0.75, 0.75, 0.85, 0.6, -1];
    r.statsArray.forEach((v, i) => expect(v).toBeCloseTo(expected[i] ?? NaN, 6));
    expect(formatCocoSummary(r.statsArray)[0]).toBe(
      " Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.701",
    );
    // Per class, IoU .50 (t = 0): cat 0.8350, dog 1.0 (SOURCE.md hand check).
    const acc = r.accumulation;
    const meanAt = (t: number, k: number): number => {
      let s = 0;
      for (let q = 0; q < 101; q++) s += acc.precision[precisionIndex(acc, t, q, k, 0, 2)] ?? NaN;
      return s / 101;
    };
    expect(meanAt(5, 0)).toBeCloseTo(0.835, 4);
    expect(meanAt(6, 0)).toBeCloseTo(0.505, 4);
    expect(meanAt(6, 1)).toBeCloseTo(1, 12);
    expect(meanAt(7, 1)).toBe(0);
  });

  it("reproduces the 12 stats of the review repo's 100-image COCO sample to 1e-6", () => {
    // Fixture: ../shared/data/odm-samples/review-coco-sample; expected values from the review repo's
    // tests/test_eval_coco.py ("obtained with coco's official implementation"). Detections are dataset-shaped,
    // so their images are matched to the GT's by file name.
    const gt = readJson("odm-samples/review-coco-sample/gts/sampled_gts_bbox_area.json") as RawDataset;
    const dt = readJson("odm-samples/review-coco-sample/dets/sampled_bbox_results.json") as RawDataset;
    const idByName = new Map(gt.images.map((i) => [i.file_name, i.id]));
    const dtImage = new Map(dt.images.map((i) => [i.id, idByName.get(i.file_name)]));
    const detections: CocoDetection[] = dt.annotations.map((a) => ({
      imageId: dtImage.get(a.image_id) ?? -1,
      categoryId: a.category_id,
      bbox: a.bbox,
      score: a.score ?? 0,
    }));
    const r = evaluateCoco({
      imageIds: gt.images.map((i) => i.id),
      categoryIds: gt.categories.map((c) => c.id),
      groundTruths: gt.annotations.map(toGt),
      detections,
    });
    const expected = [
      0.503647, 0.696973, 0.571667, 0.593252, 0.557991, 0.489363, 0.386813, 0.59368, 0.595353, 0.654764, 0.60313,
      0.553744,
    ];
    r.statsArray.forEach((v, i) => expect(v).toBeCloseTo(expected[i] ?? NaN, 6));
  });
});
