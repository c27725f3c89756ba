import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Host } from "../../../src-main/host/create-host";
import { projectWithImages, storeFakePredictions } from "../../helpers/project-fixture";
import { tempDir, testHost } from "../../helpers/temp";

let t: ReturnType<typeof tempDir>;
let host: Host;
let img: number[];
let cls: number[];
beforeEach(async () => {
  t = tempDir();
  ({ host } = testHost(t.dir));
  ({ imageIds: img, classIds: cls } = await projectWithImages(host, t.dir, 4));
  await host.call("settings", "update", { patch: { annotatorName: "ada" } });
});
afterEach(async () => {
  await host.dispose();
  t.cleanup();
});

const threeBoxes = () =>
  storeFakePredictions(host, ["crop", "weed"], [
    {
      imageId: img[0]!,
      boxes: [
        { classIndex: 1, score: 0.9, x: 10, y: 10, w: 30, h: 20 },
        { classIndex: 0, score: 0.5, x: 100, y: 100, w: 10, h: 10 },
        { classIndex: 0, score: 0.1, x: 200, y: 200, w: 10, h: 10 },
      ],
    },
  ]);

describe("finishing a task as done", () => {
  it("accepts the pending predictions at or above the threshold and rejects the rest, in one audited batch", async () => {
    const modelId = threeBoxes();
    const batch = await host.call("review", "createBatch", { name: "r", modelId, tasks: [{ imageId: img[0]! }] });
    const [task] = (await host.call("review", "tasks", { batchId: batch.id })).items;
    const done = await host.call("review", "finish", { taskId: task!.id, outcome: "done", acceptAbove: 0.4 });
    expect(done.status).toBe("done");
    const { image, labels } = await host.call("images", "get", { imageId: img[0]! });
    expect(image.status).toBe("labeled");
    expect(labels.map((l) => [l.classId, l.source, l.score, l.author]).sort()).toEqual([
      [cls[0], "prediction", 0.5, "ada"],
      [cls[1], "prediction", 0.9, "ada"],
    ]);
    const decided = await host.call("review", "predictions", { modelId, imageId: img[0]! });
    expect(decided.map((p) => p.status)).toEqual(["accepted", "accepted", "rejected"]);
    expect(decided.filter((p) => p.acceptedAs).map((p) => p.acceptedAs).sort()).toEqual(labels.map((l) => l.id).sort());
    const history = await host.call("labels", "history", { imageId: img[0]! });
    expect(history).toHaveLength(1);
    expect(history[0]?.changeCount).toBe(3); // two labels and the image's status
  });

  it("keeps what the annotator already decided and stores their last edit in the same transaction", async () => {
    const modelId = threeBoxes();
    const batch = await host.call("review", "createBatch", { name: "r", modelId, tasks: [{ imageId: img[0]! }] });
    const [task] = (await host.call("review", "tasks", { batchId: batch.id })).items;
    const preds = await host.call("review", "predictions", { modelId, imageId: img[0]! });
    await host.call("review", "finish", {
      taskId: task!.id,
      outcome: "done",
      edits: [{ kind: "create", id: "moved-weed", imageId: img[0]!, classId: cls[1]!, box: { x: 12, y: 10, w: 30, h: 20 }, source: "prediction", score: 0.9 }],
      predictionDecisions: [
        { predictionId: preds[0]!.id, status: "accepted", acceptedAs: "moved-weed" },
        { predictionId: preds[1]!.id, status: "rejected", acceptedAs: null },
      ],
      acceptAbove: 0.05,
    });
    const after = await host.call("review", "predictions", { modelId, imageId: img[0]! });
    expect(after.map((p) => [p.status, p.acceptedAs === "moved-weed"])).toEqual([["accepted", true], ["rejected", false], ["accepted", false]]);
    const changes = await host.call("review", "changes", { taskId: task!.id });
    expect(changes.counts).toMatchObject({ moved: 1, rejected: 1, accepted: 1, pending: 0, drawn: 0 });
    expect(changes.annotator).toBe("ada");
  });

  it("marks an image left with no box confirmed empty, and reopening with the inverse edits takes it all back", async () => {
    const batch = await host.call("review", "createBatch", { name: "r", tasks: [{ imageId: img[1]! }] });
    const [task] = (await host.call("review", "tasks", { batchId: batch.id })).items;
    await host.call("review", "finish", { taskId: task!.id, outcome: "done" });
    expect((await host.call("images", "get", { imageId: img[1]! })).image.status).toBe("empty");
    const reopened = await host.call("review", "reopen", { taskId: task!.id, edits: [{ kind: "setImageEmpty", imageId: img[1]!, empty: false }] });
    expect(reopened.status).toBe("pending");
    expect((await host.call("images", "get", { imageId: img[1]! })).image.status).toBe("unlabeled");
  });

  it("leaves the predictions alone when a task is skipped", async () => {
    const modelId = threeBoxes();
    const batch = await host.call("review", "createBatch", { name: "r", modelId, tasks: [{ imageId: img[0]! }] });
    const [task] = (await host.call("review", "tasks", { batchId: batch.id })).items;
    await host.call("review", "finish", { taskId: task!.id, outcome: "skipped" });
    expect((await host.call("review", "predictions", { modelId, imageId: img[0]! })).map((p) => p.status)).toEqual(["pending", "pending", "pending"]);
    expect((await host.call("images", "get", { imageId: img[0]! })).image.status).toBe("unlabeled");
  });
});

