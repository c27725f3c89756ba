import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Host } from "../../../src-main/host/create-host";
import { addPictures, storeFakePredictions } from "../../helpers/project-fixture";
import { tempDir, testHost } from "../../helpers/temp";

let t: ReturnType<typeof tempDir>;
let host: Host;
let cls: number[];

beforeEach(async () => {
  t = tempDir();
  host = testHost(t.dir).host;
  const p = await host.call("projects", "create", { parentDir: t.dir, name: "ev", classes: ["crop", "weed"] });
  cls = p.classes.map((c) => c.id);
});
afterEach(async () => {
  await host.dispose();
  t.cleanup();
});

/** Real 200×150 images (so crops and contrast can be read), registered in `split`. */
async function images(names: string[], split: "val" | "pool"): Promise<number[]> {
  return addPictures(host, join(t.dir, "data"), names.map((name) => ({ name, width: 200, height: 150, background: { r: 90, g: 120, b: 70 } })), split);
}

const box = (x: number, y: number, w: number, h: number) => ({ x, y, w, h });

describe("evaluation.run on stored predictions", () => {
  it("gives hand-checked COCO, VOC and P/R/F1 numbers, categorises every error and writes the report with crops", async () => {
    const [a, b, c, d] = await images(["a.jpg", "b.jpg", "c.jpg", "d.jpg"], "val");
    await host.call("labels", "applyEdits", {
      edits: [
        { kind: "create", imageId: a!, classId: cls[0]!, box: box(10, 10, 50, 40) },
        { kind: "create", imageId: b!, classId: cls[1]!, box: box(100, 50, 40, 40) },
        { kind: "create", imageId: d!, classId: cls[0]!, box: box(0, 0, 30, 30) },
      ],
    });
    await host.call("labels", "applyEdits", { edits: [{ kind: "setImageEmpty", imageId: c!, empty: true }] });
    const modelId = storeFakePredictions(host, ["crop", "weed"], [
      { imageId: a!, boxes: [{ classIndex: 0, score: 0.9, ...box(10, 10, 50, 40) }] }, // TP
      { imageId: b!, boxes: [] }, // the weed is missed
      { imageId: c!, boxes: [{ classIndex: 0, score: 0.8, ...box(20, 20, 30, 30) }] }, // FP on background
      { imageId: d!, boxes: [{ classIndex: 1, score: 0.7, ...box(0, 0, 30, 30) }] }, // right place, wrong class
    ]);
    const r = await host.call("evaluation", "run", { modelId, split: "val" });
    expect([r.imageCount, r.labelCount, r.predictionCount, r.unpredictedImages]).toEqual([4, 3, 3, 0]);
    // crop: recall reaches 0.5 at precision 1 → 51 of 101 recall points; weed: 0. Mean over the two classes.
    expect(r.coco.AP).toBeCloseTo((51 / 101) / 2, 6);
    expect(r.coco.AP50).toBeCloseTo((51 / 101) / 2, 6);
    // VOC all-point: crop 0.5 × 1 = 0.5, weed 0 → 0.25
    expect(r.vocMap50).toBeCloseTo(0.25, 9);
    expect(r.prf.atConfidence).toMatchObject({ tp: 1, fp: 2, fn: 2 });
    expect(r.prf.atConfidence.f1).toBeCloseTo(1 / 3, 9);
    expect(r.perClass.map((k) => [k.name, k.gtCount, k.atConfidence.tp, k.atConfidence.fp, k.atConfidence.fn])).toEqual([
      ["crop", 2, 1, 1, 1],
      ["weed", 1, 0, 1, 1],
    ]);
    expect(r.errors.fp.byCategory).toMatchObject({ background: 1, wrong_class: 1, duplicate: 0, localization: 0 });
    expect(r.errors.fn.total).toBe(2);
    expect(r.errors.fn.byCategory).toMatchObject({ medium: 1, small: 1, at_border: 1, confused_class: 1, low_contrast: 2, crowded: 0 });

    // stored as a row, with the curves and the confusion matrix that the report does not carry
    const row = host.sessions.require().db.prepare("SELECT model_id, split, pr_curves, confusion FROM evaluations WHERE id = ?").get(r.id) as { model_id: string; split: string; pr_curves: string; confusion: string };
    expect([row.model_id, row.split]).toEqual([modelId, "val"]);
    // a: crop→crop; b: weed missed (→ background); c: crop on background; d: crop GT predicted as weed
    expect(JSON.parse(row.confusion)).toEqual({ classIds: [cls[0], cls[1]], counts: [[1, 1, 0], [0, 0, 1], [1, 0, 0]] });
    const curves = JSON.parse(row.pr_curves) as { recall: number[]; iou50: { classId: number; precision: number[] }[]; iou50to95: { precision: number[] }[] };
    expect(curves.recall).toHaveLength(101);
    const crop = curves.iou50.find((c) => c.classId === cls[0])!;
    expect([crop.precision[0], crop.precision[50], crop.precision[51], crop.precision[100]]).toEqual([1, 1, 0, 0]);
    expect(curves.iou50to95[0]?.precision[50]).toBe(1); // the TP box is exact: every IoU threshold agrees

    const dir = r.reportDir!;
    expect(readdirSync(join(dir, "fn_crops"))).toHaveLength(2);
    expect(readdirSync(join(dir, "fp_crops"))).toHaveLength(2);
    const saved = JSON.parse(readFileSync(join(dir, "error_report.json"), "utf8")) as { items: { fn: unknown[]; fp: { category: string }[] } };
    expect(saved.items.fp.map((f) => f.category).sort()).toEqual(["background", "wrong_class"]);
    const meta = await sharp(join(dir, "fn_crops", readdirSync(join(dir, "fn_crops"))[0]!)).metadata();
    expect(meta.width).toBeGreaterThan(30); // the box plus its context margin

    // The same errors as a review batch: most errors first, each task opening on its first error.
    const again = await host.call("evaluation", "run", { modelId, split: "val", writeReport: false, batchName: "val errors" });
    expect(again.reportDir).toBeNull();
    const tasks = (await host.call("review", "tasks", { batchId: again.batch!.id })).items;
    expect(tasks.map((x) => x.image.id)).toEqual([d, b, c]);
    // the test images are one flat colour, so every missed box is also "low contrast"
    expect(tasks[0]?.reasons).toEqual(["missed (small, at_border, low_contrast, confused_class)", "false detection: wrong class at 0.70"]);
    expect(tasks[0]?.roi).toEqual({ x: 0, y: 0, w: 90, h: 90 });
  });

  it("says what to run when the model has not predicted the split", async () => {
    const [a] = await images(["a.jpg"], "val");
    await host.call("labels", "applyEdits", { edits: [{ kind: "create", imageId: a!, classId: cls[0]!, box: box(1, 1, 5, 5) }] });
    const modelId = storeFakePredictions(host, ["crop"], []);
    const res = await host.dispatch("evaluation.run", { modelId });
    expect(res).toMatchObject({ ok: false, error: { code: "E_CONFLICT", message: expect.stringContaining("loupe predict --split val") } });
    expect(existsSync(join(t.dir, "ev.loupe", "iterations", "manual"))).toBe(false);
  });
});

