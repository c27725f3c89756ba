import type { Page } from "playwright-core";

/** The start screen, in the user's words. */
export class ProjectsPage {
  constructor(private readonly page: Page) {}

  async createProject(name: string, parentDir: string, classes: string): Promise<void> {
    const form = this.page.locator("form").filter({ hasText: "Create project" });
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Folder").fill(parentDir);
    await form.getByLabel("Classes").fill(classes);
    await form.getByRole("button", { name: "Create project" }).click();
  }

  recentNames(): Promise<string[]> {
    return this.page.getByRole("list", { name: "Recent projects" }).locator(".recent-name").allTextContents();
  }

  async openRecent(name: string): Promise<void> {
    await this.page.getByRole("list", { name: "Recent projects" }).getByRole("button", { name: new RegExp(name) }).click();
  }
}

/** The workspace around a project. */
export class WorkspacePage {
  constructor(protected readonly page: Page) {}

  projectName(): Promise<string | null> {
    return this.page.locator(".project-name").textContent();
  }

  async show(view: string): Promise<void> {
    await this.page.getByRole("navigation", { name: "Views" }).getByRole("button", { name: view, exact: true }).click();
  }

  async closeProject(): Promise<void> {
    await this.page.getByRole("button", { name: "Close project" }).click();
  }
}
