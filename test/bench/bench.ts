import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { CHROMIUM_PATH, launchBrowser, RENDERER_DIR } from "../e2e/bridge/browser";
import { startBridge, type Bridge } from "../e2e/bridge/server";

export { LOUPE_BIN } from "../helpers/cli";

/**
 * A benchmark module: `test/bench/<topic>.bench.ts` exports `bench`. `npm run bench` runs them all (or the ones
 * named on the command line: `npm run bench -- import eval`). Figures are reported as ratios against a baseline
 * measured in the same run, never as absolute pass/fail timings.
 */
export interface BenchContext {
  /** Quick mode (`--quick`): smaller inputs, heavy entries may skip themselves. */
  quick: boolean;
  /** A fresh temporary folder for this benchmark. */
  tmpDir: string;
  /** Prints one result line (and records it for the JSON summary). */
  report(entry: { name: string; value: number; unit: string; note?: string }): void;
  log(text: string): void;
}

export interface Bench {
  name: string;
  run(ctx: BenchContext): Promise<void>;
}

/** The q-quantile of `xs` by nearest rank (the sorted value at ⌊q·n⌋, clamped); NaN when empty. */
export function percentile(xs: readonly number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** The median of `xs` (the mean of the middle two for an even count); NaN when empty. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  if (s.length === 0) return NaN;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** The machine's 1, 5 and 15 minute load averages, as "load 1.9 2.0 2.1" for a report note. */
export function loadNote(): string {
  return `load ${loadavg().map((l) => l.toFixed(1)).join(" ")}`;
}

/** Wall seconds of one `node <args>` process; throws with its stderr's tail when it fails. */
export function processSeconds(args: string[], env: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${args.join(" ")}: exit ${r.status}: ${r.stderr.slice(-400)}`);
  return (performance.now() - t0) / 1000;
}

/**
 * Runs `measure` against the real services behind the test bridge (app data in the bench's folder) and Debian's
 * Chromium, closing both after; logs a skip instead when Chromium or the built renderer is missing.
 */
export async function withBrowserApp(ctx: BenchContext, measure: (app: { bridge: Bridge; browser: Browser }) => Promise<void>): Promise<void> {
  if (!existsSync(CHROMIUM_PATH) || !existsSync(join(RENDERER_DIR, "index.html"))) {
    ctx.log(`skipped: needs ${CHROMIUM_PATH} and a built renderer (npm run build)`);
    return;
  }
  const bridge = await startBridge({ rendererDir: RENDERER_DIR, appDataDir: join(ctx.tmpDir, "app") });
  const browser = await launchBrowser();
  try {
    await measure({ bridge, browser });
  } finally {
    await browser.close();
    await bridge.close();
  }
}
