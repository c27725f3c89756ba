import { WorkspacePage } from "./projects-page";

/** The dashboard (the loop), the Models view and the error crops, in the ML engineer's words. */
export class DashboardPage extends WorkspacePage {
  status(): Promise<string | null> {
    return this.page.getByTestId("loop-status").textContent();
  }

  where(): Promise<string | null> {
    return this.page.getByTestId("loop-where").textContent();
  }

  async press(name: string): Promise<void> {
    await this.page.getByRole("button", { name, exact: true }).click();
  }

  /** Points of a chart as drawn: SVG elements matching `selector` inside the chart's figure. */
  chartPoints(testId: string, selector: string): Promise<number> {
    return this.page.getByTestId(testId).locator(`svg ${selector}`).count();
  }

  /** The learning curve's F1 points by the decision they show (class point-<decision>). */
  async decisions(): Promise<string[]> {
    const classes = await this.page.getByTestId("learning-curve").locator("svg circle.point").evaluateAll((els) => els.map((e) => e.getAttribute("class") ?? ""));
    return classes.map((c) => c.replace("point point-", ""));
  }

  iterationRows(): Promise<string[]> {
    return this.page.getByRole("table", { name: "Iterations" }).locator("tbody tr td:first-child").allTextContents();
  }

  crops() {
    return this.page.getByRole("list", { name: "Error crops" }).getByRole("button");
  }
}
