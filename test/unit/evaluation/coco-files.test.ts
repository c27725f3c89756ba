import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { evaluateCoco } from "../../../src-main/core/metrics/coco-eval";
import {
  buildCocoEvalInput,
  evaluateCocoFiles,
  parseCocoGroundTruth,
  parseCocoResults,
} from "../../../src-main/evaluation/coco-files";

const odm = fileURLToPath(new URL("../../../../shared/data/odm-samples/", import.meta.url));
const tiny = fileURLToPath(new URL("../../../../shared/data/cocoeval-tiny/", import.meta.url));

interface RawAnn {
  id: number;
  image_id: number;
  category_id: number;
  bbox: number[];
  score?: number;
  [k: string]: unknown;
}
interface RawDataset {
  images: { id: number; file_name: string }[];
  annotations: RawAnn[];
  categories: unknown[];
}

/** The toy example's detections are dataset-shaped; turn them into a results list on the GT's image ids. */
function toyExample(): { gt: RawDataset; results: unknown[] } {
  const gt = JSON.parse(readFileSync(`${odm}review-toyexample/gts_coco_format/toy_example_coco.JSON`, "utf8")) as RawDataset;
  const dt = JSON.parse(readFileSync(`${odm}review-toyexample/dets_coco_format/coco_dets.json`, "utf8")) as RawDataset;
  const byName = new Map(gt.images.map((i) => [i.file_name, i.id]));
  const imageOf = new Map(dt.images.map((i) => [i.id, byName.get(i.file_name)]));
  const results = dt.annotations.map((a) => ({ image_id: imageOf.get(a.image_id), category_id: a.category_id, bbox: a.bbox, score: a.score }));
  return { gt, results };
}

const evaluate = (gt: unknown, results: unknown) =>
  evaluateCoco(buildCocoEvalInput(parseCocoGroundTruth(gt, "gt.json"), parseCocoResults(results, "dt.json"), "dt.json"));

describe("COCO files as pycocotools loads them", () => {
  it("reproduces pycocotools on the toy example as shipped, annotation id 0 included (SOURCE.md)", () => {
    const { gt, results } = toyExample();
    const s = evaluate(gt, results).stats;
    expect(s.AP).toBeCloseTo(0.495217, 6);
    expect(s.AP50).toBeCloseTo(0.759488, 6);
    expect(s.AP75).toBeCloseTo(0.396287, 6);
    expect(s.AR100).toBeCloseTo(0.583333, 6);
  });

  it("reproduces pycocotools on the toy example with annotation ids renumbered from 1 (SOURCE.md)", () => {
    const { gt, results } = toyExample();
    const renumbered = { ...gt, annotations: gt.annotations.map((a, i) => ({ ...a, id: i + 1 })) };
    const s = evaluate(renumbered, results).stats;
    const expected = { AP: 0.597923, AP50: 0.890264, AP75: 0.509241, APs: -1, APm: -1, APl: 0.597923, AR1: 0.55, AR10: 0.658333, AR100: 0.658333, ARl: 0.658333 };
    for (const [k, v] of Object.entries(expected)) expect(s[k as keyof typeof s]).toBeCloseTo(v, 6);
  });

  it("reproduces pycocotools on rafaelpadilla's sample as COCO (200×200 images, ids from 1; SOURCE.md)", () => {
    const base = `${odm}object-detection-metrics/`;
    const files = readdirSync(`${base}groundtruths`).sort();
    const annotations: RawAnn[] = [];
    const results: RawAnn[] = [];
    files.forEach((file, i) => {
      for (const line of readFileSync(`${base}groundtruths/${file}`, "utf8").split("\n")) {
        const f = line.trim().split(/\s+/).slice(1).map(Number);
        if (f.length === 4) annotations.push({ id: annotations.length + 1, image_id: i + 1, category_id: 1, bbox: f, area: (f[2] ?? 0) * (f[3] ?? 0), iscrowd: 0 });
      }
      for (const line of readFileSync(`${base}detections/${file}`, "utf8").split("\n")) {
        const f = line.trim().split(/\s+/).slice(1).map(Number);
        if (f.length === 5) results.push({ id: 0, image_id: i + 1, category_id: 1, score: f[0], bbox: f.slice(1) });
      }
    });
    const gt = { images: files.map((_, i) => ({ id: i + 1, width: 200, height: 200 })), categories: [{ id: 1, name: "person" }], annotations };
    const s = evaluate(gt, results).stats;
    const expected = { AP: 0.00462, AP50: 0.023102, AP75: 0, APs: -1, APm: 0.00462, APl: -1, AR1: 0.013333, AR10: 0.013333, AR100: 0.013333, ARm: 0.013333 };
    for (const [k, v] of Object.entries(expected)) expect(s[k as keyof typeof s]).toBeCloseTo(v, 6);
  });

  it("resolves duplicate annotation ids to the last annotation with that id, as loadAnns does", () => {
    // Both entries become the second box: the first GT box is never seen, the second counts twice.
    const gt = {
      images: [{ id: 1 }],
      categories: [{ id: 1 }],
      annotations: [
        { id: 5, image_id: 1, category_id: 1, bbox: [0, 0, 10, 10] },
        { id: 5, image_id: 1, category_id: 1, bbox: [50, 50, 10, 10] },
      ],
    };
    const input = buildCocoEvalInput(parseCocoGroundTruth(gt, "gt.json"), [], "dt.json");
    expect(input.groundTruths.map((g) => g.bbox[0])).toEqual([50, 50]);
  });
});

