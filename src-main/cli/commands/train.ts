import { TRAINER_ADAPTERS, type JobInfo, type LoupeEvents, type TrainedModelInfo, type TrainerAdapterName, type TrainingStartRequest } from "../../../src-preload/api";
import { LoupeError } from "../../errors";
import { formatDuration, formatProgress } from "../../training/protocol";
import { flagBool, flagString, openProjectArg, type CliCommand, type ParsedArgs } from "../command";
import { waitForJob } from "../job-wait";

function intFlag(args: ParsedArgs, name: string): number | undefined {
  const v = flagString(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new LoupeError("E_VALIDATION", `--${name} must be a whole number, got "${v}"`);
  return n;
}

/** Parses the flags into a training.start request (validated again by the service's schema). */
export function trainRequestFromArgs(args: ParsedArgs): TrainingStartRequest {
  const adapter = flagString(args, "adapter") ?? "builtin";
  if (!(TRAINER_ADAPTERS as readonly string[]).includes(adapter)) {
    throw new LoupeError("E_VALIDATION", `--adapter must be one of ${TRAINER_ADAPTERS.join(", ")}, got "${adapter}"`);
  }
  const req: TrainingStartRequest = { adapter: adapter as TrainerAdapterName };
  const ints = { epochs: "epochs", steps: "steps", imgsz: "imgsz", batch: "batch", seed: "seed", threads: "threads" } as const;
  for (const [key, flag] of Object.entries(ints) as [keyof typeof ints, string][]) {
    const v = intFlag(args, flag);
    if (v !== undefined) req[key] = v;
  }
  const init = flagString(args, "init");
  if (init) req.initModelId = init;
  if (flagBool(args, "approved-only")) req.labels = "approved";
  const command = flagString(args, "command");
  if (command) req.command = command;
  const python = flagString(args, "python");
  if (python) req.python = python;
  const model = flagString(args, "model");
  if (model) req.model = model;
  const device = flagString(args, "device");
  if (device) req.device = device;
  return req;
}

/**
 * `loupe train <project> [--adapter builtin|ultralytics|command] [--epochs N] [--imgsz 320] …`: exports the
 * project's labels, trains, checks and registers the model. Progress on stderr (epoch, loss, mAP50, time left);
 * Ctrl-C stops the trainer, which saves a checkpoint.
 */
export const trainCommand: CliCommand = {
  name: "train",
  summary: "trains a detector on the project's labels (built-in PyTorch trainer, Ultralytics or a command)",
  usage: [
    "loupe train <project> [--adapter builtin|ultralytics|command] [--epochs N] [--steps N] [--imgsz 320] [--batch 16]",
    "            [--init <model-id>|latest] [--approved-only] [--command \"<cmd> {data} {out} {epochs} {imgsz} {init}\"]",
    "            [--python <path>] [--threads N] [--seed N] [--model yolo11n.yaml] [--json]",
    "  defaults: from scratch max(30 epochs, 1500 steps); with --init max(5 epochs, 200 steps); imgsz 320;",
    "            --epochs N alone trains exactly N epochs, --steps S adds a minimum of S optimiser steps",
    "  labels:   finished images (labeled or confirmed empty) with every label not rejected; --approved-only for",
    "            images whose labels were all approved by a reviewer",
  ],
  async run(ctx) {
    await openProjectArg(ctx);
    const host = ctx.host();
    const req = trainRequestFromArgs(ctx.args);
    const started = await host.call("training", "start", req);
    let epochsShown = 0;
    const unsubscribe = host.events.subscribe((name, payload) => {
      if (name !== "training.progress" || ctx.json) return;
      const { jobId, progress } = payload as LoupeEvents["training.progress"];
      if (jobId !== started.id) return;
      if (progress.epochsDone > epochsShown) {
        epochsShown = progress.epochsDone;
        ctx.err(formatProgress(progress));
      }
    });
    let info: JobInfo;
    try {
      // epochs are drawn from training.progress above; the job's own phases only in human mode
      info = await waitForJob(ctx, started.id, "train", { quiet: ctx.json });
    } finally {
      unsubscribe();
    }
    const model = info.result as TrainedModelInfo;
    if (ctx.json) {
      ctx.out(JSON.stringify(model, null, 2));
      return 0;
    }
    const m50 = model.metrics.mAP50;
    ctx.out(
      [
        `model ${model.id} (${model.name}), ${model.adapter}, ${model.epochs} epoch${model.epochs === 1 ? "" : "s"} in ${formatDuration(model.seconds)}`,
        `  mAP50 on val: ${typeof m50 === "number" ? m50.toFixed(3) : "n/a"}   (${model.trainImages} train / ${model.valImages} val images, ${model.labelCount} labels)`,
        `  onnx:       ${model.onnxPath}`,
        `  checkpoint: ${model.checkpointPath ?? "(none)"}`,
        `  parent:     ${model.parentModelId ?? "(trained from scratch)"}`,
        `  dataset:    ${model.datasetManifestPath}`,
        `  log:        ${model.logPath}`,
      ].join("\n"),
    );
    return 0;
  },
};
