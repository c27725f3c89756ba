import { loadavg, cpus } from "node:os";
import { join, resolve } from "node:path";
import type { ImageInfo, SelectionStrategyName } from "../../src-preload/api";
import { summaryTable, textTable } from "../../src-main/core/simulation/report";
import { DEFAULT_LOOP_CONFIG } from "../../src-main/loop/config";
import { generateDemoDataset } from "../../src-main/datasets/demo/generate";
import { DEMO_CLASSES } from "../../src-main/datasets/demo/plan";
import { createHost, type Host } from "../../src-main/host/create-host";
import { sandboxOpener } from "../../src-main/host/sandbox-opener";
import { runSimulation } from "../../src-main/simulation/run-simulation";
import { probeEnvironment } from "../../src-main/training/env-probe";
import type { Bench, BenchContext } from "./bench";

/**
 * Learning curves of selection strategies (`loupe simulate`) on the demo data and on BCCD, with the built-in
 * trainer. Profiles (LOUPE_LEARNING_PROFILE, default "full"; `--quick` means "quick"):
 * - quick: demo only, 80 images, one seed, random vs entropy, 2 rounds of 5 — checks the machinery end to end;
 * - compare: demo (360 images) + BCCD, one seed, random / entropy / multi-factor / uncertainty-coverage, 3 rounds of
 *   15 images, 80 warm-started steps a round at 256 px — the candidates side by side, to choose the default from;
 * - full: seeds 0, 1, 2, random vs entropy vs multi-factor (and the default, DEFAULT_LOOP_CONFIG, when it is another),
 *   3 rounds of 15 images, 40 warm-started steps a round (baseline 300) at 256 px — the README's table: 36 minutes for
 *   both data sets on an idle 2-core machine (demo 971 s, BCCD 1153 s on 2026-12-02).
 * LOUPE_LEARNING_DATASETS=demo,bccd and LOUPE_LEARNING_STRATEGIES=a,b,… narrow a run; LOUPE_LEARNING_OUT=<dir> keeps
 * the projects and their simulations/<id>/ outputs; LOUPE_LEARNING_{IMAGES,ROUNDS,BUDGET,STEPS,BASELINE_STEPS,IMGSZ,SEEDS}
 * narrow the sizes to what a machine allows. Reported: per dataset and
 * strategy the labels-to-match-random ratio (mean over seeds) and the area under mAP50-95 vs labels.
 */
interface Profile {
  demoImages: number;
  bccdStart: number;
  bccdVal: number;
  seeds: number[];
  strategies: SelectionStrategyName[];
  rounds: number;
  budget: number;
  steps: number;
  baselineSteps: number;
  imgsz: number;
}

const ALL: SelectionStrategyName[] = ["random", "entropy", "multi-factor", "uncertainty-coverage"];
const PROFILES: Record<string, Profile> = {
  quick: { demoImages: 80, bccdStart: 10, bccdVal: 20, seeds: [0], strategies: ["random", "entropy"], rounds: 2, budget: 5, steps: 10, baselineSteps: 30, imgsz: 160 },
  compare: { demoImages: 360, bccdStart: 20, bccdVal: 60, seeds: [0], strategies: ALL, rounds: 3, budget: 15, steps: 80, baselineSteps: 400, imgsz: 256 },
  full: { demoImages: 360, bccdStart: 20, bccdVal: 60, seeds: [0, 1, 2], strategies: [...new Set<SelectionStrategyName>(["random", "entropy", "multi-factor", DEFAULT_LOOP_CONFIG.selection.strategy])], rounds: 3, budget: 15, steps: 40, baselineSteps: 300, imgsz: 256 },
};

const BCCD = resolve(import.meta.dirname, "../../../shared/data/bccd/BCCD");

/** Every image of the open project (of one split), page by page. */
async function allImages(host: Host, split?: "test"): Promise<ImageInfo[]> {
  const out: ImageInfo[] = [];
  for (;;) {
    const page = await host.call("images", "list", { offset: out.length, limit: 1000, ...(split ? { split } : {}) });
    out.push(...page.items);
    if (page.items.length < 1000) return out;
  }
}

async function demoProject(host: Host, dir: string, p: Profile): Promise<{ projectDir: string; oracle: string }> {
  const data = join(dir, "demo-data");
  await generateDemoDataset(data, { images: p.demoImages, seed: 42 });
  const project = await host.call("projects", "create", { parentDir: dir, name: "demo", classes: DEMO_CLASSES.map((c) => c.name) });
  const job = await host.call("datasets", "import", { path: data, format: "yolo" });
  if ((await host.jobs.wait(job.jobId)).state !== "succeeded") throw new Error("demo import failed");
  // the demo's test split joins val: 20% of the images instead of 10%, so that the curves measure the strategies
  // rather than the noise of a small validation set
  const test = await allImages(host, "test");
  if (test.length > 0) await host.call("images", "setSplit", { imageIds: test.map((i) => i.id), split: "val" });
  return { projectDir: project.path, oracle: join(data, "pool_oracle", "labels") };
}

/**
 * BCCD as a simulation start: the upstream val + test images (first `bccdVal`) are the val split, `bccdStart` train
 * images (every 10th) keep their labels as the start set, every other image loses its labels and joins the pool;
 * the VOC annotations are the oracle.
 */
