import { join } from "node:path";
import type { JobInfo, TrainingStartRequest } from "../../src-preload/api";
import { listTrainedModels } from "../inference/model-registry";
import { probeEnvironment } from "../training/env-probe";
import { LoupeError } from "../errors";
import { timeStamp, trainRun, trainRunDepsOf, type TrainRunDeps } from "../training/train-run";
import { appWeightsProblem } from "../training/weights-rule";
import type { AreaService, ServiceContext } from "./context";

/**
 * training.*: the environment probe, and training as a job over the domain function `trainRun` (export the
 * dataset, run the trainer, check the ONNX in the inference worker, register the model in the models table).
 * Runs outside the loop go to `<project>/iterations/runs/<time>_<id>/`; the loop uses its own iteration folder.
 */
export { TRAINING_DEFAULTS } from "../training/train-run";

/** The domain inputs of a training run on the open project. */
export function trainRunDeps(ctx: ServiceContext): TrainRunDeps {
  const session = ctx.sessions.require();
  return trainRunDepsOf({ db: session.db, projectDir: session.dir, clock: ctx.clock, newId: ctx.newId, version: ctx.version }, ctx.inference);
}

/**
 * A request's `command` and `python` are NAMES of entries in trainers.json (main-process configuration the user
 * edits): the request never carries a program. Here the names become the command line and the interpreter.
 */
export async function resolveTrainerNames(ctx: ServiceContext, req: TrainingStartRequest): Promise<TrainingStartRequest> {
  const { command, python, ...rest } = req;
  const out: TrainingStartRequest = { ...rest };
  if ((req.adapter ?? "builtin") === "command") out.command = await ctx.trainers.command(command);
  const py = await ctx.trainers.python(python);
  if (py !== undefined) out.python = py;
  return out;
}

/** Starts a training job on the open project. */
export function startTrainingJob(ctx: ServiceContext, req: TrainingStartRequest, opts: { idleTimeoutMs?: number } = {}): JobInfo {
  const session = ctx.sessions.require();
  const weights = req.model !== undefined ? appWeightsProblem(req.model, session.dir, (p) => ctx.trainers.weightsTrusted(p)) : null;
  if (weights) throw new LoupeError("E_VALIDATION", `training.start: model: ${weights}`);
  const deps = trainRunDeps(ctx);
  const adapter = req.adapter ?? "builtin";
  const runDir = join(session.dir, "iterations", "runs", `${timeStamp(ctx.clock.now())}_${ctx.newId().slice(0, 8)}`);
  return ctx.jobs.start("training", `Train a model (${adapter}) on ${session.name}`, async (job) =>
    trainRun(deps, { ...(await resolveTrainerNames(ctx, req)), runDir }, {
      signal: job.signal,
      ...(opts.idleTimeoutMs !== undefined ? { idleTimeoutMs: opts.idleTimeoutMs } : {}),
      onProgress: (phase, done, total) => job.progress(phase, done, total),
      onTrainingProgress: (p) => ctx.events.emit("training.progress", { jobId: job.jobId, progress: p }),
    }),
  );
}

export function createTrainingService(ctx: ServiceContext): AreaService<"training"> {
  return {
    environment: async (req) => ({
      ...(await probeEnvironment({ python: (await ctx.trainers.python(req.python)) ?? process.env.LOUPE_PYTHON, all: true })),
      trainers: await ctx.trainers.names(),
    }),
    start: (req) => startTrainingJob(ctx, req),
    history: () => {
      const session = ctx.sessions.require();
      return listTrainedModels(session.db, session.dir);
    },
  };
}
