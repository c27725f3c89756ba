import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useAppSession } from "../bridge/session";
import { CanvasPage, ReviewPage } from "../pages/review-page";
import { addPictures } from "../../helpers/project-fixture";
import { TASK_PAGE } from "../../../src-renderer/store/slices/review-slice";

const COUNT = TASK_PAGE + 1;
let imageIds: number[];
const s = useAppSession("review-pages", async ({ bridge, tmp }) => {
  await bridge.host.call("projects", "create", { parentDir: tmp, name: "pages", classes: ["crop"] });
  await bridge.host.call("settings", "update", { patch: { annotatorName: "ada" } });
  const pictures = Array.from({ length: COUNT }, (_, i) => ({ name: `f_${String(i).padStart(4, "0")}.png`, width: 32, height: 24, background: { r: i % 256, g: 120, b: 60 } }));
  imageIds = await addPictures(bridge.host, join(tmp, "data"), pictures);
});

describe("a review queue longer than a page", () => {
  it("undoes Enter on a page's last task from the next page: the task opens again, pending", async () => {
    const review = new ReviewPage(s.page);
    const canvas = new CanvasPage(s.page);
    await review.open();
    await review.newBatchFromSplit("pool");
    await expect.poll(() => review.heading()).toBe(`Task 1 of ${COUNT}`);
    await review.goTo(TASK_PAGE);
    await expect.poll(() => review.heading()).toBe(`Task ${TASK_PAGE} of ${COUNT}`);
    await canvas.ready();
    // Enter on the page's last task (an empty image: marked empty and done) opens the next page
    await s.page.locator("[data-testid=review-stage]").click({ position: { x: 5, y: 5 } });
    await canvas.key("Enter");
    await expect.poll(() => review.heading()).toBe(`Task ${COUNT} of ${COUNT}`);
    const last = imageIds[TASK_PAGE - 1]!;
    const statusOf = async () => {
      const batches = await s.bridge.host.call("review", "batches", {});
      const page = await s.bridge.host.call("review", "tasks", { batchId: batches[0]!.id, offset: TASK_PAGE - 1, limit: 1 });
      return [page.items[0]?.image.id, page.items[0]?.status];
    };
    await expect.poll(statusOf).toEqual([last, "done"]);
    const imageStatus = async () => (await s.bridge.host.call("images", "get", { imageId: last })).image.status;
    expect(await imageStatus()).toBe("empty");
    await canvas.ready();
    await canvas.key("Control+z");
    await expect.poll(() => review.heading()).toBe(`Task ${TASK_PAGE} of ${COUNT}`);
    await expect.poll(statusOf).toEqual([last, "pending"]);
    await expect.poll(imageStatus).toBe("unlabeled");
    expect(s.errors).toEqual([]);
  });
});
