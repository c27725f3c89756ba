import { copyFileSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateDemoDataset } from "../../src-main/datasets/demo/generate";
import { DEMO_CLASSES } from "../../src-main/datasets/demo/plan";
import { builtinAdapter } from "../../src-main/training/adapters/builtin";
import { probeEnvironment } from "../../src-main/training/env-probe";
import type { EpochMessage } from "../../src-main/training/protocol";
import { trainWithAdapter } from "../../src-main/training/train-job";
import type { Bench } from "./bench";

/**
 * The built-in trainer on the project's machine kind (TRAINER-NOTES §4 and §6 are the bar):
 * - seconds per epoch on 600 demo images at 320 px with 2 threads, and the mAP50 reached from scratch after
 *   LOUPE_BENCH_EPOCHS epochs (default 30);
 * - one active-learning round: a warm start on 700 images (the 600 + 100 new) for 5 epochs — goal ≤ 3 minutes.
 * Data: 1000 demo images (src-main/datasets/demo) at 320×320, regrouped as 600 train (train + pool with the
 * oracle's labels), 200 val (val + test), 100 "new". Skipped in quick mode (it trains for ~15–20 minutes) and
 * where PyTorch is absent.
 */

const SIZE = 320;
const THREADS = 2;

function link(from: string, to: string): void {
  try {
    symlinkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/** Regroups the demo set into train/val/extra folders with YOLO labels beside them; returns two data.yaml files. */
function assemble(demo: string, dir: string): { base: string; round: string; counts: Record<string, number> } {
  const take = (split: string): { image: string; label: string; name: string }[] =>
    existsSync(join(demo, "images", split))
      ? readdirSync(join(demo, "images", split)).sort().map((name) => ({
          name,
          image: join(demo, "images", split, name),
          label: join(demo, split === "pool" ? "pool_oracle/labels" : `labels/${split}`, name.replace(/\.jpg$/, ".txt")),
        }))
      : [];
  const pool = take("pool");
  const groups: Record<string, ReturnType<typeof take>> = {
    train: [...take("train"), ...pool].slice(0, 600),
    val: [...take("val"), ...take("test")].slice(0, 200),
    extra: [...take("train"), ...pool].slice(600, 700),
  };
  const counts: Record<string, number> = {};
  for (const [group, items] of Object.entries(groups)) {
    mkdirSync(join(dir, "images", group), { recursive: true });
    mkdirSync(join(dir, "labels", group), { recursive: true });
    for (const it of items) {
      link(it.image, join(dir, "images", group, it.name));
      copyFileSync(it.label, join(dir, "labels", group, it.name.replace(/\.jpg$/, ".txt")));
    }
    counts[group] = items.length;
  }
  const names = ["names:", ...DEMO_CLASSES.map((c, i) => `  ${i}: "${c.name}"`)].join("\n");
  const base = join(dir, "base.yaml");
  const round = join(dir, "round.yaml");
  writeFileSync(base, `path: "${dir}"\ntrain: "images/train"\nval: "images/val"\n${names}\n`);
  writeFileSync(round, `path: "${dir}"\ntrain: ["images/train", "images/extra"]\nval: "images/val"\n${names}\n`);
  return { base, round, counts };
}

const meanOf = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const trainSeconds = (e: EpochMessage): number => (typeof e.trainSeconds === "number" ? e.trainSeconds : e.seconds);

export const bench: Bench = {
  name: "training",
  async run(ctx) {
    if (ctx.quick) {
      ctx.log("skipped in quick mode (trains the built-in detector for ~15–20 minutes)");
      return;
    }
    const env = await probeEnvironment();
    if (!env.python) {
      ctx.log(`skipped: ${env.problems.join("; ")}`);
      return;
    }
    const epochs = Number(process.env.LOUPE_BENCH_EPOCHS ?? 30);
    const t0 = performance.now();
    await generateDemoDataset(join(ctx.tmpDir, "demo"), { images: 1000, seed: 11, width: SIZE, height: SIZE });
    const data = assemble(join(ctx.tmpDir, "demo"), join(ctx.tmpDir, "set"));
    ctx.log(`demo data: ${JSON.stringify(data.counts)} images at ${SIZE}×${SIZE} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const names = DEMO_CLASSES.map((c) => c.name);
    const adapter = builtinAdapter({ python: env.python });
    const job = { names, imgsz: SIZE, batch: 16, seed: 0, device: "cpu", threads: THREADS } as const;

    const scratch = await trainWithAdapter(adapter, { ...job, data: data.base, out: join(ctx.tmpDir, "scratch"), epochs, valEvery: 5 }, {
      onProgress: (p) => {
        if (p.phase === "exporting" || (p.epochsDone > 0 && p.step % 185 === 0)) ctx.log(`scratch: epoch ${p.epochsDone}/${p.epochs}, mAP50 ${String(p.metrics.mAP50 ?? "–")}`);
      },
    });
    const perEpoch = scratch.epochs.map(trainSeconds);
    ctx.log(`training seconds per epoch: ${perEpoch.map((x) => x.toFixed(1)).join(" ")}`);
    ctx.log(`mAP50 by validated epoch: ${scratch.epochs.filter((e) => typeof e.metrics.mAP50 === "number").map((e) => `${e.epoch}:${(e.metrics.mAP50 as number).toFixed(3)}`).join(" ")}`);
    ctx.report({ name: "seconds per epoch, 600 images, 320 px, 2 threads (training only)", value: meanOf(perEpoch), unit: "s", note: `median ${[...perEpoch].sort((a, b) => a - b)[Math.floor(perEpoch.length / 2)]?.toFixed(1)} s; spike: 22–26 s idle` });
    ctx.report({ name: "seconds per epoch incl. validation of 200 images (every 5th epoch)", value: meanOf(scratch.epochs.map((e) => e.seconds)), unit: "s" });
    ctx.report({ name: `mAP50 on val after ${epochs} epochs from scratch`, value: Number(scratch.metrics.mAP50 ?? NaN), unit: "", note: "spike: 0.744 after 30 epochs on its own synthetic set" });
    ctx.report({ name: `from-scratch run, ${epochs} epochs, wall time`, value: scratch.seconds, unit: "s" });
    ctx.report({ name: "ONNX parity: max |Δ| scores", value: (scratch.parity?.maxScoreAbsDiff ?? NaN) * 1e6, unit: "×1e-6", note: "limit 100 ×1e-6" });
    ctx.report({ name: "ONNX parity: max relative Δ boxes", value: (scratch.parity?.maxBoxRelDiff ?? NaN) * 1e6, unit: "×1e-6", note: "limit 100 ×1e-6" });

    const t1 = performance.now();
    const round = await trainWithAdapter(adapter, { ...job, data: data.round, out: join(ctx.tmpDir, "round"), epochs: 5, init: scratch.checkpoint, evalBefore: true });
    ctx.log(`warm round seconds per epoch: ${round.epochs.map((e) => trainSeconds(e).toFixed(1)).join(" ")}; incl. process start, caching 900 images, export: ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    ctx.report({ name: "warm-start round: 700 images, 5 epochs, wall time", value: round.seconds, unit: "s", note: `goal ≤ 180 s: ratio ${(round.seconds / 180).toFixed(2)}` });
    ctx.report({ name: "mAP50 on val after the warm-start round", value: Number(round.metrics.mAP50 ?? NaN), unit: "", note: `before the round: ${Number(scratch.metrics.mAP50 ?? NaN).toFixed(3)}` });
  },
};
