import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Host } from "../../../src-main/host/create-host";
import { projectWithImages, storeFakePredictions } from "../../helpers/project-fixture";
import { tempDir, testHost } from "../../helpers/temp";

let t: ReturnType<typeof tempDir>;
let host: Host;
let img: number[];
let cls: number[];
let modelId: string;
beforeEach(async () => {
  t = tempDir();
  ({ host } = testHost(t.dir));
  const p = await projectWithImages(host, t.dir, 5);
  img = p.imageIds;
  cls = p.classIds;
  // image 0: crop (manual); image 1: weed (manual); image 2: crop (import); images 3, 4: no labels
  const create = (imageId: number, classId: number) => ({ kind: "create" as const, imageId, classId, box: { x: 1, y: 1, w: 10, h: 10 } });
  await host.call("labels", "applyEdits", { edits: [create(img[0]!, cls[0]!), create(img[1]!, cls[1]!)] });
  host.sessions.require().db.prepare("INSERT INTO labels (id, image_id, class_id, x, y, w, h, source, author, created_at, updated_at) VALUES ('imp', ?, ?, 1, 1, 5, 5, 'import', 'x', 1, 1)").run(img[2], cls[0]);
  // predictions: image 0 at 0.95, image 1 at 0.3 and 0.6, image 3 at 0.1
  const b = (score: number) => ({ classIndex: 0, score, x: 1, y: 1, w: 5, h: 5 });
  modelId = storeFakePredictions(host, ["crop", "weed"], [
    { imageId: img[0]!, boxes: [b(0.95)] },
    { imageId: img[1]!, boxes: [b(0.3), b(0.6)] },
    { imageId: img[3]!, boxes: [b(0.1)] },
  ]);
});
afterEach(async () => {
  await host.dispose();
  t.cleanup();
});

const ids = async (filter: Record<string, unknown>, offset = 0, limit = 100) => {
  const page = await host.call("images", "list", { ...filter, offset, limit });
  return { ids: page.items.map((i) => img.indexOf(i.id)), total: page.total };
};

describe("images.list", () => {
  it("filters by class, label source and a model's confidence range, together with split and status", async () => {
    expect(await ids({ classId: cls[0] })).toEqual({ ids: [0, 2], total: 2 });
    expect(await ids({ labelSource: "manual" })).toEqual({ ids: [0, 1], total: 2 });
    expect(await ids({ labelSource: "import" })).toEqual({ ids: [2], total: 1 });
    expect(await ids({ modelId, minScore: 0.5 })).toEqual({ ids: [0, 1], total: 2 });
    expect(await ids({ modelId, minScore: 0.2, maxScore: 0.5 })).toEqual({ ids: [1], total: 1 });
    expect(await ids({ modelId })).toEqual({ ids: [0, 1, 3], total: 3 });
    expect(await ids({ status: "labeled", modelId, maxScore: 0.99 })).toEqual({ ids: [0, 1], total: 2 });
    expect(await ids({ split: "val", classId: cls[0] })).toEqual({ ids: [], total: 0 });
  });

  it("pages in id order with the total, and sees a change made between two pages", async () => {
    expect(await ids({}, 1, 2)).toEqual({ ids: [1, 2], total: 5 });
    expect(await ids({}, 4, 2)).toEqual({ ids: [4], total: 5 });
    expect(await ids({}, 9, 2)).toEqual({ ids: [], total: 5 });
    expect(await ids({ classId: cls[1] })).toEqual({ ids: [1], total: 1 });
    await host.call("labels", "applyEdits", { edits: [{ kind: "create", imageId: img[4]!, classId: cls[1]!, box: { x: 1, y: 1, w: 3, h: 3 } }] });
    expect(await ids({ classId: cls[1] })).toEqual({ ids: [1, 4], total: 2 });
    // another connection (the CLI while the app is open) writes too
    const other = new Database(host.sessions.require().db.name);
    other.prepare("INSERT INTO labels (id, image_id, class_id, x, y, w, h, source, author, created_at, updated_at) VALUES ('cli', ?, ?, 1, 1, 5, 5, 'manual', 'x', 1, 1)").run(img[3], cls[1]);
    other.close();
    expect(await ids({ classId: cls[1] })).toEqual({ ids: [1, 3, 4], total: 3 });
  });

  it("refuses a confidence range without a model", async () => {
    const res = await host.dispatch("images.list", { minScore: 0.5 });
    expect(res).toMatchObject({ ok: false, error: { code: "E_VALIDATION", message: expect.stringContaining("give modelId too") } });
  });

  it("gives the boxes thumbnails draw: labels with source and state, and a model's predictions above a score", async () => {
    const boxes = await host.call("images", "boxes", { imageIds: [img[1]!, img[2]!, img[4]!], modelId, minScore: 0.5 });
    expect(boxes.map((b) => [img.indexOf(b.imageId), b.labels.map((l) => [l.classId, l.source, l.reviewState, l.box.w]), b.predictions.map((p) => [p.score, p.className, p.classId])])).toEqual([
      [1, [[cls[1], "manual", "pending", 10]], [[0.6, "crop", cls[0]]]],
      [2, [[cls[0], "import", "pending", 5]], []],
      [4, [], []],
    ]);
    const noModel = await host.call("images", "boxes", { imageIds: [img[0]!] });
    expect(noModel[0]?.predictions).toEqual([]);
    expect(await host.dispatch("images.boxes", { imageIds: [img[0]!], modelId: "nope" })).toMatchObject({ ok: false, error: { code: "E_NOT_FOUND" } });
    expect(await host.dispatch("images.boxes", { imageIds: [] })).toMatchObject({ ok: false, error: { code: "E_VALIDATION" } });
  });
});
