import { describe, expect, it } from "vitest";
import { screenshotPath } from "../bridge/browser";
import { useAppSession } from "../bridge/session";
import { WorkspacePage } from "../pages/projects-page";

const s = useAppSession("settings", async ({ bridge, tmp }) => {
  await bridge.host.call("projects", "create", { parentDir: tmp, name: "settings" });
});

describe("settings", () => {
  it("saves the annotator's name and a shortcut override, and refuses to save a conflicting one", async () => {
    await new WorkspacePage(s.page).show("Settings");
    await s.page.getByLabel(/Your name/).fill("Ada Lovelace");
    const drawKeys = s.page.getByLabel("Keys for Draw box tool");
    await drawKeys.fill("D"); // D already means "next image"
    await expect.poll(() => s.page.locator(".shortcuts .error").first().textContent()).toContain("conflicts: D");
    expect(await s.page.getByRole("button", { name: "Save" }).isDisabled()).toBe(true);
    await drawKeys.fill("B");
    await s.page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => s.page.getByText("Saved.").count()).toBe(1);
    await s.page.screenshot({ path: screenshotPath("settings-1280"), fullPage: true });
    const saved = await s.bridge.host.call("settings", "get", {});
    expect(saved.annotatorName).toBe("Ada Lovelace");
    expect(saved.keymapOverrides["canvas.toolDraw"]?.keys).toEqual(["B"]);
    expect(s.errors).toEqual([]);
  });
});