describe("selection.run over the pool", () => {
  it("chooses a budget of unlabeled pool images with reasons, deterministically, and makes a review batch in rank order", async () => {
    const pool = await images(["p1.jpg", "p2.jpg", "p3.jpg", "p4.jpg"], "pool");
    const [v] = await images(["v.jpg"], "val");
    await host.call("labels", "applyEdits", {
      edits: Array.from({ length: 9 }, (_, i) => ({ kind: "create" as const, imageId: v!, classId: cls[0]!, box: box(i * 20, 10, 15, 15) })),
    });
    const modelId = storeFakePredictions(host, ["crop", "weed"], [
      { imageId: pool[0]!, boxes: [{ classIndex: 0, score: 0.95, ...box(10, 10, 60, 60) }] },
      { imageId: pool[1]!, boxes: [{ classIndex: 1, score: 0.45, ...box(50, 40, 20, 20) }, { classIndex: 1, score: 0.5, ...box(120, 90, 30, 30) }] },
      { imageId: pool[2]!, boxes: [{ classIndex: 0, score: 0.55, ...box(5, 5, 10, 10) }] },
      { imageId: pool[3]!, boxes: [] },
    ]);
    const dry = await host.call("selection", "run", { modelId, strategy: "multi-factor", budget: 2, seed: 1 });
    const first = await host.call("selection", "run", { modelId, strategy: "multi-factor", budget: 2, seed: 1, batchName: "round 1" });
    expect(first.chosen.map((c) => c.imageId)).toEqual(dry.chosen.map((c) => c.imageId));
    expect(first.poolSize).toBe(4);
    expect(first.chosen).toHaveLength(2);
    // the rare class (weed: no labels yet) at uncertain scores wins first place
    expect(first.chosen[0]?.imageId).toBe(pool[1]);
    expect(first.chosen[0]?.reasons.join(" ")).toMatch(/weed/);
    expect(Object.keys(first.chosen[0]?.factors ?? {}).sort()).toEqual(["classBalance", "sizeDiversity", "spatialDiversity", "uncertainty"]);
    const tasks = (await host.call("review", "tasks", { batchId: first.batch!.id })).items;
    expect(tasks.map((x) => [x.image.id, x.reasons])).toEqual(first.chosen.map((c) => [c.imageId, c.reasons]));
    expect(first.batch?.modelId).toBe(modelId);
    // crop-first: the task opens on the most uncertain box (score 0.50 at 120,90 30×30), grown ×3 around its centre
    // (135,105) to 90×90 and kept inside the 200×150 image → (90, 60)
    expect(tasks[0]?.roi).toEqual({ x: 90, y: 60, w: 90, h: 90 });

    // the images now in the open batch are never chosen again: the next round picks from the other two
    const next = await host.call("selection", "run", { modelId, strategy: "multi-factor", budget: 2, seed: 1 });
    expect(next.poolSize).toBe(2);
    expect(next.chosen.map((c) => c.imageId).sort()).toEqual(pool.filter((id) => !first.chosen.some((c) => c.imageId === id)).sort());
    // every run is stored, with what it chose and the batch it became
    const db = host.sessions.require().db;
    const stored = db.prepare("SELECT strategy, budget, pool_size AS poolSize, batch_id AS batchId, chosen FROM selections ORDER BY id").all() as { strategy: string; budget: number; poolSize: number; batchId: number | null; chosen: string }[];
    expect(stored.map((r) => [r.poolSize, r.batchId])).toEqual([[4, null], [4, first.batch!.id], [2, null]]);
    expect((JSON.parse(stored[1]!.chosen) as { imageId: number }[]).map((c) => c.imageId)).toEqual(first.chosen.map((c) => c.imageId));

    const random = await host.call("selection", "run", { modelId, budget: 3, strategy: "random", seed: 5 });
    expect(random.chosen.every((c) => c.factors === null)).toBe(true);
    // without a strategy: entropy, the default the learning benchmark supports
    const byDefault = await host.call("selection", "run", { modelId, budget: 1, seed: 1 });
    expect(byDefault.strategy).toBe("entropy");
    expect(byDefault.chosen[0]?.reasons[0]).toMatch(/^entropy score \d\.\d\d over \d+ boxes$/);
  });
});
