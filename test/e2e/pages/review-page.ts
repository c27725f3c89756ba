import type { Page } from "playwright-core";

/** The review workspace, in the annotator's words. */
export class ReviewPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole("navigation", { name: "Views" }).getByRole("button", { name: "Review", exact: true }).click();
  }

  async newBatchFromSplit(split: string): Promise<void> {
    await this.page.getByLabel("Split for a new batch").selectOption(split);
    await this.page.getByRole("button", { name: "New batch" }).click();
  }

  taskNames(): Promise<string[]> {
    return this.page.getByRole("list", { name: "Tasks" }).locator(".queue-name").allTextContents();
  }

  taskStatuses(): Promise<string[]> {
    return this.page.getByRole("list", { name: "Tasks" }).locator(".badge").allTextContents();
  }

  heading(): Promise<string | null> {
    return this.page.locator(".task-panel h2").textContent();
  }

  async comment(text: string): Promise<void> {
    await this.page.getByLabel("Comment").fill(text);
  }

  async press(button: "Done" | "Skip" | "Flag" | "Approve" | "Reject"): Promise<void> {
    // Done says what it will do ("Done accepts 9 boxes, rejects 2"), so match its first word
    const name = button === "Done" ? /^Done\b/ : button;
    await this.page.locator(".task-panel").getByRole("button", { name, exact: button !== "Done" }).click();
  }

  /** The words on the Done button after "Done" ("accepts 9 boxes, rejects 2"). */
  async doneNote(): Promise<string | null> {
    return this.page.locator(".task-panel .done-note").textContent();
  }

  /** The objects panel's counts ("3 pending, 5 accepted, 1 drawn") and rows as [class, state]. */
  async objects(): Promise<{ counts: string | null; rows: [string, string][] }> {
    const panel = this.page.getByRole("region", { name: "Objects" });
    const counts = await panel.locator(".objects-counts").textContent();
    const rows = await panel.locator(".object-row").evaluateAll((els) =>
      els.map((el) => [el.querySelector(".object-class")?.textContent ?? "", el.querySelector(".badge")?.textContent ?? ""] as [string, string]),
    );
    return { counts, rows };
  }

  async mode(mode: "Annotate" | "Approve"): Promise<void> {
    await this.page.getByRole("group", { name: "Mode" }).getByRole("button", { name: mode }).click();
  }

  async goTo(n: number): Promise<void> {
    await this.page.getByLabel("Go to task number").fill(String(n));
    await this.page.getByLabel("Go to task number").press("Enter");
  }
}

/** The Konva review canvas: positions in IMAGE pixels, converted through the stage's current viewport. */
export class CanvasPage {
  constructor(private readonly page: Page) {}

  private stage() {
    return this.page.getByTestId("review-stage");
  }

  async ready(): Promise<void> {
    await this.stage().waitFor();
  }

  /** Screen position of an image pixel. */
  async at(x: number, y: number): Promise<{ x: number; y: number }> {
    const stage = this.stage();
    const [scale, vx, vy] = ((await stage.getAttribute("data-viewport")) ?? "1 0 0").split(" ").map(Number) as [number, number, number];
    const box = await stage.boundingBox();
    if (!box) throw new Error("the review stage is not on screen");
    return { x: box.x + vx + x * scale, y: box.y + vy + y * scale };
  }

  async drag(from: [number, number], to: [number, number]): Promise<void> {
    const a = await this.at(...from);
    const b = await this.at(...to);
    await this.page.mouse.move(a.x, a.y);
    await this.page.mouse.down();
    await this.page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
    await this.page.mouse.move(b.x, b.y, { steps: 4 });
    await this.page.mouse.up();
  }

  async key(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }
}
