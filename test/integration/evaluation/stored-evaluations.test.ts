import { readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Host } from "../../../src-main/host/create-host";
import { addPictures, storeFakePredictions } from "../../helpers/project-fixture";
import { tempDir, testHost } from "../../helpers/temp";

let t: ReturnType<typeof tempDir>;
let host: Host;
let cls: number[];
let ids: number[];
let modelId: string;

const box = (x: number, y: number, w: number, h: number) => ({ x, y, w, h });

beforeEach(async () => {
  t = tempDir();
  host = testHost(t.dir).host;
  const p = await host.call("projects", "create", { parentDir: t.dir, name: "ev", classes: ["crop", "weed"] });
  cls = p.classes.map((c) => c.id);
  ids = await addPictures(host, join(t.dir, "data"), ["a.jpg", "b.jpg", "c.jpg"].map((name) => ({ name, width: 200, height: 150, background: { r: 90, g: 120, b: 70 } })), "val");
  const [a, b, c] = ids as [number, number, number];
  await host.call("labels", "applyEdits", {
    edits: [
      { kind: "create", imageId: a, classId: cls[0]!, box: box(10, 10, 50, 40) },
      { kind: "create", imageId: b, classId: cls[1]!, box: box(100, 50, 40, 40) },
    ],
  });
  await host.call("labels", "applyEdits", { edits: [{ kind: "setImageEmpty", imageId: c, empty: true }] });
  modelId = storeFakePredictions(host, ["crop", "weed"], [
    { imageId: a, boxes: [{ classIndex: 0, score: 0.9, ...box(10, 10, 50, 40) }] },
    { imageId: b, boxes: [] },
    { imageId: c, boxes: [{ classIndex: 0, score: 0.8, ...box(20, 20, 30, 30) }, { classIndex: 1, score: 0.3, ...box(120, 90, 30, 30) }] },
  ]);
});
afterEach(async () => {
  await host.dispose();
  t.cleanup();
});

describe("stored evaluations", () => {
  it("lists an evaluation without its curves and gives it whole with PR curves and the confusion matrix", async () => {
    const r = await host.call("evaluation", "run", { modelId, split: "val" });
    const list = await host.call("evaluation", "list", { modelId });
    expect(list.map((e) => [e.id, e.split, e.iteration, e.imageCount, e.labelCount, e.hasErrorReport])).toEqual([[r.id, "val", null, 3, 2, true]]);
    expect(list[0]?.coco.AP).toBeCloseTo(r.coco.AP ?? -1, 9);
    expect(list[0]?.prf?.atConfidence).toMatchObject({ tp: 1, fp: 2, fn: 1 });
    expect(await host.call("evaluation", "list", { split: "train" })).toEqual([]);

    const d = await host.call("evaluation", "get", { evaluationId: r.id });
    expect(d.prCurves.recall).toHaveLength(101);
    expect(d.prCurves.iou50.map((c) => c.classId)).toEqual(cls);
    // crop: its one GT is found at 0.9 before any false crop → precision 1 at every recall point
    expect(d.prCurves.iou50[0]?.precision[100]).toBe(1);
    // a: crop→crop; b: weed missed; c: crop and weed predicted on background
    expect(d.confusion).toEqual({ classIds: cls, counts: [[1, 0, 0], [0, 0, 1], [1, 1, 0]] });
    await expect(host.call("evaluation", "get", { evaluationId: 999 })).rejects.toMatchObject({ code: "E_NOT_FOUND" });
  });

  it("lists the error items with file and class names, filters them and serves each crop by id", async () => {
    const r = await host.call("evaluation", "run", { modelId, split: "val" });
    const all = await host.call("evaluation", "errors", { evaluationId: r.id });
    expect(all.items.map((i) => [i.kind, i.index, i.fileName, i.className, i.category])).toEqual([
      ["fn", 0, "b.jpg", "weed", "low_contrast"], // a uniform image: its primary category is low contrast
      ["fp", 0, "c.jpg", "crop", "background"],
      ["fp", 1, "c.jpg", "weed", "background"],
    ]);
    expect(all.categories).toContainEqual({ kind: "fp", category: "background", count: 2 });
    const weed = await host.call("evaluation", "errors", { evaluationId: r.id, filter: { kind: "fp", classId: cls[1]! } });
    expect(weed.items.map((i) => i.score)).toEqual([0.3]);
    const confident = await host.call("evaluation", "errors", { evaluationId: r.id, filter: { minScore: 0.5 } });
    expect(confident.items.map((i) => [i.kind, i.score])).toEqual([["fp", 0.8]]);

    const project = host.sessions.require();
    const crop = host.resolveCrop(project.id, r.id, "fp", 1);
    expect(crop).toMatch(/fp_crops\/0002_\d+_background\.jpg$/);
    expect(readFileSync(crop).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(() => host.resolveCrop(project.id, r.id, "fn", 5)).toThrow(/no crop fn 5/);
    expect(() => host.resolveCrop("00000000-0000-0000-0000-000000000000", r.id, "fn", 0)).toThrow(/not open/);
  });

  it("refuses a report folder stored outside the project, by .. or by a symlink", async () => {
    const r = await host.call("evaluation", "run", { modelId, split: "val" });
    const project = host.sessions.require();
    project.db.prepare("UPDATE evaluations SET report_dir = ? WHERE id = ?").run("../data", r.id);
    expect(() => host.resolveCrop(project.id, r.id, "fn", 0)).toThrow(/not inside the project/);
    await expect(host.call("evaluation", "errors", { evaluationId: r.id })).rejects.toMatchObject({ code: "E_FORBIDDEN" });
    symlinkSync(join(t.dir, "data"), join(project.dir, "outside"));
    project.db.prepare("UPDATE evaluations SET report_dir = ? WHERE id = ?").run("outside", r.id);
    expect(() => host.resolveCrop(project.id, r.id, "fn", 0)).toThrow(/outside the project/);
  });
});

describe("models.promote", () => {
  it("makes a model the loop's best and says so in every ModelInfo", async () => {
    expect((await host.call("models", "get", { modelId })).isBest).toBe(false);
    const m = await host.call("models", "promote", { modelId });
    expect(m.isBest).toBe(true);
    expect((await host.call("models", "list", {})).map((x) => x.isBest)).toEqual([true]);
    const row = host.sessions.require().db.prepare("SELECT status, best_model_id FROM loop_state WHERE id = 1").get();
    expect(row).toEqual({ status: "idle", best_model_id: modelId });
  });

  it("refuses while the loop runs, and refuses an unknown model", async () => {
    const db = host.sessions.require().db;
    db.prepare("INSERT INTO loop_state (id, status, updated_at) VALUES (1, 'running', 1)").run();
    await expect(host.call("models", "promote", { modelId })).rejects.toMatchObject({ code: "E_CONFLICT", message: expect.stringContaining("the loop is running") });
    await expect(host.call("models", "promote", { modelId: "nope" })).rejects.toMatchObject({ code: "E_NOT_FOUND" });
  });
});
