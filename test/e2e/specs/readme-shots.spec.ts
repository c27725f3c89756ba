import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../bridge/browser";
import { useAppSession } from "../bridge/session";
import { DashboardPage } from "../pages/dashboard-page";

/**
 * The README's dashboard pictures, from a project trained for real (scripts/dashboard-demo-project.ts makes one in
 * minutes). Skipped unless LOUPE_SHOTS_PROJECT names that project: the default suite has no trained project.
 */
const PROJECT = process.env.LOUPE_SHOTS_PROJECT ?? "";
const OUT = join(REPO_ROOT, "resources", "screenshots");

const s = useAppSession("readme-shots", async ({ bridge }) => {
  if (PROJECT) await bridge.host.call("projects", "open", { path: PROJECT });
});

describe.skipIf(!PROJECT)("README screenshots (set LOUPE_SHOTS_PROJECT to a trained project)", () => {
  it("shows the dashboard at 1920×1080 and a model at 1280×800", async () => {
    mkdirSync(OUT, { recursive: true });
    const d = new DashboardPage(s.page);
    await s.page.setViewportSize({ width: 1920, height: 1080 });
    await expect.poll(async () => (await d.decisions()).length).toBeGreaterThan(1);
    await s.page.screenshot({ path: join(OUT, "dashboard.png") });
    await s.page.setViewportSize({ width: 1280, height: 800 });
    await d.show("Models");
    await expect.poll(() => s.page.getByTestId("pr-chart").locator(".recharts-legend-item").count()).toBeGreaterThan(0);
    await s.page.getByTestId("pr-chart").scrollIntoViewIfNeeded();
    await s.page.screenshot({ path: join(OUT, "models.png") });
    expect(s.errors).toEqual([]);
  });
});
