import { resolve } from "node:path";
import { TRAINER_ADAPTERS, type JobInfo, type LoupeEvents, type TrainedModelInfo, type TrainerAdapterName, type TrainingStartRequest } from "../../../src-preload/api";
import { LoupeError } from "../../errors";
import { formatDuration, formatProgress } from "../../training/protocol";
import { flagBool, flagString, openProjectArg, resolveModelRef, type CliCommand, type ParsedArgs } from "../command";
import { waitForJob } from "../job-wait";

function intFlag(args: ParsedArgs, name: string): number | undefined {
  const v = flagString(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new LoupeError("E_VALIDATION", `--${name} must be a whole number, got "${v}"`);
  return n;
}

/** The name the CLI gives the command line or interpreter it was handed directly (entries of this process only). */
export const CLI_TRAINER_ENTRY = "cli";

/**
 * Parses the flags into a training.start request (validated again by the service's schema). The request names
 * programs, never carries them: `--trainer <name>` and `--python <name>` pick entries of trainers.json, while a
 * direct `--command "<line>"` or `--python <path>` is returned in `direct`, for the caller to register as this
 * process's own "cli" entry (the CLI's user runs programs anyway; a page never can).
 */
export function trainRequestFromArgs(args: ParsedArgs, configuredPythons: readonly string[] = []): { req: TrainingStartRequest; direct: { command?: string; python?: string } } {
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
  const direct: { command?: string; python?: string } = {};
  const trainer = flagString(args, "trainer");
  const command = flagString(args, "command");
  if (trainer && command) throw new LoupeError("E_VALIDATION", "give --trainer <name> or --command \"<line>\", not both");
  if (trainer) {
    req.command = trainer;
    if (flagString(args, "adapter") === undefined) req.adapter = "command";
  } else if (command) {
    direct.command = command;
    req.command = CLI_TRAINER_ENTRY;
  }
  const python = flagString(args, "python");
  if (python && configuredPythons.includes(python)) req.python = python;
  else if (python) {
    direct.python = python;
    req.python = CLI_TRAINER_ENTRY;
  }
  const model = flagString(args, "model");
  if (model) req.model = model;
  const device = flagString(args, "device");
  if (device) req.device = device;
  return { req, direct };
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
    "            [--init <id|name|latest>] [--approved-only] [--command \"<cmd> {data} {out} {epochs} {imgsz} {init}\"]",
    "            [--trainer <name>] [--python <path|name>] [--threads N] [--seed N] [--model yolo11n.yaml] [--json]",
    "  programs: --command runs a command line, --trainer a command configured in trainers.json (app data folder),",
    "            --python an interpreter path or a name configured there",
    "  defaults: from scratch max(30 epochs, 1500 steps); with --init max(5 epochs, 200 steps); imgsz 320;",
    "            --epochs N alone trains exactly N epochs, --steps S adds a minimum of S optimiser steps",
    "  labels:   finished images (labeled or confirmed empty) with every label not rejected; --approved-only for",
    "            images whose labels were all approved by a reviewer",
  ],
  async run(ctx) {
    await openProjectArg(ctx);
    const host = ctx.host();
    const { req, direct } = trainRequestFromArgs(ctx.args, (await host.trainers.names()).pythons);
    // "latest" stays as it is (the newest TRAINED model, resolved by training itself); a name or an id prefix
    // names a model as in every command
    if (req.initModelId !== undefined && req.initModelId !== "latest") req.initModelId = await resolveModelRef(ctx, req.initModelId);
    if (direct.command !== undefined) host.trainers.define("command", CLI_TRAINER_ENTRY, direct.command);
    if (direct.python !== undefined) host.trainers.define("python", CLI_TRAINER_ENTRY, direct.python);
    // weights named in the user's own shell are theirs to load (the app may name .pt files only inside the project)
    if (req.model !== undefined && /[\\/]/.test(req.model)) {
      req.model = resolve(req.model);
      host.trainers.trustWeights(req.model);
    }
    const started = await host.call("training", "start", req);
    let epochsShown = 0;
    let timeLeft: string | undefined;
    const unsubscribe = host.events.subscribe((name, payload) => {
      if (name !== "training.progress" || ctx.json) return;
      const { jobId, progress } = payload as LoupeEvents["training.progress"];
      if (jobId !== started.id) return;
      timeLeft = progress.etaSec !== null && progress.phase === "training" ? `~${formatDuration(progress.etaSec)} left` : undefined;
      if (progress.epochsDone > epochsShown) {
        epochsShown = progress.epochsDone;
        ctx.err(formatProgress(progress));
      }
    });
    let info: JobInfo;
    try {
      // epochs are drawn from training.progress above; the job's own phases only in human mode
      info = await waitForJob(ctx, started.id, "train", { quiet: ctx.json, extra: () => timeLeft });
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
