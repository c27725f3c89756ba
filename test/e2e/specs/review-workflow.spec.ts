import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { screenshotPath } from "../bridge/browser";
import { useAppSession } from "../bridge/session";
import { CanvasPage, ReviewPage } from "../pages/review-page";
import { addPictures, storeFakePredictions } from "../../helpers/project-fixture";

const W = 960;
const H = 720;
let imageIds: number[];
const s = useAppSession("review-workflow", async ({ bridge, tmp }) => {
  await bridge.host.call("projects", "create", { parentDir: tmp, name: "survey", classes: ["crop", "weed"] });
  await bridge.host.call("settings", "update", { patch: { annotatorName: "ada" } });
  const pictures = [0, 1, 2, 3].map((i) => ({ name: `drone_survey_2024_plot_${String(i).padStart(2, "0")}.png`, width: W, height: H, background: { r: 50 + i * 30, g: 110, b: 60 } }));
  imageIds = await addPictures(bridge.host, join(tmp, "data"), pictures);
});

/** Four predictions on the first image: 0.92 weed, 0.61 crop, 0.30 crop at or above 0.25; 0.10 weed below. */
function predictFirst(): string {
  return storeFakePredictions(s.bridge.host, ["crop", "weed"], [
    {
      imageId: imageIds[0]!,
      boxes: [
        { classIndex: 1, score: 0.92, x: 100, y: 100, w: 80, h: 60 },
        { classIndex: 0, score: 0.61, x: 400, y: 300, w: 60, h: 60 },
        { classIndex: 0, score: 0.3, x: 420, y: 310, w: 50, h: 50 },
        { classIndex: 1, score: 0.1, x: 800, y: 600, w: 40, h: 40 },
      ],
    },
  ]);
}

