import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { insertImage } from "../../../src-main/store/repos/images-repo";
import { ensureRoot } from "../../../src-main/store/repos/roots-repo";
import { launchBrowser, RENDERER_DIR, screenshotPath, watchErrors } from "../bridge/browser";
import { startBridge, type Bridge } from "../bridge/server";
import { ReviewPage } from "../pages/review-page";

let browser: Browser;
let bridge: Bridge;
let page: Page;
let errors: string[];
let tmp: string;
let imageIds: number[];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  tmp = mkdtempSync(join(tmpdir(), "loupe-e2e-review-"));
  bridge = await startBridge({ rendererDir: RENDERER_DIR, appDataDir: join(tmp, "app-data") });
  await bridge.host.call("projects", "create", { parentDir: tmp, name: "review", classes: ["crop", "weed"] });
  await bridge.host.call("settings", "update", { patch: { annotatorName: "ada" } });
  const data = join(tmp, "data");
  mkdirSync(data);
  const db = bridge.host.sessions.require().db;
  const root = ensureRoot(db, data, 1);
  imageIds = [];
  for (let i = 0; i < 3; i++) {
    const name = `field_${i}.png`;
    await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 40 + i * 60, g: 120, b: 60 } } }).png().toFile(join(data, name));
    imageIds.push(insertImage(db, { rootId: root.id, relPath: name, sizeBytes: 1, contentHash: name, width: 320, height: 240, split: "pool" }, 1));
  }
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(bridge.initScript);
  page = await context.newPage();
  errors = watchErrors(page);
  await page.goto(bridge.url);
});
afterEach(async () => {
  await page?.context().close();
  await bridge?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("review", () => {
  it("an annotator works through a batch, a reviewer approves and rejects, and a reload shows it all as stored", async () => {
    const review = new ReviewPage(page);
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
    await page.screenshot({ path: screenshotPath("review-annotate-1280") });

    await review.mode("Approve");
    await expect.poll(() => review.taskNames()).toEqual(["field_0.png", "field_2.png"]);
    await review.press("Approve");
    await expect.poll(() => review.heading()).toBe("Task 2 of 2");
    await review.comment("missed the small weed on the left");
    await review.press("Reject");

    // What the database holds, through the real services.
    const batch = (await bridge.host.call("review", "batches", {}))[0]!;
    const tasks = (await bridge.host.call("review", "tasks", { batchId: batch.id })).items;
    expect(tasks.map((t) => [t.image.fileName, t.status, t.annotator, t.reviewer])).toEqual([
      ["field_0.png", "approved", "ada", "ada"],
      ["field_1.png", "flagged", "ada", null],
      ["field_2.png", "rejected", "ada", "ada"],
    ]);
    expect(tasks[1]?.comment).toBe("cannot tell crop from weed here");
    expect(tasks[2]?.reviewComment).toBe("missed the small weed on the left");
    expect(tasks.every((t) => t.timeSpentMs >= 0 && t.finishedAt !== null)).toBe(true);

    // After a reload the annotator sees the reviewer's comment on the rejected task.
    await page.reload();
    await review.open();
    await expect.poll(() => review.taskStatuses()).toEqual(["approved", "flagged", "rejected"]);
    await review.goTo(3);
    await expect.poll(() => page.getByRole("note").textContent()).toContain("missed the small weed on the left");
    await page.screenshot({ path: screenshotPath("review-rejected-comment-1280") });
    expect(errors).toEqual([]);
  });
});
