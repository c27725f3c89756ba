import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { screenshotPath } from "../bridge/browser";
import { useAppSession } from "../bridge/session";
import { CanvasPage, ReviewPage } from "../pages/review-page";
import { addPictures, storeFakePredictions } from "../../helpers/project-fixture";

let imageIds: number[];
const s = useAppSession("review", async ({ bridge, tmp }) => {
  await bridge.host.call("projects", "create", { parentDir: tmp, name: "review", classes: ["crop", "weed"] });
  await bridge.host.call("settings", "update", { patch: { annotatorName: "ada" } });
  const pictures = [0, 1, 2].map((i) => ({ name: `field_${i}.png`, width: 320, height: 240, background: { r: 40 + i * 60, g: 120, b: 60 } }));
  imageIds = await addPictures(bridge.host, join(tmp, "data"), pictures);
});

describe("review", () => {
  it("an annotator works through a batch, a reviewer approves and rejects, and a reload shows it all as stored", async () => {
    const review = new ReviewPage(s.page);
    await review.open();
    await review.newBatchFromSplit("pool");
    await expect.poll(() => review.taskNames()).toEqual(["field_0.png", "field_1.png", "field_2.png"]);
    expect(await review.heading()).toBe("Task 1 of 3");

    await review.press("Done");
    await expect.poll(() => review.heading()).toBe("Task 2 of 3");
    await review.comment("cannot tell crop from weed here");
    await review.press("Flag");
    await review.press("Done");
    await expect.poll(() => review.taskStatuses()).toEqual(["done", "flagged", "done"]);
    await s.page.screenshot({ path: screenshotPath("review-annotate-1280") });

    await review.mode("Approve");
    await expect.poll(() => review.taskNames()).toEqual(["field_0.png", "field_2.png"]);
    // switching modes keeps the task that was open (field_2, the last one finished)
    await expect.poll(() => review.heading()).toBe("Task 2 of 2");
    await review.goTo(1);
    await review.press("Approve");
    await expect.poll(() => review.heading()).toBe("Task 2 of 2");
    await review.comment("missed the small weed on the left");
    await review.press("Reject");

    // What the database holds, through the real services.
    const batch = (await s.bridge.host.call("review", "batches", {}))[0]!;
    const tasks = (await s.bridge.host.call("review", "tasks", { batchId: batch.id })).items;
    expect(tasks.map((t) => [t.image.fileName, t.status, t.annotator, t.reviewer])).toEqual([
      ["field_0.png", "approved", "ada", "ada"],
      ["field_1.png", "flagged", "ada", null],
      ["field_2.png", "rejected", "ada", "ada"],
    ]);
    expect(tasks[1]?.comment).toBe("cannot tell crop from weed here");
    expect(tasks[2]?.reviewComment).toBe("missed the small weed on the left");
    expect(tasks.every((t) => t.timeSpentMs >= 0 && t.finishedAt !== null)).toBe(true);

    // After a reload the annotator sees the reviewer's comment on the rejected task.
    await s.page.reload();
    await review.open();
    await expect.poll(() => review.taskStatuses()).toEqual(["approved", "flagged", "rejected"]);
    await review.goTo(3);
    await expect.poll(() => s.page.getByRole("note").textContent()).toContain("missed the small weed on the left");
    await s.page.screenshot({ path: screenshotPath("review-rejected-comment-1280") });
    expect(s.errors).toEqual([]);
  });

  it("draws, moves, reclassifies, deletes and undoes boxes on the canvas; every step is in SQLite with its audit entry", async () => {
    const review = new ReviewPage(s.page);
    const canvas = new CanvasPage(s.page);
    const labelsOf = async (imageId: number) => (await s.bridge.host.call("images", "get", { imageId })).labels;
    const classes = (await s.bridge.host.call("classes", "list", {})).map((c) => c.id);
    await review.open();
    await review.newBatchFromSplit("pool");
    await canvas.ready();
    const first = imageIds[0]!;

    await canvas.key("r");
    await canvas.drag([40, 40], [120, 100]);
    await expect.poll(async () => (await labelsOf(first)).length).toBe(1);
    const drawn = (await labelsOf(first))[0]!;
    expect(drawn.box.x).toBeCloseTo(40, -0.5);
    expect(drawn.box.w).toBeCloseTo(80, -0.5);
    expect(drawn.classId).toBe(classes[0]);

    await canvas.key("v");
    await canvas.drag([80, 70], [110, 90]); // grab the middle, move by (+30, +20)
    await expect.poll(async () => (await labelsOf(first))[0]?.box.x ?? 0).toBeGreaterThan(drawn.box.x + 25);
    await canvas.key("2");
    await expect.poll(async () => (await labelsOf(first))[0]?.classId).toBe(classes[1]);
    await canvas.key("Control+z");
    await expect.poll(async () => (await labelsOf(first))[0]?.classId).toBe(classes[0]);
    await canvas.key("Control+Shift+z");
    await expect.poll(async () => (await labelsOf(first))[0]?.classId).toBe(classes[1]);
    await s.page.screenshot({ path: screenshotPath("review-canvas-1280") });

    await canvas.key("Delete");
    await expect.poll(async () => (await labelsOf(first)).length).toBe(0);
    await canvas.key("Control+z");
    await expect.poll(async () => (await labelsOf(first)).map((l) => l.id)).toEqual([drawn.id]);

    // Enter finishes the task and moves on; typing in the comment box fires no shortcut.
    await review.comment("r2 delete");
    expect((await labelsOf(first)).length).toBe(1);
    await s.page.locator("[data-testid=review-stage]").click({ position: { x: 5, y: 5 } });
    await canvas.key("Enter");
    await expect.poll(() => review.heading()).toBe("Task 2 of 3");

    // Undo crosses images: undo the box drawn on task 2, then the next undo reopens task 1 and undoes its last edit.
    const second = imageIds[1]!;
    await canvas.ready();
    await canvas.key("r");
    await canvas.drag([200, 150], [260, 200]);
    await expect.poll(async () => (await labelsOf(second)).length).toBe(1);
    await canvas.key("Control+z");
    await expect.poll(async () => (await labelsOf(second)).length).toBe(0);
    await canvas.key("Control+z");
    await expect.poll(() => review.heading()).toBe("Task 1 of 3");
    await expect.poll(async () => (await labelsOf(first))[0]?.classId).toBe(classes[0]);
    await canvas.key("Control+Shift+z");
    await expect.poll(async () => (await labelsOf(first))[0]?.classId).toBe(classes[1]);

    const events = await s.bridge.host.call("labels", "events", { imageId: first });
    expect(events.filter((e) => e.entity === "label").map((e) => e.action).reverse()).toEqual([
      "create", "update", "update", "update", "update", "delete", "create", "update", "update",
    ]);
    expect(events.every((e) => e.actor === "ada")).toBe(true);

    await s.page.reload();
    await review.open();
    await expect.poll(() => review.taskStatuses()).toEqual(["done", "pending", "pending"]);
    expect(await labelsOf(second)).toEqual([]);
    const final = await labelsOf(first);
    expect(final.map((l) => [l.id, l.classId])).toEqual([[drawn.id, classes[1]]]);
    expect(s.errors).toEqual([]);
  });

  it("accepts predictions above the slider, deletes a false positive, and finds every decision again after a reload", async () => {
    const first = imageIds[0]!;
    const modelId = storeFakePredictions(s.bridge.host, ["crop", "weed"], [
      {
        imageId: first,
        boxes: [
          { classIndex: 1, score: 0.92, x: 20, y: 20, w: 60, h: 40 },
          { classIndex: 0, score: 0.61, x: 150, y: 120, w: 50, h: 50 },
          { classIndex: 0, score: 0.1, x: 250, y: 30, w: 30, h: 30 },
        ],
      },
    ]);
    await s.bridge.host.call("review", "createBatch", { name: "round 1", modelId, source: "selection", tasks: [{ imageId: first, reasons: ["2 boxes at 0.61–0.92"] }] });
    const review = new ReviewPage(s.page);
    const canvas = new CanvasPage(s.page);
    await review.open();
    await canvas.ready();
    await s.page.screenshot({ path: screenshotPath("review-predictions-1280") });

    await canvas.key("Shift+e"); // accept every prediction above the 0.25 slider
    await expect.poll(async () => (await s.bridge.host.call("images", "get", { imageId: first })).labels.length).toBe(2);
    const labels = (await s.bridge.host.call("images", "get", { imageId: first })).labels;
    expect(labels.map((l) => [l.source, l.score]).sort()).toEqual([["prediction", 0.61], ["prediction", 0.92]]);

    // The 0.61 "crop" is a false positive: select it (click its middle) and delete it.
    await canvas.key("v");
    const fp = await canvas.at(175, 145);
    await s.page.mouse.click(fp.x, fp.y);
    await canvas.key("Delete");
    await expect.poll(async () => (await s.bridge.host.call("images", "get", { imageId: first })).labels.map((l) => l.score)).toEqual([0.92]);
    const decided = await s.bridge.host.call("review", "predictions", { modelId, imageId: first });
    expect(decided.map((p) => [p.score, p.status])).toEqual([[0.92, "accepted"], [0.61, "rejected"], [0.1, "pending"]]);
    expect(decided[0]?.acceptedAs).toBe(labels.find((l) => l.score === 0.92)?.id);

    await s.page.reload();
    await review.open();
    await canvas.ready();
    await s.page.screenshot({ path: screenshotPath("review-predictions-decided-1280") });
    expect((await s.bridge.host.call("images", "get", { imageId: first })).labels).toHaveLength(1);
    expect(s.errors).toEqual([]);
  });
});