describe("COCO file errors", () => {
  const gtOk = { images: [{ id: 1 }], categories: [{ id: 1, name: "cat" }], annotations: [] };
  it.each([
    { name: "a GT file without images", gt: { annotations: [], categories: [] }, dt: [], message: 'gt.json: "images" must be an array' },
    { name: "a bbox with three numbers", gt: { ...gtOk, annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 1] }] }, dt: [], message: "gt.json: annotations[0].bbox must be [x, y, width, height]" },
    { name: "a result without score", gt: gtOk, dt: [{ image_id: 1, category_id: 1, bbox: [0, 0, 1, 1] }], message: "dt.json: [0].score must be a finite number" },
    { name: "a result on an unknown image", gt: gtOk, dt: [{ image_id: 9, category_id: 1, bbox: [0, 0, 1, 1], score: 1 }], message: "dt.json: results refer to image id 9, which is not among the ground truth's images" },
    { name: "a dataset file given as results", gt: gtOk, dt: gtOk, message: "dt.json: expected a COCO results list [{ image_id, category_id, bbox, score }, …] (this looks like a dataset file)" },
  ])("rejects $name with E_DATASET_FORMAT", ({ gt, dt, message }) => {
    expect(() => evaluate(gt, dt)).toThrow(expect.objectContaining({ code: "E_DATASET_FORMAT", message, file: message.split(":")[0] }));
  });

  it("reads files from disk and names a file that is not JSON", async () => {
    const dir = mkdtempSync(join(tmpdir(), "loupe-coco-"));
    writeFileSync(join(dir, "bad.json"), "{ nope");
    await expect(evaluateCocoFiles(join(dir, "bad.json"), `${tiny}dt.json`)).rejects.toMatchObject({ code: "E_DATASET_FORMAT", file: join(dir, "bad.json") });
    const ok = await evaluateCocoFiles(`${tiny}gt.json`, `${tiny}dt.json`);
    expect(ok.result.stats.AP).toBeCloseTo(0.701485, 6);
    expect(ok.categoryNames.get(2)).toBe("dog");
  });

  it("reads a plain results file straight into columns with the same numbers as the general path, and the same errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "loupe-coco-"));
    const { gt, results } = toyExample();
    writeFileSync(join(dir, "gt.json"), JSON.stringify(gt));
    writeFileSync(join(dir, "dt.json"), JSON.stringify(results));
    // string image ids are not the plain shape: the same detections then take the general path
    const gtStr = { ...gt, images: gt.images.map((i) => ({ ...i, id: `im${i.id}` })), annotations: gt.annotations.map((a) => ({ ...a, image_id: `im${a.image_id}` })) };
    writeFileSync(join(dir, "gt-str.json"), JSON.stringify(gtStr));
    writeFileSync(join(dir, "dt-str.json"), JSON.stringify((results as RawAnn[]).map((r) => ({ ...r, image_id: `im${r.image_id}` }))));
    const fast = await evaluateCocoFiles(join(dir, "gt.json"), join(dir, "dt.json"));
    const general = await evaluateCocoFiles(join(dir, "gt-str.json"), join(dir, "dt-str.json"));
    expect(fast.result.stats.AP).toBeCloseTo(0.495217, 6);
    expect(fast.result.statsArray).toEqual(general.result.statsArray);
    expect(fast.detectionCount).toBe(results.length);
    writeFileSync(join(dir, "dt-unknown.json"), JSON.stringify([{ image_id: 999, category_id: 1, bbox: [0, 0, 1, 1], score: 1 }]));
    await expect(evaluateCocoFiles(join(dir, "gt.json"), join(dir, "dt-unknown.json"))).rejects.toMatchObject({
      code: "E_DATASET_FORMAT",
      message: `${join(dir, "dt-unknown.json")}: results refer to image id 999, which is not among the ground truth's images`,
    });
  });
});
