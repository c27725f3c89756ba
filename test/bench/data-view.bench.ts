import { copyFileSync, linkSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { openApp } from "../e2e/bridge/browser";
import { loadNote, median, percentile, withBrowserApp, type Bench } from "./bench";
import { generateScaleProject } from "./scale-project";

/**
 * The Data view scrolling a 100,000-image project (1M labels; quick: 10,000 / 100k) in Debian's Chromium against
 * the real services: frame intervals while the grid scrolls 100 px a frame (thumbnails load, boxes are drawn),
 * against the same scroll of a plain element of the same height in the same page. Goal: p95 ≤ 20 ms. A flick
 * (6,000 px/s) draws new cells' boxes and names and fetches their pictures when it stops (reported: how long until
 * every picture in view shows, thumbnails made then); a reading pace (1,500 px/s) fetches every picture as it
 * comes, making its 320 px thumbnail (cached in this machine's app data) on the way.
 * Every image is a hard link to one real 640×480 photo (a BCCD blood smear from ../shared/data), so the browser
 * decodes real pictures.
 */
async function frameIntervals(page: Page, selector: string, frames: number, stepPx: number): Promise<number[]> {
  // a string, not a function: the bench runs through tsx, whose helpers do not exist in the page
  return page.evaluate(`(async () => {
    const el = document.querySelector(${JSON.stringify(selector)});
    const out = [];
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    let last = await frame();
    for (let i = 0; i < ${frames}; i++) {
      el.scrollTop += ${stepPx};
      const now = await frame();
      out.push(now - last);
      last = now;
    }
    return out;
  })()`) as Promise<number[]>;
}

/** Scroll per frame: 6,000 px/s at 60 frames a second, a quick flick through the grid. */
const STEP_PX = 100;
/** Scroll per frame at a reading pace: 1,500 px/s, under the grid's flick pace (FLICK_PX_PER_S), so pictures load. */
const READING_STEP_PX = 25;

/** Milliseconds until every cell in view shows its picture (polled each frame), at most 30 s. */
async function picturesInView(page: Page): Promise<number> {
  return page.evaluate(`(async () => {
    const grid = document.querySelector("[data-testid=image-grid]");
    const t0 = performance.now();
    const done = () => {
      const view = grid.getBoundingClientRect();
      for (const li of grid.querySelectorAll("li")) {
        const r = li.getBoundingClientRect();
        if (r.bottom <= view.top || r.top >= view.bottom) continue;
        const img = li.querySelector("img");
        if (!img || !img.complete || img.naturalWidth === 0) return false;
      }
      return true;
    };
    while (!done()) {
      if (performance.now() - t0 > 30000) return NaN;
      await new Promise((r) => requestAnimationFrame(r));
    }
    return performance.now() - t0;
  })()`) as Promise<number>;
}
const p95 = (xs: number[]): number => percentile(xs, 0.95);
/** Frames that missed a vsync (a 60 Hz interval is 16.7 ms). */
const late = (xs: number[]): string => `${xs.filter((x) => x > 20).length} of ${xs.length} frames over 20 ms`;

export const bench: Bench = {
  name: "data-view",
  async run(ctx) {
    await withBrowserApp(ctx, async ({ bridge, browser }) => {
      const n = ctx.quick ? 10_000 : 100_000;
      const p = await generateScaleProject(bridge.host, ctx.tmpDir, n, n * 10, n);
      const one = resolve(import.meta.dirname, "../../../shared/data/bccd/BCCD/JPEGImages/BloodImage_00000.jpg");
      mkdirSync(join(ctx.tmpDir, "images", "field"), { recursive: true });
      // a file takes at most 65,000 hard links on ext4: a copy of the picture for every 50,000 images
      const copies = Array.from({ length: Math.ceil(n / 50_000) }, (_, k) => {
        const copy = join(ctx.tmpDir, `one-${k}.jpg`);
        copyFileSync(one, copy);
        return copy;
      });
      for (let i = 1; i <= n; i++) linkSync(copies[Math.floor((i - 1) / 50_000)]!, join(ctx.tmpDir, "images", "field", `${String(i).padStart(7, "0")}.jpg`));
      ctx.log(`${p.images} images, ${p.labels} labels; ${loadNote()}`);

      const { page } = await openApp(browser, bridge, { width: 1600, height: 1000 });
      await page.getByRole("navigation", { name: "Views" }).getByRole("button", { name: "Data", exact: true }).click();
      await page.getByRole("list", { name: "Images" }).locator("svg.thumb-boxes").first().waitFor({ timeout: 30_000 });
      const frames = ctx.quick ? 120 : 300;
      // a flick: new cells come with their boxes and names, their pictures once the scroll stops
      const flick = await frameIntervals(page, "[data-testid=image-grid]", frames, STEP_PX);
      const rendered = await page.getByRole("list", { name: "Images" }).locator("li").count();
      const settledMs = await picturesInView(page);
      // a reading pace: every picture is fetched (and its thumbnail made) as its row comes into view
      await page.evaluate(`document.querySelector("[data-testid=image-grid]").scrollTop = 0`);
      await new Promise((r) => setTimeout(r, 1000));
      const reading = await frameIntervals(page, "[data-testid=image-grid]", frames, READING_STEP_PX);
      // baseline: a plain element as tall as the grid's list, scrolled the same way in the same page
      await page.evaluate(`(() => {
        const list = document.querySelector("[data-testid=image-grid] ul");
        const plain = document.createElement("div");
        plain.id = "plain-scroller";
        plain.style.cssText = "position:fixed;inset:0;overflow:auto;z-index:9999;background:#123";
        plain.innerHTML = '<div style="height:' + list.style.height + '"></div>';
        document.body.appendChild(plain);
      })()`);
      const plain = await frameIntervals(page, "#plain-scroller", frames, STEP_PX);
      const load = loadNote();
      ctx.report({ name: "Data view flick, frame interval p95", value: p95(flick), unit: "ms", note: `median ${median(flick).toFixed(1)}; ${late(flick)}; ${frames} frames at ${STEP_PX} px (${STEP_PX * 60} px/s), ${rendered} cells in the page; goal ≤ 20; ${load}` });
      ctx.report({ name: "Data view flick: every picture in view shown after the scroll stops", value: settledMs, unit: "ms", note: "their thumbnails made then" });
      ctx.report({ name: "Data view at a reading pace, frame interval p95", value: p95(reading), unit: "ms", note: `median ${median(reading).toFixed(1)}; ${late(reading)}; ${READING_STEP_PX} px a frame (${READING_STEP_PX * 60} px/s), each picture fetched and its thumbnail made as its row comes` });
      ctx.report({ name: "plain element scroll frame interval, p95 (baseline)", value: p95(plain), unit: "ms", note: `median ${median(plain).toFixed(1)}; ${late(plain)}` });
      ctx.report({ name: "Data view flick ÷ plain (p95)", value: p95(flick) / p95(plain), unit: "×" });
    });
  },
};