describe("assignment", () => {
  it("splits a new batch round-robin, keeps each annotator's queue, and counts progress per person", async () => {
    const batch = await host.call("review", "createBatch", { name: "r", filter: { split: "train" }, assign: { annotators: ["ada", "bo"] } });
    expect(batch.byAssignee.map((p) => [p.assignee, p.total])).toEqual([["ada", 2], ["bo", 2]]);
    const bo = await host.call("review", "tasks", { batchId: batch.id, assignee: "bo" });
    expect(bo.items.map((x) => x.position)).toEqual([2, 4]);
    await host.call("review", "finish", { taskId: bo.items[0]!.id, outcome: "skipped", timeSpentMs: 1500 });
    const after = (await host.call("review", "batches", {}))[0]!;
    expect(after.byAssignee.find((p) => p.assignee === "bo")).toEqual({ assignee: "bo", total: 2, finished: 1, approved: 0, rejected: 0, timeSpentMs: 1500 });
  });

  it("reassigns only pending tasks by count, leaving the rest unassigned", async () => {
    const batch = await host.call("review", "createBatch", { name: "r", filter: { split: "train" } });
    const [first] = (await host.call("review", "tasks", { batchId: batch.id })).items;
    await host.call("review", "finish", { taskId: first!.id, outcome: "flagged" });
    const split = await host.call("review", "assign", { batchId: batch.id, annotators: ["cy"], mode: "counts", counts: [2] });
    expect(split.byAssignee.map((p) => [p.assignee, p.total])).toEqual([["cy", 2], [null, 2]]);
    expect((await host.call("review", "tasks", { batchId: batch.id, assignee: "" })).items.map((x) => x.position)).toEqual([1, 4]);
    const bad = await host.dispatch("review.assign", { batchId: batch.id, annotators: ["cy"], mode: "counts", counts: [9] });
    expect(bad).toMatchObject({ ok: false, error: { code: "E_VALIDATION", message: "Cannot split the batch: the counts add up to 9 tasks but there are only 3 to assign." } });
  });
});

describe("the reviewer", () => {
  it("pins a rejection to a region the annotator then reads with the task; approving clears it", async () => {
    const batch = await host.call("review", "createBatch", { name: "r", tasks: [{ imageId: img[0]! }] });
    const [task] = (await host.call("review", "tasks", { batchId: batch.id })).items;
    await host.call("review", "finish", { taskId: task!.id, outcome: "flagged" });
    const rejected = await host.call("review", "decide", { taskId: task!.id, decision: "rejected", comment: "weed missed here", region: { x: 5, y: 6, w: 40, h: 30 } });
    expect([rejected.reviewComment, rejected.reviewRegion]).toEqual(["weed missed here", { x: 5, y: 6, w: 40, h: 30 }]);
    await host.call("review", "finish", { taskId: task!.id, outcome: "done" });
    const approved = await host.call("review", "decide", { taskId: task!.id, decision: "approved" });
    expect(approved.reviewRegion).toBeNull();
  });

  it("reads a validation batch's scores as error counts", async () => {
    const modelId = threeBoxes();
    const batch = await host.call("review", "createBatch", { name: "r", modelId, source: "selection", tasks: [{ imageId: img[0]!, score: 0.7 }] });
    expect(batch.scoreMeaning).toBe("hardness");
  });
});

describe("a prediction past the image border", () => {
  it("is accepted as the part inside the image when the task is done", async () => {
    const modelId = storeFakePredictions(host, ["crop"], [{ imageId: img[2]!, boxes: [{ classIndex: 0, score: 0.9, x: 630, y: 470, w: 20, h: 20 }] }]); // 640×480
    const batch = await host.call("review", "createBatch", { name: "r", modelId, tasks: [{ imageId: img[2]! }] });
    const [task] = (await host.call("review", "tasks", { batchId: batch.id })).items;
    await host.call("review", "finish", { taskId: task!.id, outcome: "done" });
    expect((await host.call("images", "get", { imageId: img[2]! })).labels.map((l) => l.box)).toEqual([{ x: 630, y: 470, w: 10, h: 10 }]);
  });
});
