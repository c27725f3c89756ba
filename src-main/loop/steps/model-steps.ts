import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { TrainingStartRequest } from "../../../src-preload/api";
import { LoupeError } from "../../errors";
import { getModel, listModels } from "../../store/repos/models-repo";
import { findIterationModel } from "../../store/repos/loop-repo";
import { trainRun, trainRunDepsOf } from "../../training/train-run";
import type { StepContext } from "../ports";
import type { StepResult } from "./types";

/**
 * baseline (iteration 0): the model the user gives (`model.baselineModelId`), else the project's newest model, else
 * one trained from scratch on the labeled train split. Idempotent: a model this iteration already trained is reused.
 */
export async function baselineStep(ctx: StepContext): Promise<StepResult> {
  const { db } = ctx.deps;
  const given = ctx.config.model.baselineModelId;
  if (given) {
    if (!getModel(db, given)) throw new LoupeError("E_NOT_FOUND", `model.baselineModelId: no model ${given} in the project`);
    return { outcome: "done", outputs: { modelId: given, source: "configured" }, iteration: { candidateModelId: given } };
  }
  const already = findIterationModel(db, 0);
  if (already) return { outcome: "done", outputs: { modelId: already, source: "trained" }, iteration: { candidateModelId: already } };
  const newest = listModels(db)[0];
  if (newest) return { outcome: "done", outputs: { modelId: newest.id, source: "existing" }, iteration: { candidateModelId: newest.id } };
  if (ctx.dryRun) throw new LoupeError("E_CONFLICT", "a dry run trains nothing, and the project has no model yet: add one (loupe predict --model …) or set model.baselineModelId");
  const model = await train(ctx, null, { steps: ctx.config.model.baselineSteps, epochs: ctx.config.model.baselineEpochs });
  return { outcome: "done", outputs: { modelId: model, source: "trained" }, iteration: { candidateModelId: model } };
}

/**
 * train: a candidate on every label the project now has (warm-started from the best model's checkpoint when the
 * configuration says so). A dry run reuses the best model as the candidate. A resumed step reuses the model this
 * iteration already registered, or warm-starts from the checkpoint an interrupted run left in its folder.
 */
export async function trainStep(ctx: StepContext): Promise<StepResult> {
  const { db } = ctx.deps;
  if (ctx.dryRun) {
    if (!ctx.bestModelId) throw new LoupeError("E_CONFLICT", "a dry run needs a best model to reuse as the candidate");
    return { outcome: "done", outputs: { modelId: ctx.bestModelId, dryRun: true }, iteration: { candidateModelId: ctx.bestModelId } };
  }
  const already = findIterationModel(db, ctx.iteration);
  if (already) return { outcome: "done", outputs: { modelId: already, reused: true }, iteration: { candidateModelId: already } };
  const best = ctx.bestModelId ? getModel(db, ctx.bestModelId) : undefined;
  const adapter = ctx.deps.trainerOverride?.adapter ?? ctx.config.model.adapter;
  const warmFrom = ctx.config.model.warmStart && best?.training?.checkpoint && (best.training.adapter === adapter || adapter === "command") ? best.id : null;
  const model = await train(ctx, warmFrom, { steps: ctx.config.model.steps, epochs: ctx.config.model.epochs });
  return { outcome: "done", outputs: { modelId: model, warmStartedFrom: warmFrom }, iteration: { candidateModelId: model } };
}

async function train(ctx: StepContext, initModelId: string | null, size: { steps: number; epochs: number }): Promise<string> {
  const { deps, config } = ctx;
  // The dataset is rebuilt from the labels each time; the trainer's folder (its checkpoint) is kept for a resume.
  rmSync(join(ctx.dir, "dataset"), { recursive: true, force: true });
  const interrupted = join(ctx.dir, "trainer", "last.pt");
  const req: TrainingStartRequest = {
    adapter: config.model.adapter,
    steps: size.steps,
    epochs: size.epochs,
    imgsz: config.model.imgsz,
    batch: config.model.batch,
    seed: config.selection.seed + ctx.iteration,
    ...(initModelId ? { initModelId } : {}),
    ...(config.model.ultralyticsModel ? { model: config.model.ultralyticsModel } : {}),
    ...(config.model.trainer ? { command: config.model.trainer } : {}),
  };
  // A host's own override (the CLI's --trainer-command) is a command line already; names from loop.yaml resolve here.
  const resolved = deps.trainerOverride ? { ...req, ...deps.trainerOverride } : deps.resolveTrainer ? await deps.resolveTrainer(req) : req;
  const trained = await trainRun(
    trainRunDepsOf(deps, deps.inference),
    {
      ...resolved,
      runDir: ctx.dir,
      name: `iteration-${String(ctx.iteration).padStart(3, "0")}`,
      iteration: ctx.iteration,
      resumeCheckpoint: existsSync(interrupted) ? interrupted : null,
    },
    {
      signal: ctx.signal,
      ...(deps.trainerIdleTimeoutMs !== undefined ? { idleTimeoutMs: deps.trainerIdleTimeoutMs } : {}),
      onProgress: (phase, done, total) => ctx.progress(phase, done, total),
      onTrainingProgress: (p) => ctx.progress("training", p.step, p.steps, p),
    },
  );
  return trained.id;
}
