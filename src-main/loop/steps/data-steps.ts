import { join } from "node:path";
import type { Split } from "../../../src-preload/api";
import { evaluateModel, type EvaluationOutcome } from "../../evaluation/evaluate-model";
import { selectWithInputs } from "../../evaluation/selection-inputs";
import { LoupeError } from "../../errors";
import { writeFileAtomic } from "../../files/atomic";
import { runInference } from "../../inference/predictions";
import type { Db } from "../../store/db";
import { headlineMetrics, latestEvaluation } from "../../store/repos/evaluations-repo";
import { listImageIds } from "../../store/repos/images-repo";
import { hasSelectableImage, listSelections } from "../../store/repos/selections-repo";
import type { StepContext } from "../ports";
import { writePromptSuggestions } from "../outputs";
import type { StepResult } from "./types";

const ids = (db: Db, split: Split, status?: "unlabeled") => listImageIds(db, status ? { split, status } : { split });

/** Predictions of a model on images, skipping what it already predicted with these settings (idempotent). */
async function predict(ctx: StepContext, modelId: string, imageIds: number[], label: string): Promise<{ done: number; skipped: number; failed: number }> {
  if (imageIds.length === 0) return { done: 0, skipped: 0, failed: 0 };
  const r = await runInference(
    { db: ctx.deps.db, projectDir: ctx.deps.projectDir, client: ctx.deps.inference, clock: ctx.deps.clock },
    { modelId, imageIds, ...ctx.config.inference },
    { signal: ctx.signal, onProgress: (done, total) => ctx.progress(`predicting ${label}`, done, total) },
  );
  return { done: r.done, skipped: r.skipped, failed: r.failed };
}

function requireBest(ctx: StepContext): string {
  if (!ctx.bestModelId) throw new LoupeError("E_CONFLICT", `iteration ${ctx.iteration}: the loop has no best model (the baseline did not finish)`);
  return ctx.bestModelId;
}

/** infer: the best model's predictions on the unlabeled pool and the validation split. */
export async function inferStep(ctx: StepContext): Promise<StepResult> {
  const best = requireBest(ctx);
  const { db } = ctx.deps;
  const pool = await predict(ctx, best, ids(db, ctx.config.data.pool, "unlabeled"), "the pool");
  const val = await predict(ctx, best, ids(db, ctx.config.data.val), "val");
  return { outcome: "done", outputs: { modelId: best, pool, val } };
}

/** An evaluation of this iteration, reused when a resumed step already stored it. */
async function evaluation(ctx: StepContext, modelId: string, split: Split, opts: { reportDir?: string; sample?: number }): Promise<{ id: number; f1: number; map50_95: number; outcome: EvaluationOutcome | null }> {
  const { db } = ctx.deps;
  const stored = latestEvaluation(db, modelId, split, ctx.iteration);
  if (stored && (!opts.reportDir || stored.reportDir !== null)) {
    const m = headlineMetrics(stored);
    return { id: stored.id, f1: m.f1, map50_95: m.map50_95, outcome: null };
  }
  const out = await evaluateModel(
    { db, projectDir: ctx.deps.projectDir, source: ctx.deps.source, clock: ctx.deps.clock },
    { modelId, split, iteration: ctx.iteration, writeReport: opts.reportDir !== undefined, reportDir: opts.reportDir, sample: opts.sample },
    { signal: ctx.signal, onProgress: (phase, done, total) => ctx.progress(phase, done, total) },
  );
  return { id: out.evaluationId, f1: out.report.prf.atOptimal.f1, map50_95: out.report.coco.AP ?? 0, outcome: out };
}

/** analyze: the best model on val with the error analysis and crops in the iteration's folder. */
export async function analyzeStep(ctx: StepContext): Promise<StepResult> {
  const best = requireBest(ctx);
  const reportDir = join(ctx.dir, "error_analysis");
  const e = await evaluation(ctx, best, ctx.config.data.val, { reportDir });
  if (e.outcome) writePromptSuggestions(ctx.deps.db, join(reportDir, "prompt_suggestions.json"), e.outcome);
  return { outcome: "done", outputs: { modelId: best, evaluationId: e.id, f1: e.f1, mAP50_95: e.map50_95, reportDir } };
}

