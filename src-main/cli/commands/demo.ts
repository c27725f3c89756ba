import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { generateDemoDataset } from "../../datasets/demo/generate";
import { LoupeError } from "../../errors";
import { flagBool, flagString, type CliCommand, type CliContext } from "../command";
import { waitForJob } from "../job-wait";
import { describeStatus, loopTable, runLoopHere } from "./loop";

const DEMO_CLASSES = ["weed", "stone", "flower", "tag"];
/** Iterations answered by the oracle before the loop opens a batch for a person. */
const ORACLE_ITERATIONS = 2;

function int(ctx: CliContext, name: string, fallback: number): number {
  const v = flagString(ctx.args, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new LoupeError("E_VALIDATION", `--${name} must be a positive whole number`);
  return n;
}

/**
 * `loupe demo [dir]`: the active-learning loop on bundled synthetic field data — generate the data, create the
 * project, import, then the loop: a baseline trained from scratch and two iterations whose reviews the held-apart
 * ground truth answers (`oracle`), the convergence table, and finally the next batch left open for a person
 * (`human` review). Running it again resumes where it stopped (after a kill too).
 */
export const demoCommand: CliCommand = {
  name: "demo",
  summary: "runs the active-learning loop on the bundled demo data (baseline + 2 iterations, then a batch for you)",
  usage: [
    "loupe demo [dir] [--images 360] [--baseline-steps 400] [--steps 150] [--budget 20] [--quick] [--json]",
    "  dir defaults to ./loupe-demo; holds demo-data/ and demo.loupe/ (open it in the app to review the open batch)",
    "  --quick: 80 small images and a few training steps, to check a setup end to end in well under a minute",
  ],
  async run(ctx) {
    const quick = flagBool(ctx.args, "quick");
    const dir = resolve(ctx.args.positionals[0] ?? "loupe-demo");
    const images = int(ctx, "images", quick ? 80 : 360);
    const host = ctx.host();
    const say = (t: string) => ctx.err(`\n▶ ${t}`);

    const dataDir = join(dir, "demo-data");
    if (!existsSync(join(dataDir, "data.yaml"))) {
      say(`generating ${images} synthetic field images into ${dataDir}`);
      await generateDemoDataset(dataDir, { images, seed: 42, ...(quick ? { width: 320, height: 240 } : {}), signal: ctx.signal, onProgress: (d, t) => ctx.progress("demo-data", d, t) });
    } else say(`reusing the demo data in ${dataDir}`);

    const projectDir = join(dir, "demo.loupe");
    const fresh = !existsSync(join(projectDir, "project.sqlite"));
    if (fresh) {
      say(`creating ${projectDir}`);
      await host.call("projects", "create", { parentDir: dir, name: "demo", classes: DEMO_CLASSES });
    } else {
      say(`opening ${projectDir} (resuming where it stopped)`);
      await host.call("projects", "open", { path: projectDir });
    }
    await host.call("settings", "update", { patch: { annotatorName: "demo" } });
    say("importing (a re-import finds every image already there)");
    const imp = await waitForJob(ctx, (await host.call("datasets", "import", { path: dataDir, format: "yolo" })).jobId, "import");
    const counts = (imp.result as { counts?: Record<string, number> } | null)?.counts ?? {};
    ctx.err(`  ${Object.entries(counts).filter(([, n]) => typeof n === "number" && n > 0).map(([k, n]) => `${k} ${n}`).join(", ")}`);

    const env = await host.call("training", "environment", {});
    if (!env.builtinReady) {
      ctx.err(`\nThe built-in trainer needs Python 3 with PyTorch: ${env.problems.join("; ") || "not found"}`);
      ctx.err("Install it (Debian: sudo apt-get install python3-torch python3-pil) and run `npm run demo` again.");
      const status = await host.call("projects", "status", {});
      ctx.out(`demo project ready without a model: ${status.imageCount} images, ${status.labelCount} labels in ${projectDir}`);
      return 0;
    }

    const its = await host.call("loop", "iterations", {});
    const oracleDone = its.filter((i) => i.state === "done").length > ORACLE_ITERATIONS;
    if (!oracleDone) {
      await host.call("loop", "updateConfig", {
        patch: {
          review: { mode: "oracle", oraclePath: join(dataDir, "pool_oracle", "labels") },
          selection: { budget: int(ctx, "budget", quick ? 8 : 20) },
          model: {
            baselineSteps: int(ctx, "baseline-steps", quick ? 6 : 400),
            baselineEpochs: 1,
            steps: int(ctx, "steps", quick ? 4 : 150),
            epochs: 1,
            imgsz: quick ? 96 : 320,
          },
        },
      });
      say(`the loop: a baseline, then ${ORACLE_ITERATIONS} iterations whose reviews the demo's ground truth answers (${env.cpuThreads} CPU threads)`);
      const s = await runLoopHere(ctx, { dryRun: false, stopAfterIteration: ORACLE_ITERATIONS });
      if (s.status === "stopped" || s.status === "failed") {
        ctx.err(`\n${describeStatus(s)}`);
        return s.status === "failed" ? 1 : 130;
      }
    } else say(`the baseline and ${ORACLE_ITERATIONS} oracle iterations are done; going on with review by a person`);

    // From here on a person reviews: the loop runs to the next review and leaves the batch open.
    await host.call("loop", "updateConfig", { patch: { review: { mode: "human" } } });
    say("the next iteration, reviewed by you: predicting, analysing and choosing the next batch");
    const end = await runLoopHere(ctx, { dryRun: false });
    const table = await loopTable(ctx);
    if (ctx.json) {
      ctx.out(JSON.stringify({ project: projectDir, status: end, iterations: await host.call("loop", "iterations", {}) }, null, 2));
    } else {
      ctx.out(
        [
          "",
          table,
          "",
          describeStatus(end),
          "",
          `Demo loop in ${projectDir}`,
          `  convergence table: ${join(projectDir, "metrics", "convergence_tracking.csv")}; plots in metrics/convergence_plots/`,
          end.waitingFor ? `  ${end.waitingFor.message} — open the project in the app (Review), then \`npx loupe loop resume ${projectDir}\`` : "",
        ].join("\n"),
      );
    }
    return end.status === "failed" ? 1 : 0;
  },
};
