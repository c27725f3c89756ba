import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Host } from "../../../src-main/host/create-host";
import { projectWithImages, storeFakePredictions } from "../../helpers/project-fixture";
import { tempDir, testHost } from "../../helpers/temp";

let t: ReturnType<typeof tempDir>;
let host: Host;
let clock: { t: number };
let img: number[];
let cls: number[];
beforeEach(async () => {
  t = tempDir();
  ({ host, clock } = testHost(t.dir));
  ({ imageIds: img, classIds: cls } = await projectWithImages(host, t.dir, 3));
  await host.call("settings", "update", { patch: { annotatorName: "ada" } });
});
afterEach(async () => {
  await host.dispose();
  t.cleanup();
});

describe("review batches and tasks", () => {
  it("keeps a selection's order, scores and reasons, and counts tasks by status", async () => {
    const batch = await host.call("review", "createBatch", {
      name: "round 1",
      source: "selection",
      tasks: [
        { imageId: img[2]!, score: 0.9, reasons: ["rare class: weed (4% of labels)"], roi: { x: 10, y: 10, w: 40, h: 30 } },
        { imageId: img[0]!, score: 0.5, reasons: ["3 boxes at 0.35–0.55"] },
      ],
    });
    expect([batch.name, batch.source, batch.total, batch.byStatus.pending, batch.createdBy]).toEqual(["round 1", "selection", 2, 2, "ada"]);
    const page = await host.call("review", "tasks", { batchId: batch.id });
    expect(page.items.map((x) => [x.position, x.image.id, x.score, x.reasons, x.roi])).toEqual([
      [1, img[2], 0.9, ["rare class: weed (4% of labels)"], { x: 10, y: 10, w: 40, h: 30 }],
      [2, img[0], 0.5, ["3 boxes at 0.35–0.55"], null],
    ]);
  });

  it("builds a batch from a filter", async () => {
    const batch = await host.call("review", "createBatch", { name: "all train", filter: { split: "train" } });
    expect([batch.source, batch.total]).toEqual(["filter", 3]);
  });

  it("records the annotator, comment and accumulated time when a task is finished and finished again", async () => {
    const batch = await host.call("review", "createBatch", { name: "r", tasks: [{ imageId: img[0]! }] });
    const [task] = (await host.call("review", "tasks", { batchId: batch.id })).items;
    clock.t += 1000;
    const flagged = await host.call("review", "finish", { taskId: task!.id, outcome: "flagged", comment: "blurry", timeSpentMs: 4200 });
    expect([flagged.status, flagged.annotator, flagged.comment, flagged.timeSpentMs, flagged.finishedAt]).toEqual(["flagged", "ada", "blurry", 4200, clock.t]);
    const done = await host.call("review", "finish", { taskId: task!.id, outcome: "done", timeSpentMs: 800 });
    expect([done.status, done.timeSpentMs, done.comment]).toEqual(["done", 5000, null]);
  });

  it("approving a task approves the image's labels through the audited label path; rejecting carries a comment", async () => {
    await host.call("labels", "applyEdits", { edits: [{ kind: "create", id: "a", imageId: img[0]!, classId: cls[0]!, box: { x: 0, y: 0, w: 5, h: 5 } }] });
    const batch = await host.call("review", "createBatch", { name: "r", tasks: [{ imageId: img[0]! }, { imageId: img[1]! }] });
    const [t1, t2] = (await host.call("review", "tasks", { batchId: batch.id })).items;
    await host.call("review", "finish", { taskId: t1!.id, outcome: "done" });
    await host.call("settings", "update", { patch: { annotatorName: "rex" } });
    const approved = await host.call("review", "decide", { taskId: t1!.id, decision: "approved" });
    expect([approved.status, approved.reviewer]).toEqual(["approved", "rex"]);
    const labels = (await host.call("images", "get", { imageId: img[0]! })).labels;
    expect(labels.map((l) => [l.reviewState, l.author])).toEqual([["approved", "rex"]]);
    const events = await host.call("labels", "events", { imageId: img[0]! });
    expect(events[0]).toMatchObject({ action: "update", actor: "rex" });

    await host.call("review", "finish", { taskId: t2!.id, outcome: "done" });
    const rejected = await host.call("review", "decide", { taskId: t2!.id, decision: "rejected", comment: "missed the small weed" });
    expect([rejected.status, rejected.reviewComment]).toEqual(["rejected", "missed the small weed"]);
    const counts = (await host.call("review", "batches", {}))[0]?.byStatus;
    expect(counts).toMatchObject({ approved: 1, rejected: 1, pending: 0 });
  });

  it("refuses to approve a task nobody finished, and names it", async () => {
    const batch = await host.call("review", "createBatch", { name: "r", tasks: [{ imageId: img[0]! }] });
    const [task] = (await host.call("review", "tasks", { batchId: batch.id })).items;
    const res = await host.dispatch("review.decide", { taskId: task!.id, decision: "approved" });
    expect(res).toMatchObject({ ok: false, error: { code: "E_CONFLICT", message: "task 1 (img_0.jpg): a pending task cannot be moved to approved" } });
  });

  it("refuses a batch with an unknown or repeated image and stores nothing", async () => {
    expect(await host.dispatch("review.createBatch", { name: "r", tasks: [{ imageId: 999 }] })).toMatchObject({ ok: false, error: { code: "E_NOT_FOUND" } });
    expect(await host.dispatch("review.createBatch", { name: "r", tasks: [{ imageId: img[0] }, { imageId: img[0] }] })).toMatchObject({
      ok: false,
      error: { code: "E_VALIDATION" },
    });
    expect(await host.call("review", "batches", {})).toEqual([]);
  });
});