/** select: hard examples from the pool within the budget, opened as the review batch "round N". */
export async function selectStep(ctx: StepContext): Promise<StepResult> {
  const best = requireBest(ctx);
  const { db } = ctx.deps;
  const existing = listSelections(db, { iteration: ctx.iteration })[0];
  if (existing) {
    return { outcome: "done", outputs: { selectionId: existing.id, chosen: existing.chosen.length, reused: true }, iteration: { selectionId: existing.id, batchId: existing.batchId } };
  }
  // what selection may choose: predicted, in no open review task, and no copy of a labelled image
  if (!hasSelectableImage(db, best, ctx.config.data.pool)) return { outcome: "poolEmpty", outputs: { poolSize: 0, reason: "the pool has no unlabeled image left (other than copies of labelled ones)" } };
  const s = ctx.config.selection;
  // The same entry point as selection.run: descriptors (coverage) and test-time augmentation (stability) as needed.
  const report = await selectWithInputs(
    { db, source: ctx.deps.source, clock: ctx.deps.clock, projectDir: ctx.deps.projectDir, client: ctx.deps.inference, signal: ctx.signal, onProgress: (phase, done, total) => ctx.progress(phase, done, total) },
    {
      modelId: best,
      budget: s.budget,
      budgetUnit: s.budgetUnit,
      strategy: s.strategy,
      seed: s.seed + ctx.iteration,
      weights: s.weights,
      batchName: `round ${ctx.iteration}`,
      actor: ctx.deps.actor,
      iteration: ctx.iteration,
      poolSplit: ctx.config.data.pool,
    },
  );
  writeFileAtomic(join(ctx.dir, "selection.json"), `${JSON.stringify({ iteration: ctx.iteration, ...report }, null, 2)}\n`);
  return {
    outcome: "done",
    outputs: { selectionId: report.selectionId, poolSize: report.poolSize, chosen: report.chosen.length, batchId: report.batch?.id ?? null },
    iteration: { selectionId: report.selectionId, batchId: report.batch?.id ?? null },
  };
}

/**
 * evaluate: the candidate and the best on the same validation split (predicting what is missing first), and the
 * candidate's F1 on a sample of the train split for the overfitting rule. validation.json holds the candidate's report.
 */
export async function evaluateStep(ctx: StepContext): Promise<StepResult> {
  const { db, projectDir } = ctx.deps;
  const candidate = ctx.candidateModelId;
  if (!candidate) throw new LoupeError("E_CONFLICT", `iteration ${ctx.iteration}: no candidate model to evaluate`);
  const val = ids(db, ctx.config.data.val);
  const unlabeledTrain = new Set(ids(db, ctx.config.data.train, "unlabeled"));
  const labeledTrain = ids(db, ctx.config.data.train).filter((id) => !unlabeledTrain.has(id));
  const trainSample = sample(labeledTrain, ctx.config.convergence.trainSample);
  await predict(ctx, candidate, val, "val");
  await predict(ctx, candidate, trainSample, "a train sample");
  const cv = await evaluation(ctx, candidate, ctx.config.data.val, {});
  const ct = trainSample.length > 0 ? await evaluation(ctx, candidate, ctx.config.data.train, { sample: ctx.config.convergence.trainSample }) : null;
  let bestVal: { id: number } | null = null;
  if (ctx.bestModelId && ctx.bestModelId !== candidate) {
    await predict(ctx, ctx.bestModelId, val, "val (best model)");
    bestVal = await evaluation(ctx, ctx.bestModelId, ctx.config.data.val, {});
  }
  const stored = latestEvaluation(db, candidate, ctx.config.data.val, ctx.iteration);
  if (stored) writeFileAtomic(join(ctx.dir, "validation.json"), `${JSON.stringify({ ...stored, reportDir: stored.reportDir && join(projectDir, stored.reportDir) }, null, 2)}\n`);
  return {
    outcome: "done",
    outputs: { candidateModelId: candidate, valEvaluationId: cv.id, trainEvaluationId: ct?.id ?? null, bestValEvaluationId: bestVal?.id ?? null, valF1: cv.f1, trainF1: ct?.f1 ?? null, mAP50_95: cv.map50_95 },
  };
}

function sample<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)] as T);
}
