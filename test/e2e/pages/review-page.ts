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
    await this.page.locator(".task-panel").getByRole("button", { name: button, exact: true }).click();
  }

  async mode(mode: "Annotate" | "Approve"): Promise<void> {
    await this.page.getByRole("group", { name: "Mode" }).getByRole("button", { name: mode }).click();
  }

  async goTo(n: number): Promise<void> {
    await this.page.getByLabel("Go to task number").fill(String(n));
    await this.page.getByLabel("Go to task number").press("Enter");
  }
}
