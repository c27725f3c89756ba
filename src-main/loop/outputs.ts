import { copyFileSync, existsSync, mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import type { IterationMetrics, LoopConfig, LoopDecisionInfo } from "../../src-preload/api";
import { lineChartSvg } from "../core/plots/line-chart";
import type { EvaluationOutcome } from "../evaluation/evaluate-model";
import { writeFileAtomic } from "../files/atomic";
import { modelFilePath } from "../files/project-layout";
import { loadSharp } from "../files/sharp-lazy";
import type { Db } from "../store/db";
import { listClasses } from "../store/repos/classes-repo";
import { getModel } from "../store/repos/models-repo";

/**
 * The loop's files, all written atomically: per iteration weights/, metadata.json and the iteration report; for the
 * project metrics/convergence_tracking.csv, metrics/convergence_plots/*.svg (+ .png) and prompt_versions/.
 */

/**
 * Data-driven prompt suggestions (the classes an open-vocabulary prompt would need help with): the classes with the
 * most misses, the class pairs most confused, and the object sizes each class is missed at. Nothing invented.
 */
export function writePromptSuggestions(db: Db, file: string, outcome: EvaluationOutcome): void {
  const classes = listClasses(db);
  const name = new Map(classes.map((c) => [c.id, c.name]));
  const { errors, confusion } = outcome;
  const misses = errors.fn.byClass
    .map((c) => ({ class: name.get(c.classId) ?? String(c.classId), missed: c.total, bySize: pick(c.byCategory, ["tiny", "small", "medium", "large"]), lowContrast: c.byCategory.low_contrast ?? 0, atBorder: c.byCategory.at_border ?? 0, crowded: c.byCategory.crowded ?? 0 }))
    .sort((a, b) => b.missed - a.missed);
  const confused: { trueClass: string; predictedAs: string; count: number }[] = [];
  confusion.classIds.forEach((t, ti) =>
    confusion.classIds.forEach((p, pi) => {
      const n = confusion.counts[ti]?.[pi] ?? 0;
      if (t !== p && n > 0) confused.push({ trueClass: name.get(t) ?? String(t), predictedAs: name.get(p) ?? String(p), count: n });
    }),
  );
  confused.sort((a, b) => b.count - a.count);
  const suggestions = [
    ...misses.filter((m) => m.missed > 0).slice(0, 3).map((m) => {
      const worst = Object.entries(m.bySize).sort((a, b) => b[1] - a[1])[0];
      return `"${m.class}" is missed ${m.missed}× — mostly ${worst?.[0] ?? "?"} objects${m.lowContrast ? `, ${m.lowContrast} low-contrast` : ""}${m.atBorder ? `, ${m.atBorder} at the border` : ""}`;
    }),
    ...confused.slice(0, 3).map((c) => `"${c.trueClass}" is taken for "${c.predictedAs}" ${c.count}×: describe what tells them apart`),
  ];
  writeFileAtomic(file, `${JSON.stringify({ classes: classes.map((c) => c.name), misses, confused, suggestions }, null, 2)}\n`);
}

function pick(o: Record<string, number>, keys: readonly string[]): Record<string, number> {
  return Object.fromEntries(keys.map((k) => [k, o[k] ?? 0]));
}

/** weights/best.onnx (the best after the decision), last.onnx (the candidate) and its checkpoint. */
export function writeWeights(db: Db, projectDir: string, dir: string, decision: LoopDecisionInfo): void {
  const weights = join(dir, "weights");
  mkdirSync(weights, { recursive: true });
  const copy = (modelId: string | null, as: string) => {
    const m = modelId ? getModel(db, modelId) : undefined;
    if (!m) return;
    const src = modelFilePath(projectDir, m.fileName);
    if (existsSync(src)) atomicCopy(src, join(weights, as));
    const ckpt = m.training?.checkpoint ? join(projectDir, m.training.checkpoint) : null;
    if (as === "last.onnx" && ckpt && existsSync(ckpt)) atomicCopy(ckpt, join(weights, "checkpoint.pt"));
  };
  copy(decision.bestModelId, "best.onnx");
  copy(decision.candidateModelId, "last.onnx");
}

/** A copy that readers see whole or not at all: copy beside the target, then rename over it. */
function atomicCopy(src: string, dest: string): void {
  const tmp = `${dest}.tmp-${process.pid}`;
  copyFileSync(src, tmp);
  renameSync(tmp, dest);
}

export interface TrackingRow {
  iteration: number;
  metrics: IterationMetrics | null;
  decision: LoopDecisionInfo | null;
  dryRun: boolean;
}

const num = (v: number | null | undefined, d = 4) => (v === null || v === undefined || !Number.isFinite(v) ? "" : v.toFixed(d));

/** metrics/convergence_tracking.csv: one row per decided iteration. */
export function writeTrackingCsv(projectDir: string, rows: readonly TrackingRow[]): string {
  const file = join(projectDir, "metrics", "convergence_tracking.csv");
  const header = "iteration,labels_spent,images_labeled,map50_95,map50,precision,recall,f1,train_f1,decision,best_model,candidate_model,dry_run,fired_rules";
  const lines = rows.map((r) => {
    const m = r.metrics;
    const d = r.decision;
    const decision = !d ? "" : d.iteration === 0 ? "baseline" : d.promoted ? "promoted" : "kept";
    const fired = (d?.firedRules ?? []).map((f) => f.rule).join("|");
    return [r.iteration, m?.labelsSpent ?? "", m?.imagesLabeled ?? "", num(m?.mAP50_95), num(m?.mAP50), num(m?.precision), num(m?.recall), num(m?.f1), num(m?.trainF1), decision, d?.bestModelId ?? "", d?.candidateModelId ?? "", r.dryRun ? 1 : 0, fired].join(",");
  });
  mkdirSync(join(projectDir, "metrics"), { recursive: true });
  writeFileAtomic(file, `${[header, ...lines].join("\n")}\n`);
  return file;
}

/** metrics/convergence_plots/{f1_trend,metrics_trend,counts_trend}.svg and .png. */
export async function writePlots(projectDir: string, rows: readonly TrackingRow[], config: LoopConfig): Promise<string[]> {
  const dir = join(projectDir, "metrics", "convergence_plots");
  mkdirSync(dir, { recursive: true });
  const x = rows.map((r) => r.iteration);
  const col = (f: (m: IterationMetrics) => number | null) => rows.map((r) => (r.metrics ? f(r.metrics) : null));
  const charts: Record<string, string> = {
    f1_trend: lineChartSvg({
      title: "F1 per iteration (validation and train)",
      xLabel: "iteration",
      yLabel: "F1 (0–1)",
      x,
      series: [
        { name: "val F1", color: "#1f6feb", values: col((m) => m.f1) },
        { name: "train F1", color: "#d97706", values: col((m) => m.trainF1), dashed: true },
      ],
      refs: [{ value: config.convergence.targetF1, label: `target ${config.convergence.targetF1}`, color: "#16a34a" }],
    }),
    metrics_trend: lineChartSvg({
      title: "Validation metrics per iteration",
      xLabel: "iteration",
      yLabel: "metric (0–1)",
      x,
      series: [
        { name: "mAP50-95", color: "#1f6feb", values: col((m) => m.mAP50_95) },
        { name: "mAP50", color: "#7c3aed", values: col((m) => m.mAP50) },
        { name: "precision", color: "#16a34a", values: col((m) => m.precision) },
        { name: "recall", color: "#dc2626", values: col((m) => m.recall) },
        { name: "F1", color: "#d97706", values: col((m) => m.f1) },
      ],
    }),
    counts_trend: lineChartSvg({
      title: "Labels spent per iteration",
      xLabel: "iteration",
      yLabel: "count (boxes, images)",
      x,
      series: [
        { name: "labels (boxes)", color: "#1f6feb", values: col((m) => m.labelsSpent) },
        { name: "images labeled", color: "#d97706", values: col((m) => m.imagesLabeled) },
      ],
    }),
  };
  const files: string[] = [];
  for (const [name, svg] of Object.entries(charts)) {
    writeFileAtomic(join(dir, `${name}.svg`), svg);
    const png = await (await loadSharp())(Buffer.from(svg)).png().toBuffer();
    writeFileAtomic(join(dir, `${name}.png`), png);
    files.push(join(dir, `${name}.svg`), join(dir, `${name}.png`));
  }
  return files;
}

/** prompt_versions/: the class list (the prompts of an open-vocabulary model) per iteration, and its history. */
export function writePromptVersion(db: Db, projectDir: string, iteration: number, now: number): void {
  const dir = join(projectDir, "prompt_versions");
  mkdirSync(dir, { recursive: true });
  const classes = listClasses(db).map((c) => c.name);
  writeFileAtomic(join(dir, `iteration_${String(iteration).padStart(3, "0")}.json`), `${JSON.stringify({ iteration, classes, at: now }, null, 2)}\n`);
}
