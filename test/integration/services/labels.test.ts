import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Host } from "../../../src-main/host/create-host";
import { projectWithImages } from "../../helpers/project-fixture";
import { tempDir, testHost } from "../../helpers/temp";

let t: ReturnType<typeof tempDir>;
let host: Host;
let clock: { t: number };
let img: number[];
let cls: number[];
beforeEach(async () => {
  t = tempDir();
  ({ host, clock } = testHost(t.dir));
  const p = await projectWithImages(host, t.dir, 2);
  img = p.imageIds;
  cls = p.classIds;
});
afterEach(async () => {
  await host.dispose();
  t.cleanup();
});

const box = (x: number, y: number, w = 20, h = 10) => ({ x, y, w, h });
const create = (imageId: number, classId: number, b = box(10, 10), id?: string) => ({ kind: "create" as const, imageId, classId, box: b, ...(id ? { id } : {}) });

describe("labels.applyEdits", () => {
  it("stores a batch in one transaction with one audit event per change, and the image becomes labeled", async () => {
    clock.t = 5000;
    const res = await host.call("labels", "applyEdits", { author: "ada", edits: [create(img[0]!, cls[0]!, box(1, 2, 3, 4), "a"), create(img[0]!, cls[1]!)] });
    expect(res.labels.map((l) => [l.id === "a", l.author, l.version, l.createdAt])).toEqual([[true, "ada", 1, 5000], [false, "ada", 1, 5000]]);
    expect(res.images.map((i) => [i.id, i.status, i.labelCount])).toEqual([[img[0], "labeled", 2]]);
    const events = await host.call("labels", "events", { batchId: res.batchId });
    // newest first: the status change caused by the first box, and two creates
    expect(events.map((e) => [e.entity, e.action, e.actor, e.at]).sort()).toEqual([
      ["image", "status", "ada", 5000],
      ["label", "create", "ada", 5000],
      ["label", "create", "ada", 5000],
    ]);
    const status = events.find((e) => e.entity === "image");
    expect([status?.before, status?.after]).toEqual(["unlabeled", "labeled"]);
    const stored = await host.call("images", "get", { imageId: img[0]! });
    expect(stored.labels.find((l) => l.id === "a")?.box).toEqual(box(1, 2, 3, 4));
  });

  it("changes nothing at all when one edit of the batch is bad, and names the edit", async () => {
    const res = await host.dispatch("labels.applyEdits", { edits: [create(img[0]!, cls[0]!), create(img[0]!, 999)] });
    expect(res).toMatchObject({ ok: false, error: { code: "E_NOT_FOUND", message: expect.stringContaining("edit 2 (create)") } });
    const after = await host.call("images", "get", { imageId: img[0]! });
    expect(after.labels).toEqual([]);
    expect(after.image.status).toBe("unlabeled");
    expect(await host.call("labels", "events", {})).toEqual([]);
  });

  it("refuses a box outside the image", async () => {
    const res = await host.dispatch("labels.applyEdits", { edits: [create(img[0]!, cls[0]!, box(630, 0, 20, 10))] });
    expect(res).toMatchObject({ ok: false, error: { code: "E_VALIDATION", message: expect.stringContaining("outside img_0.jpg (640×480)") } });
  });

  it("updates with optimistic concurrency: a stale version is a conflict", async () => {
    await host.call("labels", "applyEdits", { edits: [create(img[0]!, cls[0]!, box(0, 0), "a")] });
    const up = await host.call("labels", "applyEdits", { edits: [{ kind: "update", id: "a", box: box(5, 5), expectVersion: 1 }] });
    expect(up.labels[0]?.version).toBe(2);
    const stale = await host.dispatch("labels.applyEdits", { edits: [{ kind: "update", id: "a", classId: cls[1]!, expectVersion: 1 }] });
    expect(stale).toMatchObject({ ok: false, error: { code: "E_CONFLICT" } });
  });

  it("deleting the last box makes the image unlabeled again; confirmed-empty needs no boxes", async () => {
    await host.call("labels", "applyEdits", { edits: [create(img[0]!, cls[0]!, box(0, 0), "a")] });
    const refused = await host.dispatch("labels.applyEdits", { edits: [{ kind: "setImageEmpty", imageId: img[0]!, empty: true }] });
    expect(refused).toMatchObject({ ok: false, error: { code: "E_CONFLICT" } });
    const res = await host.call("labels", "applyEdits", {
      edits: [{ kind: "delete", id: "a" }, { kind: "setImageEmpty", imageId: img[0]!, empty: true }],
    });
    expect(res.deletedIds).toEqual(["a"]);
    expect(res.images[0]?.status).toBe("empty");
  });
});

describe("labels.undo through the event log", () => {
  it("reverts the newest batch exactly, including the image status, as a new logged batch", async () => {
    const first = await host.call("labels", "applyEdits", { edits: [create(img[0]!, cls[0]!, box(0, 0), "a")] });
    await host.call("labels", "applyEdits", { edits: [{ kind: "update", id: "a", box: box(50, 50), classId: cls[1]! }] });
    const undo1 = await host.call("labels", "undo", {});
    expect(undo1.labels[0]).toMatchObject({ id: "a", box: box(0, 0), classId: cls[0] });
    const undo2 = await host.call("labels", "undo", {});
    expect(undo2.revertedBatchId).toBe(first.batchId);
    expect(undo2.deletedIds).toEqual(["a"]);
    const after = await host.call("images", "get", { imageId: img[0]! });
    expect([after.labels.length, after.image.status]).toEqual([0, "unlabeled"]);
    const history = await host.call("labels", "history", {});
    expect(history.map((h) => h.revertsBatchId !== null)).toEqual([true, true, false, false]);
    expect(await host.dispatch("labels.undo", {})).toMatchObject({ ok: false, error: { code: "E_NOT_FOUND" } });
  });

  it("restores a deleted box with its id, class and geometry", async () => {
    await host.call("labels", "applyEdits", { edits: [create(img[1]!, cls[1]!, box(7, 8, 9, 10), "b")] });
    await host.call("labels", "applyEdits", { edits: [{ kind: "delete", id: "b" }] });
    const undo = await host.call("labels", "undo", { imageId: img[1]! });
    expect(undo.labels[0]).toMatchObject({ id: "b", classId: cls[1], box: box(7, 8, 9, 10) });
    expect(undo.images[0]?.status).toBe("labeled");
  });

  it("refuses to undo a batch whose labels changed since, and changes nothing", async () => {
    const first = await host.call("labels", "applyEdits", { edits: [create(img[0]!, cls[0]!, box(0, 0), "a")] });
    await host.call("labels", "applyEdits", { edits: [{ kind: "update", id: "a", box: box(3, 3) }] });
    const res = await host.dispatch("labels.undo", { batchId: first.batchId });
    expect(res).toMatchObject({ ok: false, error: { code: "E_CONFLICT" } });
    expect((await host.call("images", "get", { imageId: img[0]! })).labels[0]?.box).toEqual(box(3, 3));
  });

  it("undoes per image: the newest batch touching that image", async () => {
    await host.call("labels", "applyEdits", { edits: [create(img[0]!, cls[0]!, box(0, 0), "a")] });
    await host.call("labels", "applyEdits", { edits: [create(img[1]!, cls[0]!, box(0, 0), "b")] });
    const undo = await host.call("labels", "undo", { imageId: img[0]! });
    expect(undo.deletedIds).toEqual(["a"]);
    expect((await host.call("images", "get", { imageId: img[1]! })).labels.map((l) => l.id)).toEqual(["b"]);
  });
});
