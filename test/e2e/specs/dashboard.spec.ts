import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { screenshotPath } from "../bridge/browser";
import { useAppSession } from "../bridge/session";
import { DashboardPage } from "../pages/dashboard-page";
import { constantModel, fakeTrainerCommand, loopProject } from "../../helpers/loop-fixture";

let projectId = "";
/** A project with the baseline and 3 iterations made by the real loop (fake trainer, oracle review), converged. */
const s = useAppSession("dashboard", async ({ bridge, tmp }) => {
  const { oracle } = await loopProject(bridge.host, tmp, { images: 30 });
  projectId = bridge.host.sessions.require().id;
  await bridge.host.call("loop", "updateConfig", { patch: { review: { mode: "oracle", oraclePath: oracle }, selection: { budget: 4 }, convergence: { maxIterations: 3 } } });
  const model = constantModel(join(tmp, "constant.onnx"));
  const end = await bridge.host.loopEngine({ trainerOverride: { adapter: "command", command: fakeTrainerCommand(model) } }).run();
  if (end.status !== "converged") throw new Error(`the loop ended ${end.status}: ${end.reason}`);
});

describe("the dashboard on a project with three iterations", () => {
  it("shows where the loop is, the last decision and charts with one point per iteration", async () => {
    const d = new DashboardPage(s.page);
    await expect.poll(() => d.status()).toBe("Converged");
    expect(await d.where()).toBe("iteration 3 · done · 4 done");
    // learning curve: one F1 point per iteration, coloured by decision (the constant model never beats the baseline)
    await expect.poll(() => d.decisions()).toEqual(["baseline", "kept", "kept", "kept"]);
    // metric trends: 5 series × 4 iterations
    await expect.poll(() => d.chartPoints("trends-chart", ".recharts-line-dots circle")).toBe(20);
    // counts: labels spent and images labeled per iteration (2 × 4 dots) and the error bars
    await expect.poll(() => d.chartPoints("counts-chart", ".recharts-line-dots circle")).toBe(8);
    expect(await d.chartPoints("counts-chart", ".recharts-bar-rectangle")).toBeGreaterThan(0);
    expect(await d.iterationRows()).toEqual(["3", "2", "1", "0"]);
    const verdict = await s.page.getByTestId("decision-verdict").textContent();
    expect(verdict).toContain("Kept the best");
    const fired = await s.page.getByRole("list", { name: "Convergence rules that fired" }).textContent();
    expect(fired).toContain("plateau");
    expect(fired).toContain("max iterations");
    // what the page says equals what is stored
    const its = await s.bridge.host.call("loop", "iterations", {});
    expect(its.map((i) => i.decision?.promoted ?? null)).toEqual([true, false, false, false]); // the baseline becomes the best
    await s.page.screenshot({ path: screenshotPath("dashboard-1280") });
    await s.page.getByTestId("learning-curve").scrollIntoViewIfNeeded();
    await s.page.screenshot({ path: screenshotPath("dashboard-charts-1280") });
    await s.page.setViewportSize({ width: 1920, height: 1080 });
    await expect.poll(() => d.decisions()).toHaveLength(4);
    await s.page.screenshot({ path: screenshotPath("dashboard-1920") });
    expect(s.errors).toEqual([]);
  });

  it("shows each model's lineage, PR curves and confusion matrix, and promotes one by hand after a confirmation", async () => {
    const d = new DashboardPage(s.page);
    await d.show("Models");
    const lineage = s.page.getByRole("navigation", { name: "Models" });
    await expect.poll(() => lineage.getByRole("button").count()).toBe(4);
    const models = await s.bridge.host.call("models", "list", {});
    const kept = models.find((m) => !m.isBest && m.training?.iteration === 3)!;
    await lineage.getByRole("button", { name: new RegExp(kept.name) }).click();
    const detail = s.page.getByRole("region", { name: `Model ${kept.name}` });
    await expect.poll(() => detail.getByRole("definition").nth(1).textContent()).toBe("3"); // its iteration
    expect(await detail.textContent()).toContain("manifest.json");
    // the PR chart has one series per class with ground truth; the confusion matrix has a background row and column
    const evaluation = (await s.bridge.host.call("evaluation", "list", { modelId: kept.id }))[0]!;
    const curves = (await s.bridge.host.call("evaluation", "get", { evaluationId: evaluation.id })).prCurves.iou50.length;
    expect(curves).toBeGreaterThan(0);
    await expect.poll(() => s.page.getByTestId("pr-chart").locator(".recharts-legend-item").count()).toBe(curves);
    const matrix = s.page.getByRole("table", { name: "Confusion matrix" });
    expect(await matrix.locator("tbody tr").count()).toBe(5); // 4 classes + background
    expect(await matrix.locator("tbody tr").last().locator("th").textContent()).toBe("background");
    await s.page.screenshot({ path: screenshotPath("models-1280") });
    await s.page.getByTestId("pr-chart").scrollIntoViewIfNeeded();
    await s.page.screenshot({ path: screenshotPath("models-curves-1280") });

    await detail.getByRole("button", { name: "Promote…" }).click();
    await s.page.getByRole("alertdialog", { name: `Promote ${kept.name}` }).getByRole("button", { name: "Promote", exact: true }).click();
    await expect.poll(async () => (await s.bridge.host.call("loop", "status", {})).bestModelId).toBe(kept.id);
    await expect.poll(() => detail.locator(".badge.best").count()).toBe(1);
    // a reload keeps the view and the model shown
    await s.page.reload();
    await expect.poll(() => s.page.getByRole("region", { name: `Model ${kept.name}` }).count()).toBe(1);
    expect(s.errors).toEqual([]);
  });

  it("browses the error crops by category and opens a crop's image in Review", async () => {
    const d = new DashboardPage(s.page);
    await d.show("Errors");
    await expect.poll(() => d.crops().count()).toBeGreaterThan(0);
    const all = await d.crops().count();
    await s.page.getByLabel("Kind").selectOption("fp");
    await expect.poll(async () => (await d.crops().count()) < all || (await s.page.getByTestId("errors-count").textContent())?.startsWith(`${all} `)).toBe(true);
    // every crop image loads through the media protocol
    await expect.poll(() => d.crops().locator("img").evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0))).toBe(true);
    await s.page.screenshot({ path: screenshotPath("errors-1280") });
    const first = d.crops().first();
    const imageId = Number(await first.getAttribute("data-image-id"));
    const fileName = (await first.locator(".crop-file").textContent()) ?? "";
    await first.click();
    await expect.poll(() => s.page.locator(".task-file").textContent()).toContain(fileName);
    const batch = (await s.bridge.host.call("review", "batches", {}))[0]!;
    const tasks = (await s.bridge.host.call("review", "tasks", { batchId: batch.id })).items;
    expect(tasks.map((t) => t.image.id)).toEqual([imageId]);
    expect(tasks[0]?.roi).not.toBeNull();
    expect(s.errors).toEqual([]);
    // crops are served by id only
    const bad = await s.page.evaluate(async (p) => (await fetch(`/media/crop/${p}/1/fn/..%2F..`)).status, projectId);
    expect(bad).toBe(400);
  });
});
