import { join } from "node:path";
import { LOUPE_BIN as BIN, loadNote, median, processSeconds as seconds, type Bench } from "./bench";

/**
 * Start-up of the `loupe` command as users run it: `loupe status` on a small project, whole process, against
 * `node -e ""` in the same run (alternating, median of N). Reported for the prebuilt CLI (what `npm ci` ships) and
 * for the TypeScript sources through tsx (what runs when the bundle is stale). Goal: ≤ 0.3 s.
 */
export const bench: Bench = {
  name: "cli",
  async run(ctx) {
    const env = { ...process.env, LOUPE_HOME: join(ctx.tmpDir, "home") };
    seconds([BIN, "init", join(ctx.tmpDir, "small"), "--classes", "crop,weed"], env);
    const project = join(ctx.tmpDir, "small.loupe");
    const runs = ctx.quick ? 5 : 11;
    const node: number[] = [];
    const bundled: number[] = [];
    const sources: number[] = [];
    seconds([BIN, "status", project], env); // file cache
    for (let r = 0; r < runs; r++) {
      node.push(seconds(["-e", ""], env));
      bundled.push(seconds([BIN, "status", project], env));
      if (r < 3) sources.push(seconds([BIN, "status", project], { ...env, LOUPE_CLI_FROM_SOURCES: "1" }));
    }
    const load = loadNote();
    ctx.report({ name: 'node -e "" (baseline)', value: median(node), unit: "s", note: `median of ${runs}` });
    ctx.report({ name: "loupe status, prebuilt CLI", value: median(bundled), unit: "s", note: `median of ${runs}; goal ≤ 0.3; ${load}` });
    ctx.report({ name: "loupe status − node -e \"\"", value: median(bundled) - median(node), unit: "s", note: "what Loupe itself adds" });
    ctx.report({ name: "loupe status, TypeScript sources (tsx)", value: median(sources), unit: "s", note: "median of 3; the fallback when the bundle is stale" });
  },
};
