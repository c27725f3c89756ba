import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { screenshotPath } from "../bridge/browser";
import { useAppSession } from "../bridge/session";
import { DashboardPage } from "../pages/dashboard-page";
import { constantModel, loopProject } from "../../helpers/loop-fixture";

/** A project with a model and human review: started from the app, the loop runs its baseline and waits for people. */
const s = useAppSession("loop-control", async ({ bridge, tmp }) => {
  await loopProject(bridge.host, tmp, { images: 30 });
  await bridge.host.call("models", "add", { path: constantModel(join(tmp, "constant.onnx")), name: "starter" });
  await bridge.host.call("loop", "updateConfig", { patch: { selection: { budget: 3 } } });
  // Review asks a newcomer's name first; this annotator has given it
  await bridge.host.call("settings", "update", { patch: { annotatorName: "ada" } });
});

describe("driving the loop from the dashboard", () => {
  it("starts the real engine as a dry run, says what it waits for, opens that batch in Review, stops and resumes", async () => {
    const d = new DashboardPage(s.page);
    await expect.poll(() => d.status()).toBe("Not started");
    await s.page.getByLabel("dry run").check();
    await d.press("Start dry run");
    await expect.poll(() => d.status(), { timeout: 30_000 }).toBe("Waiting · dry run");
    expect(await d.where()).toBe("iteration 1 · review · 1 done");
    const wait = s.page.getByTestId("loop-wait");
    const stored = await s.bridge.host.call("loop", "status", {});
    expect(stored.waitingFor).not.toBeNull();
    expect(await wait.textContent()).toContain(stored.waitingFor!.message);
    expect(stored.waitingFor!.message).toMatch(/3 of 3 tasks left/);
    await s.page.screenshot({ path: screenshotPath("dashboard-waiting-1280") });

    // Open Review lands on the batch the loop waits for, and a reload keeps the position
    await d.press("Open Review");
    await expect.poll(() => s.page.getByRole("list", { name: "Tasks" }).locator(".queue-name").count()).toBe(3);
    expect(await s.page.evaluate(() => location.hash)).toBe(`#/review?batch=${stored.waitingFor!.batchId}&task=1`);
    await s.page.evaluate(() => history.replaceState(null, "", location.hash.replace("task=1", "task=2")));
    await s.page.reload();
    await expect.poll(() => s.page.evaluate(() => location.hash)).toBe(`#/review?batch=${stored.waitingFor!.batchId}&task=2`);
    await expect.poll(() => s.page.locator(".task-panel h2").textContent()).toContain("Task 2 of 3");

    await d.show("Dashboard");
    await d.press("Stop waiting");
    // people finish the batch; the loop goes on only when resumed (a dry run: every step but training)
    const tasks = (await s.bridge.host.call("review", "tasks", { batchId: stored.waitingFor!.batchId })).items;
    for (const t of tasks) await s.bridge.host.call("review", "finish", { taskId: t.id, outcome: "done" });
    await d.press("Resume as dry run");
    await expect.poll(() => d.where(), { timeout: 30_000 }).toBe("iteration 2 · review · 2 done");
    await expect.poll(() => s.page.getByTestId("decision-verdict").textContent()).toMatch(/iteration 1 · dry run/);
    const its = await s.bridge.host.call("loop", "iterations", {});
    expect(its.map((i) => [i.number, i.state, i.dryRun])).toEqual([[0, "done", true], [1, "done", true], [2, "review", true]]);
    expect(await d.iterationRows()).toEqual(["2 (dry)", "1 (dry)", "0 (dry)"]);
    expect(s.errors).toEqual([]);
  });

  it("checks the configuration per field and saves it to loop.yaml", async () => {
    const d = new DashboardPage(s.page);
    await expect.poll(() => d.status()).toBe("Not started");
    await s.page.getByText("Loop configuration").click();
    const budget = s.page.getByLabel("Budget per iteration");
    await budget.fill("0");
    const problem = s.page.locator(".config-field.invalid .field-problem");
    await expect.poll(() => problem.textContent()).toMatch(/./);
    expect(await s.page.getByRole("button", { name: "Save configuration" }).isDisabled()).toBe(true);
    await budget.scrollIntoViewIfNeeded();
    await s.page.screenshot({ path: screenshotPath("loop-config-invalid-1280") });
    await budget.fill("7");
    await expect.poll(() => problem.count()).toBe(0);
    await d.press("Save configuration");
    await expect.poll(async () => (await s.bridge.host.call("loop", "getConfig", {})).config.selection.budget).toBe(7);
    expect((await s.bridge.host.call("loop", "getConfig", {})).exists).toBe(true);
    expect(s.errors).toEqual([]);
  });
});