describe("review workflow", () => {
  it("Enter stores exactly the accepted and rejected split with the task, and undo takes it all back", async () => {
    const modelId = predictFirst();
    await s.bridge.host.call("review", "createBatch", { name: "round 1", modelId, source: "selection", tasks: imageIds.slice(0, 2).map((imageId) => ({ imageId })) });
    const review = new ReviewPage(s.page);
    const canvas = new CanvasPage(s.page);
    await review.open();
    await canvas.ready();
    await expect.poll(() => review.doneNote()).toBe("accepts 3 boxes, rejects 1");
    const panel = await review.objects();
    expect(panel.counts).toBe("4 pending");
    expect(panel.rows).toEqual([["weed", "pending"], ["crop", "pending"], ["crop", "pending"], ["weed", "pending"]]);

    await s.page.locator("[data-testid=review-stage]").click({ position: { x: 5, y: 5 } });
    await canvas.key("Enter");
    await expect.poll(() => review.heading()).toBe("Task 2 of 2");
    const db = s.bridge.host.sessions.require().db;
    const split = () =>
      db.prepare("SELECT p.score AS score, d.status AS status, d.label_id IS NOT NULL AS linked FROM prediction_decisions d JOIN predictions p ON p.id = d.prediction_id ORDER BY p.score DESC").all();
    await expect.poll(split).toEqual([
      { score: 0.92, status: "accepted", linked: 1 },
      { score: 0.61, status: "accepted", linked: 1 },
      { score: 0.3, status: "accepted", linked: 1 },
      { score: 0.1, status: "rejected", linked: 0 },
    ]);
    const labels = db.prepare("SELECT source, author, score FROM labels WHERE image_id = ? ORDER BY score DESC").all(imageIds[0]);
    expect(labels).toEqual([
      { source: "prediction", author: "ada", score: 0.92 },
      { source: "prediction", author: "ada", score: 0.61 },
      { source: "prediction", author: "ada", score: 0.3 },
    ]);
    const task = db.prepare("SELECT status, annotator FROM review_tasks WHERE image_id = ?").get(imageIds[0]);
    expect(task).toEqual({ status: "done", annotator: "ada" });
    expect(db.prepare("SELECT status FROM images WHERE id = ?").get(imageIds[0])).toEqual({ status: "labeled" });

    // One undo step: back on task 1, labels gone, predictions pending, the task pending again.
    await canvas.key("Control+z");
    await expect.poll(() => review.heading()).toBe("Task 1 of 2");
    await expect.poll(split).toEqual([]);
    expect(db.prepare("SELECT COUNT(*) AS n FROM labels WHERE image_id = ?").get(imageIds[0])).toEqual({ n: 0 });
    await expect.poll(() => db.prepare("SELECT status FROM review_tasks WHERE image_id = ?").get(imageIds[0])).toEqual({ status: "pending" });
    expect(db.prepare("SELECT status FROM images WHERE id = ?").get(imageIds[0])).toEqual({ status: "unlabeled" });
    await expect.poll(async () => (await review.objects()).counts).toBe("4 pending");
    expect(s.errors).toEqual([]);
  });

  it("frames a small region with context inside the zoom bounds, with a mini-map of the whole image", async () => {
    const roi = { x: 600, y: 420, w: 60, h: 40 };
    await s.bridge.host.call("review", "createBatch", { name: "errors", tasks: [{ imageId: imageIds[0]!, roi, reasons: ["missed (tiny)"] }] });
    const review = new ReviewPage(s.page);
    const canvas = new CanvasPage(s.page);
    await review.open();
    await canvas.ready();
    const stage = s.page.getByTestId("review-stage");
    const [scale, vx, vy] = ((await stage.getAttribute("data-viewport")) ?? "").split(" ").map(Number) as [number, number, number];
    const box = (await stage.boundingBox())!;
    expect(scale).toBeGreaterThan(1);
    expect(scale).toBeLessThanOrEqual(4);
    // the region is on screen, and the view shows at least three times its width around it
    const left = vx + roi.x * scale;
    const top = vy + roi.y * scale;
    expect(left >= 0 && top >= 0 && left + roi.w * scale <= box.width && top + roi.h * scale <= box.height).toBe(true);
    expect(box.width / scale).toBeGreaterThanOrEqual(3 * roi.w - 1);
    await expect(s.page.getByRole("group", { name: "Whole image" }).isVisible()).resolves.toBe(true);
    expect(await s.page.locator(".reasons li").first().textContent()).toContain("framed on the canvas");
    await s.page.screenshot({ path: screenshotPath("review-framing-1280") });
    await canvas.key("f");
    await expect.poll(() => s.page.getByRole("group", { name: "Whole image" }).count()).toBe(0);
    expect(s.errors).toEqual([]);
  });

  it("shows the reviewer what changed, pins a rejection to a box, and the annotator sees it on the canvas", async () => {
    const modelId = predictFirst();
    const batch = await s.bridge.host.call("review", "createBatch", { name: "round 1", modelId, tasks: [{ imageId: imageIds[0]! }] });
    const [task] = (await s.bridge.host.call("review", "tasks", { batchId: batch.id })).items;
    const preds = await s.bridge.host.call("review", "predictions", { modelId, imageId: imageIds[0]! });
    const classes = await s.bridge.host.call("classes", "list", {});
    // the annotator accepted the weed as a crop, moved the 0.61 crop, rejected the rest, drew one box
    await s.bridge.host.call("review", "finish", {
      taskId: task!.id,
      outcome: "done",
      timeSpentMs: 95_000,
      edits: [
        { kind: "create", id: "l1", imageId: imageIds[0]!, classId: classes[0]!.id, box: preds[0]!.box, source: "prediction", score: 0.92 },
        { kind: "create", id: "l2", imageId: imageIds[0]!, classId: classes[0]!.id, box: { x: 410, y: 300, w: 60, h: 60 }, source: "prediction", score: 0.61 },
        { kind: "create", id: "l3", imageId: imageIds[0]!, classId: classes[1]!.id, box: { x: 200, y: 500, w: 50, h: 50 }, source: "manual" },
      ],
      predictionDecisions: [
        { predictionId: preds[0]!.id, status: "accepted", acceptedAs: "l1" },
        { predictionId: preds[1]!.id, status: "accepted", acceptedAs: "l2" },
      ],
      acceptAbove: 0.95,
    });
    const review = new ReviewPage(s.page);
    const canvas = new CanvasPage(s.page);
    await review.open();
    await review.mode("Approve");
    await canvas.ready();
    const changes = s.page.getByRole("region", { name: "Changes" });
    await expect.poll(() => changes.locator(".change-counts").textContent()).toBe("1 moved1 reclassified2 rejected1 drawn");
    expect(await changes.textContent()).toContain("by ada · 1 min 35 s on the task");
    expect(await changes.locator(".change-items").textContent()).toContain("weed → crop");

    // select the drawn box in the objects panel and reject, pinned to it
    await s.page.getByRole("region", { name: "Objects" }).locator(".object-row.drawn").click();
    await review.comment("this is not a weed");
    await review.press("Reject");
    const db = s.bridge.host.sessions.require().db;
    await expect.poll(() => db.prepare("SELECT status, review_comment, review_region FROM review_tasks WHERE id = ?").get(task!.id)).toEqual({
      status: "rejected",
      review_comment: "this is not a weed",
      review_region: JSON.stringify({ x: 200, y: 500, w: 50, h: 50 }),
    });
    await s.page.screenshot({ path: screenshotPath("review-approve-changes-1280") });

    // the annotator opens it again and sees the comment and the pinned box
    await review.mode("Annotate");
    await canvas.ready();
    await expect.poll(() => s.page.getByRole("note").textContent()).toContain("this is not a weed");
    expect(await s.page.getByRole("note").textContent()).toContain("the red box on the image");
    await s.page.screenshot({ path: screenshotPath("review-issue-seen-1280") });
    expect(s.errors).toEqual([]);
  });

  it("splits a batch between two annotators; each one's queue holds their tasks; the reviewer sees progress per person", async () => {
    await s.bridge.host.call("settings", "update", { patch: { annotatorName: "bo" } });
    const review = new ReviewPage(s.page);
    await s.page.reload();
    await review.open();
    await review.newBatchFromSplit("pool");
    await expect.poll(() => review.taskNames()).toEqual(["plot_00.png", "plot_01.png", "plot_02.png", "plot_03.png"]);
    await s.page.locator("details.assign summary").click();
    await s.page.getByLabel("Annotators").fill("ada, bo");
    await s.page.getByRole("button", { name: "Split pending tasks" }).click();
    const db = s.bridge.host.sessions.require().db;
    await expect.poll(() => db.prepare("SELECT position, assignee FROM review_tasks ORDER BY position").all()).toEqual([
      { position: 1, assignee: "ada" },
      { position: 2, assignee: "bo" },
      { position: 3, assignee: "ada" },
      { position: 4, assignee: "bo" },
    ]);
    await s.page.getByLabel("Whose tasks").selectOption("person:bo");
    await expect.poll(() => review.taskNames()).toEqual(["plot_01.png", "plot_03.png"]);
    await review.press("Skip");
    await s.page.getByLabel("Whose tasks").selectOption("person:ada");
    await expect.poll(() => review.taskNames()).toEqual(["plot_00.png", "plot_02.png"]);
    const progress = s.page.getByRole("table", { name: "Progress per annotator" });
    await expect.poll(() => progress.locator("tr").allTextContents()).toEqual([expect.stringMatching(/^ada0\/2/), expect.stringMatching(/^bo1\/2/)]);
    await s.page.screenshot({ path: screenshotPath("review-assignment-1280") });
    expect(s.errors).toEqual([]);
  });

  it("asks the annotator's name on first use, keeps the toolbar on one row at 1280×800, and the shortcut sheet is an opaque overlay", async () => {
    await s.bridge.host.call("settings", "update", { patch: { annotatorName: "" } });
    await s.bridge.host.call("review", "createBatch", { name: "round 1", modelId: predictFirst(), tasks: [{ imageId: imageIds[0]! }] });
    const review = new ReviewPage(s.page);
    await s.page.reload();
    await review.open();
    const prompt = s.page.getByRole("dialog", { name: "Your name" });
    await prompt.getByLabel("Your name").fill("cy");
    await prompt.getByRole("button", { name: "Start reviewing" }).click();
    await expect.poll(async () => (await s.bridge.host.call("settings", "get", {})).annotatorName).toBe("cy");
    await expect.poll(() => prompt.count()).toBe(0);

    const toolbar = s.page.getByRole("toolbar", { name: "Canvas tools" });
    await toolbar.waitFor();
    // one row: every item's top is above every item's bottom
    const rows = (await toolbar.locator(":scope > *").evaluateAll((els) => els.map((el) => [el.getBoundingClientRect().top, el.getBoundingClientRect().bottom]))).filter((r) => r[1]! > r[0]!);
    expect(Math.max(...rows.map((r) => r[0]!))).toBeLessThan(Math.min(...rows.map((r) => r[1]!)));
    const bar = (await toolbar.boundingBox())!;
    expect(bar.height).toBeLessThan(44);
    const last = (await toolbar.locator(":scope > *").last().boundingBox())!;
    expect(last.x + last.width).toBeLessThanOrEqual(bar.x + bar.width + 1);

    await toolbar.getByRole("button", { name: "Keyboard shortcuts" }).click();
    const sheet = s.page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await expect.poll(() => sheet.locator(".shortcut-sheet-note").textContent()).toBe("Enter accepts 3 boxes, rejects 1");
    const panelBg = await sheet.locator(".shortcut-sheet-panel").evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(panelBg).toBe("rgb(30, 33, 40)");
    await s.page.screenshot({ path: screenshotPath("review-shortcuts-1280") });
    await s.page.keyboard.press("Escape");
    await expect.poll(() => sheet.count()).toBe(0);
    expect(s.errors).toEqual([]);
  });
});
