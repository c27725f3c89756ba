import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { JobInfo, LoupeEvents, TrainedModelInfo } from "../../../src-preload/api";
import { LoupeError } from "../../errors";
import { formatProgress } from "../../training/protocol";
import { flagBool, flagString, type CliCommand, type CliContext } from "../command";
import { waitForJob } from "../job-wait";

const DEMO_CLASSES = ["weed", "stone", "flower", "tag"];

function int(ctx: CliContext, name: string, fallback: number): number {
  const v = flagString(ctx.args, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new LoupeError("E_VALIDATION", `--${name} must be a positive whole number`);
  return n;
}

/**
 * `loupe demo [dir]`: one whole active-learning iteration on bundled synthetic field data — generate the data,
 * create the project, import, train the built-in detector, predict val and pool, evaluate, choose hard examples
 * and open a review batch for them. Every step is idempotent: running it again reuses what is there.
 */
export const demoCommand: CliCommand = {
  name: "demo",
  summary: "runs one active-learning iteration on the bundled demo data (import → train → predict → eval → select)",
  usage: [
    "loupe demo [dir] [--images 360] [--steps 400] [--budget 20] [--quick] [--json]",
    "  dir defaults to ./loupe-demo; holds demo-data/ and demo.loupe/ (open it in the app to review the batch)",
    "  --quick: 120 images and 6 training steps, to check a setup end to end in well under a minute",
  ],
  async run(ctx) {
    const quick = flagBool(ctx.args, "quick");
    const dir = resolve(ctx.args.positionals[0] ?? "loupe-demo");
    const images = int(ctx, "images", quick ? 120 : 360);
    // A few minutes of training on 2 cores: optimiser steps, not epochs (the set is small).
    const steps = int(ctx, "steps", quick ? 6 : 400);
    const budget = int(ctx, "budget", quick ? 10 : 20);
    const host = ctx.host();
    const say = (t: string) => ctx.err(`\n▶ ${t}`);

    const dataDir = join(dir, "demo-data");
    if (!existsSync(join(dataDir, "data.yaml"))) {
      say(`generating ${images} synthetic field images into ${dataDir}`);
      const { generateDemoDataset } = await import("../../datasets/demo/generate"); // sharp loads only here
      await generateDemoDataset(dataDir, { images, seed: 42, signal: ctx.signal, onProgress: (d, t) => ctx.progress("demo-data", d, t) });
    } else say(`reusing the demo data in ${dataDir}`);

    const projectDir = join(dir, "demo.loupe");
    if (existsSync(join(projectDir, "project.sqlite"))) {
      say(`opening ${projectDir}`);
      await host.call("projects", "open", { path: projectDir });
    } else {
      say(`creating ${projectDir}`);
      await host.call("projects", "create", { parentDir: dir, name: "demo", classes: DEMO_CLASSES });
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

    let modelId = (await host.call("models", "list", {}))[0]?.id;
    if (modelId) say(`reusing model ${modelId.slice(0, 8)} (delete ${projectDir} to start over)`);
    else {
      say(`training the built-in detector (${steps} steps at 320 px, ${env.cpuThreads} CPU threads)`);
      const started = await host.call("training", "start", { adapter: "builtin", epochs: 1, steps, imgsz: 320, seed: 1 });
      let shown = 0;
      const off = host.events.subscribe((name, payload) => {
        if (name !== "training.progress") return;
        const { jobId, progress } = payload as LoupeEvents["training.progress"];
        if (jobId !== started.id || progress.epochsDone <= shown) return;
        shown = progress.epochsDone;
        ctx.err(`  ${formatProgress(progress)}`);
      });
      let info: JobInfo;
      try {
        info = await waitForJob(ctx, started.id, "train");
      } finally {
        off();
      }
      const trained = info.result as TrainedModelInfo;
      modelId = trained.id;
      ctx.err(`  model ${modelId.slice(0, 8)}: mAP50 on val ${typeof trained.metrics.mAP50 === "number" ? trained.metrics.mAP50.toFixed(3) : "n/a"}`);
    }

    for (const split of ["val", "pool"] as const) {
      say(`predicting the ${split} split`);
      const run = await host.call("inference", "run", { modelId, split, confThreshold: 0.001 });
      await waitForJob(ctx, run.id, `predict ${split}`);
    }

    say("evaluating on val");
    const ev = await host.call("evaluation", "run", { modelId, split: "val" });
    ctx.err(
      `  mAP50-95 ${ev.coco.AP?.toFixed(3)}  mAP50 ${ev.coco.AP50?.toFixed(3)}  F1 ${ev.prf.atOptimal.f1.toFixed(3)} at conf ${ev.prf.atOptimal.confidence.toFixed(2)}` +
        `  (${ev.errors.fn.total} missed, ${ev.errors.fp.total} false at conf ${ev.confidence})`,
    );

    say(`choosing ${budget} hard examples from the pool`);
    const round = (await host.call("review", "batches", {})).length + 1;
    const sel = await host.call("selection", "run", { modelId, budget, batchName: `demo round ${round}` });
    for (const c of sel.chosen.slice(0, 5)) ctx.err(`  ${c.rank}. ${c.fileName}  ${c.score.toFixed(2)}  ${c.reasons.join("; ")}`);
    if (sel.chosen.length > 5) ctx.err(`  … and ${sel.chosen.length - 5} more`);

    const summary = {
      project: projectDir,
      modelId,
      evaluation: { AP: ev.coco.AP, AP50: ev.coco.AP50, f1: ev.prf.atOptimal.f1, reportDir: ev.reportDir },
      reviewBatch: sel.batch ? { id: sel.batch.id, name: sel.batch.name, tasks: sel.batch.total } : null,
    };
    if (ctx.json) ctx.out(JSON.stringify(summary, null, 2));
    else
      ctx.out(
        [
          "",
          `Demo iteration done: ${projectDir}`,
          `  model ${modelId}: mAP50 ${ev.coco.AP50?.toFixed(3)} on val; error report in ${ev.reportDir}`,
          `  review batch "${sel.batch?.name}" with ${sel.batch?.total ?? 0} hard examples is waiting for annotators`,
          "  next: open the project in the app (Review), or `npx loupe status " + projectDir + "`",
        ].join("\n"),
      );
    return 0;
  },
};