async function bccdProject(host: Host, dir: string, p: Profile): Promise<{ projectDir: string; oracle: string }> {
  const project = await host.call("projects", "create", { parentDir: dir, name: "bccd", classes: ["RBC", "WBC", "Platelets"] });
  const job = await host.call("datasets", "import", { path: BCCD, format: "voc" });
  if ((await host.jobs.wait(job.jobId)).state !== "succeeded") throw new Error("BCCD import failed");
  const all = await allImages(host);
  const held = all.filter((i) => i.split !== "train").sort((a, b) => a.id - b.id);
  const train = all.filter((i) => i.split === "train").sort((a, b) => a.id - b.id);
  const val = held.slice(0, p.bccdVal);
  const start = train.filter((_, k) => k % 10 === 0).slice(0, p.bccdStart);
  const pool = all.filter((i) => !val.includes(i) && !start.includes(i));
  await host.call("images", "setSplit", { imageIds: val.map((i) => i.id), split: "val" });
  await host.call("images", "setSplit", { imageIds: start.map((i) => i.id), split: "train" });
  await host.call("images", "setSplit", { imageIds: pool.map((i) => i.id), split: "pool" });
  for (const img of pool) {
    const labels = (await host.call("images", "get", { imageId: img.id })).labels;
    if (labels.length > 0) await host.call("labels", "applyEdits", { edits: labels.map((l) => ({ kind: "delete" as const, id: l.id })) });
  }
  return { projectDir: project.path, oracle: join(BCCD, "Annotations") };
}

export const bench: Bench = {
  name: "learning",
  async run(ctx: BenchContext) {
    const probe = await probeEnvironment({});
    if (!probe.builtinReady) {
      ctx.log(`skipped: the built-in trainer needs Python 3 with PyTorch (${probe.problems.join("; ")})`);
      return;
    }
    const name = ctx.quick ? "quick" : (process.env.LOUPE_LEARNING_PROFILE ?? "full");
    const base = PROFILES[name];
    if (!base) throw new Error(`LOUPE_LEARNING_PROFILE must be one of ${Object.keys(PROFILES).join(", ")}`);
    // sizes can be narrowed to what the machine allows (the README says which were used)
    const env = (k: string, v: number) => (process.env[`LOUPE_LEARNING_${k}`] ? Number(process.env[`LOUPE_LEARNING_${k}`]) : v);
    const p: Profile = {
      ...base,
      demoImages: env("IMAGES", base.demoImages),
      rounds: env("ROUNDS", base.rounds),
      budget: env("BUDGET", base.budget),
      steps: env("STEPS", base.steps),
      baselineSteps: env("BASELINE_STEPS", base.baselineSteps),
      imgsz: env("IMGSZ", base.imgsz),
      seeds: process.env.LOUPE_LEARNING_SEEDS ? process.env.LOUPE_LEARNING_SEEDS.split(",").map(Number) : base.seeds,
    };
    const strategies = (process.env.LOUPE_LEARNING_STRATEGIES?.split(",") as SelectionStrategyName[] | undefined) ?? p.strategies;
    const datasets = process.env.LOUPE_LEARNING_DATASETS?.split(",") ?? (ctx.quick ? ["demo"] : ["demo", "bccd"]);
    const [l1, l5] = loadavg();
    ctx.log(`profile ${name}: ${strategies.join(", ")} × seeds ${p.seeds.join(",")}, ${p.rounds} rounds of ${p.budget} images, ${p.steps} steps per round (baseline ${p.baselineSteps}) at ${p.imgsz} px`);
    ctx.log(`machine: ${cpus().length} cores, load ${l1?.toFixed(2)} / ${l5?.toFixed(2)}`);
    for (const dataset of datasets) {
      // LOUPE_LEARNING_OUT keeps the projects and their simulations/ (the bench's own folder is removed at the end)
      const dir = join(process.env.LOUPE_LEARNING_OUT ?? ctx.tmpDir, dataset);
      const host = createHost({ appDataDir: join(dir, "home"), hostKind: "cli" });
      const made = await (dataset === "bccd" ? bccdProject(host, dir, p) : demoProject(host, dir, p));
      await host.dispose();
      const t0 = performance.now();
      const r = await runSimulation(
        { opener: sandboxOpener({ appDataDir: join(dir, "sim-home") }), clock: { now: () => Date.now() }, log: (l) => ctx.log(`${dataset}: ${l}`) },
        {
          projectDir: made.projectDir,
          oraclePath: made.oracle,
          id: `bench-${name}`,
          strategies,
          seeds: p.seeds,
          rounds: p.rounds,
          budget: p.budget,
          model: { steps: p.steps, epochs: 1, baselineSteps: p.baselineSteps, baselineEpochs: 1, imgsz: p.imgsz },
          command: `LOUPE_LEARNING_PROFILE=${name} npm run bench -- learning`,
          machine: `${cpus().length} cores, load ${l1?.toFixed(2)} / ${l5?.toFixed(2)}`,
        },
      );
      const { header, rows } = summaryTable(r.summary);
      ctx.log(`${dataset} (${Math.round((performance.now() - t0) / 1000)} s, start: ${JSON.stringify(r.start)}):\n${textTable(header, rows)}`);
      for (const s of r.summary.strategies) {
        if (s.labelsToMatchRandom) ctx.report({ name: `${dataset} ${s.strategy} labels to match random`, value: s.labelsToMatchRandom.ratio.mean, unit: "× random", note: `${s.labelsToMatchRandom.reachedIn} of ${s.labelsToMatchRandom.perSeed.length} seeds reached it` });
        ctx.report({ name: `${dataset} ${s.strategy} AUC mAP50-95 vs labels`, value: s.auc.labels.mean, unit: "", note: `± ${s.auc.labels.std.toFixed(3)}` });
      }
      if (process.env.LOUPE_LEARNING_OUT) ctx.log(`outputs kept in ${r.dir}`);
    }
  },
};