describe("review decisions on predictions", () => {
  it("stores an accept together with the label it became, a reject, and takes a decision back", async () => {
    const modelId = storeFakePredictions(host, ["crop", "weed"], [
      { imageId: img[0]!, boxes: [{ classIndex: 1, score: 0.9, x: 10, y: 10, w: 30, h: 20 }, { classIndex: 0, score: 0.4, x: 100, y: 100, w: 10, h: 10 }] },
    ]);
    const batch = await host.call("review", "createBatch", { name: "r", modelId, tasks: [{ imageId: img[0]! }] });
    expect(batch.modelId).toBe(modelId);
    const before = await host.call("review", "predictions", { modelId, imageId: img[0]! });
    expect(before.map((p) => [p.className, p.classId, p.score, p.status])).toEqual([["weed", cls[1], 0.9, "pending"], ["crop", cls[0], 0.4, "pending"]]);
    const [weed, crop] = before;

    await host.call("labels", "applyEdits", {
      edits: [{ kind: "create", id: "from-weed", imageId: img[0]!, classId: cls[1]!, box: weed!.box, source: "prediction", score: 0.9 }],
      predictionDecisions: { modelId, decisions: [{ predictionId: weed!.id, status: "accepted", acceptedAs: "from-weed" }] },
    });
    await host.call("labels", "applyEdits", { edits: [], predictionDecisions: { modelId, decisions: [{ predictionId: crop!.id, status: "rejected", acceptedAs: null }] } });
    const after = await host.call("review", "predictions", { modelId, imageId: img[0]! });
    expect(after.map((p) => [p.status, p.acceptedAs])).toEqual([["accepted", "from-weed"], ["rejected", null]]);

    await host.call("labels", "applyEdits", { edits: [], predictionDecisions: { modelId, decisions: [{ predictionId: crop!.id, status: "pending", acceptedAs: null }] } });
    expect((await host.call("review", "predictions", { modelId, imageId: img[0]! }))[1]?.status).toBe("pending");
  });

  it("saves nothing when a decision names a prediction the model does not have", async () => {
    const modelId = storeFakePredictions(host, ["crop"], [{ imageId: img[0]!, boxes: [] }]);
    const res = await host.dispatch("labels.applyEdits", {
      edits: [{ kind: "create", imageId: img[0]!, classId: cls[0]!, box: { x: 0, y: 0, w: 5, h: 5 } }],
      predictionDecisions: { modelId, decisions: [{ predictionId: 12345, status: "rejected", acceptedAs: null }] },
    });
    expect(res).toMatchObject({ ok: false, error: { code: "E_NOT_FOUND" } });
    expect((await host.call("images", "get", { imageId: img[0]! })).labels).toEqual([]);
  });

  it("refuses a batch for an unknown model", async () => {
    const res = await host.dispatch("review.createBatch", { name: "r", modelId: "nope", tasks: [{ imageId: img[0] }] });
    expect(res).toMatchObject({ ok: false, error: { code: "E_NOT_FOUND" } });
  });
});
