import { join } from "node:path";
import type { IterationMetrics } from "../../../src-preload/api";
import type { ModelMetrics } from "../../core/convergence/compare";
import { LoupeError } from "../../errors";
import { writeFileAtomic } from "../../files/atomic";
import type { Db } from "../../store/db";
import { headlineMetrics, latestEvaluation, type EvaluationRecord } from "../../store/repos/evaluations-repo";
import { latestStepOutputs, listIterations } from "../../store/repos/loop-repo";
import { getModel } from "../../store/repos/models-repo";
import { countUnlabeledOriginals } from "../../store/repos/selections-repo";
import { decideIteration } from "../decide";
import { writePlots, writePromptVersion, writeTrackingCsv, writeWeights, type TrackingRow } from "../outputs";
import type { StepContext } from "../ports";
import { decidedMetrics } from "../status";
import type { StepResult } from "./types";

function metricsOf(db: Db, e: EvaluationRecord): ModelMetrics {
  const { map50_95, map50, f1 } = headlineMetrics(e);
  const name = getModel(db, e.modelId)?.name;
  return { modelId: e.modelId, ...(name ? { name } : {}), map50_95, map50, f1, prAuc: (e.metrics.apAtIou as { iou: number; value: number }[] | undefined) ?? [] };
}

/** Labels (boxes) and labeled images of the splits training uses (train and pool). */
function labelsSpent(db: Db, splits: readonly string[]): { labels: number; images: number } {
  const marks = splits.map(() => "?").join(",");
  const labels = db.prepare(`SELECT COUNT(*) AS n FROM labels l JOIN images i ON i.id = l.image_id WHERE i.split IN (${marks}) AND l.review_state <> 'rejected'`).get(...splits) as { n: number };
  const images = db.prepare(`SELECT COUNT(*) AS n FROM images WHERE split IN (${marks}) AND status <> 'unlabeled'`).get(...splits) as { n: number };
  return { labels: labels.n, images: images.n };
}

function iterationMetrics(db: Db, val: EvaluationRecord, train: EvaluationRecord | undefined, splits: readonly string[]): IterationMetrics {
  const m = headlineMetrics(val);
  const spent = labelsSpent(db, splits);
  return { labelsSpent: spent.labels, imagesLabeled: spent.images, mAP50_95: m.map50_95, mAP50: m.map50, precision: m.precision, recall: m.recall, f1: m.f1, trainF1: train ? headlineMetrics(train).f1 : null };
}

/**
 * decide: promote the candidate only if it beats the best on the same validation split by the margin, apply the
 * convergence rules (and "pool exhausted"), and write the iteration's outputs. Deterministic, so a resumed decide
 * reaches the same decision and rewrites the same files.
 */
export async function decideStep(ctx: StepContext): Promise<StepResult> {
  const { db, projectDir, clock } = ctx.deps;
  const { config } = ctx;
  const val = config.data.val;
  const candidateId = ctx.candidateModelId;
  const candVal = candidateId ? latestEvaluation(db, candidateId, val, ctx.iteration) : undefined;
  if (candidateId && !candVal) throw new LoupeError("E_CONFLICT", `iteration ${ctx.iteration}: the candidate ${candidateId} has no evaluation on ${val}`);
  const candTrain = candidateId ? latestEvaluation(db, candidateId, config.data.train, ctx.iteration) : undefined;
  const bestVal = ctx.bestModelId ? (latestEvaluation(db, ctx.bestModelId, val, ctx.iteration) ?? latestEvaluation(db, ctx.bestModelId, val)) : undefined;
  // the earlier decided iterations with what their decide step stored: the history and the tracking table
  const decideOutputs = latestStepOutputs(db, "decide");
  const earlier = listIterations(db)
    .filter((it) => it.number < ctx.iteration && it.decision)
    .map((it) => ({ it, outputs: decideOutputs.get(it.number) ?? null }));
  const history = earlier.flatMap(({ it, outputs }) => {
    const f1 = outputs?.bestF1;
    return it.number >= 1 && typeof f1 === "number" ? [{ iteration: it.number, valF1: f1 }] : [];
  });
  const poolLeft = countUnlabeledOriginals(db, config.data.pool);
  const candidate = candVal ? { ...metricsOf(db, candVal), trainF1: candTrain ? headlineMetrics(candTrain).f1 : null } : null;
  const best = bestVal ? metricsOf(db, bestVal) : null;
  const decision = decideIteration({
    iteration: ctx.iteration,
    candidate,
    best,
    history,
    poolExhausted: ctx.iteration >= 1 && poolLeft === 0,
    dryRun: ctx.dryRun,
    config,
  });
  const bestF1 = decision.promoted ? (candidate?.f1 ?? null) : best ? best.f1 : (candidate?.f1 ?? null);
  const metrics = candVal ? iterationMetrics(db, candVal, candTrain, [config.data.train, config.data.pool]) : undefined;

  // Outputs: weights, metadata, the iteration report, the project's tracking table and plots, the prompt version.
  writeWeights(db, projectDir, ctx.dir, decision);
  const meta = { iteration: ctx.iteration, dryRun: ctx.dryRun, decidedAt: clock.now(), bestModelIdBefore: ctx.bestModelId, candidateModelId: candidateId, decision, metrics: metrics ?? null, config };
  writeFileAtomic(join(ctx.dir, "metadata.json"), `${JSON.stringify(meta, null, 2)}\n`);
  writeFileAtomic(join(projectDir, "metrics", "iteration_reports", `iteration_${String(ctx.iteration).padStart(2, "0")}_report.json`), `${JSON.stringify({ ...meta, evaluations: { candidateVal: candVal?.id ?? null, candidateTrain: candTrain?.id ?? null, bestVal: bestVal?.id ?? null } }, null, 2)}\n`);
  const rows: TrackingRow[] = earlier.map(({ it, outputs }) => ({ iteration: it.number, metrics: decidedMetrics(outputs), decision: it.decision, dryRun: it.dryRun }));
  rows.push({ iteration: ctx.iteration, metrics: metrics ?? null, decision, dryRun: ctx.dryRun });
  writeTrackingCsv(projectDir, rows);
  await writePlots(projectDir, rows, config);
  writePromptVersion(db, projectDir, ctx.iteration, clock.now());
  return {
    outcome: decision.stop ? "converged" : "continue",
    outputs: { bestF1, metrics: metrics ?? null, promoted: decision.promoted },
    decision,
    ...(metrics ? { metrics } : {}),
  };
}
