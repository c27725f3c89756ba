import { existsSync, mkdirSync, copyFileSync } from "node:fs";
import { extname, join } from "node:path";
import type { TrainedModelInfo, TrainerAdapterName, TrainingProgressInfo, TrainingStartRequest } from "../../src-preload/api";
import { LoupeError, throwIfAborted } from "../errors";
import { projectRelative } from "../files/project-layout";
import { getTrainedModel, registerModel, toTrainedModelInfo, type RegistryDeps } from "../inference/model-registry";
import type { TrainingRecord } from "../store/repos/models-repo";
import { getSetting } from "../store/repos/project-repo";
import type { InferenceClient } from "../inference/client";
import type { TrainerAdapter } from "./adapter";
import { builtinAdapter } from "./adapters/builtin";
import { commandAdapter } from "./adapters/command";
import { ultralyticsAdapter } from "./adapters/ultralytics";
import { writeTrainingDataset } from "./dataset";
import { probeEnvironment, type EnvReport } from "./env-probe";
import type { ParityChecker } from "./onnx-check";
import { trainWithAdapter } from "./train-job";

/** Defaults (TRAINER-NOTES §8): from scratch max(30 epochs, 1500 steps); a warm round max(5 epochs, 200 steps). */
export const TRAINING_DEFAULTS = { imgsz: 320, batch: 16, scratch: { epochs: 30, steps: 1500 }, warm: { epochs: 5, steps: 200 } } as const;

export interface TrainRunDeps extends RegistryDeps {
  version: string;
  checkParity: ParityChecker;
}

/** The inputs of a training run from a project and an inference client (the worker inspects and checks the ONNX). */
export function trainRunDepsOf(
  base: Pick<TrainRunDeps, "db" | "projectDir" | "clock" | "newId" | "version">,
  inference: Pick<InferenceClient, "inspect" | "checkParity">,
): TrainRunDeps {
  return {
    ...base,
    inspect: (path, layout) => inference.inspect(path, layout),
    checkParity: (onnx, parity) => inference.checkParity(onnx, parity),
  };
}

export interface TrainRunRequest extends TrainingStartRequest {
  /** Where the run's dataset, trainer output and log go. */
  runDir: string;
  /** The model's name (default `<adapter>-<time>`). */
  name?: string;
  /** The loop iteration training it, kept in the model's training record. */
  iteration?: number | null;
  /**
   * A checkpoint to warm-start from instead of the parent's (an interrupted run's own last checkpoint). The parent
   * stays the lineage.
   */
  resumeCheckpoint?: string | null;
}

export interface TrainRunOptions {
  signal?: AbortSignal;
  /** Phases: environment, dataset export, training (steps), registration. */
  onProgress?: (phase: string, done: number, total: number) => void;
  onTrainingProgress?: (p: TrainingProgressInfo) => void;
  /** Stop a trainer that prints nothing for this long (default 10 minutes). */
  idleTimeoutMs?: number;
}

export function timeStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}

function requireReady(env: EnvReport, adapter: TrainerAdapterName): string {
  if (adapter === "ultralytics") {
    if (env.ultralyticsPython) return env.ultralyticsPython;
    throw new LoupeError("E_VALIDATION", `the ultralytics adapter needs Ultralytics: ${env.notes.find((n) => n.includes("ultralytics")) ?? "python3 -m pip install ultralytics"}`);
  }
  if (env.python) return env.python;
  throw new LoupeError("E_VALIDATION", `the built-in trainer cannot run here: ${env.problems.join("; ")}`);
}

/** The adapter of a request, with its Python found (or the given command line). */
export async function resolveAdapter(req: Pick<TrainingStartRequest, "adapter" | "command" | "python">): Promise<TrainerAdapter> {
  const adapterName: TrainerAdapterName = req.adapter ?? "builtin";
  if (adapterName === "command") {
    if (!req.command) throw new LoupeError("E_VALIDATION", "the command adapter needs a command line (command)");
    return commandAdapter({ template: req.command });
  }
  const env = await probeEnvironment({ python: req.python ?? process.env.LOUPE_PYTHON });
  const python = requireReady(env, adapterName);
  return adapterName === "builtin" ? builtinAdapter({ python }) : ultralyticsAdapter({ python });
}

/**
 * One training run, as a domain function: export the project's train/val labels in YOLO format into the run folder,
 * run the chosen trainer, check the ONNX (parity with PyTorch in the inference worker), and register the model in the
 * one registry (the models table, with its training record). Returns the trained model.
 */
export async function trainRun(deps: TrainRunDeps, req: TrainRunRequest, opts: TrainRunOptions = {}): Promise<TrainedModelInfo> {
  const { db, projectDir } = deps;
  const adapterName: TrainerAdapterName = req.adapter ?? "builtin";
  const parent = req.initModelId ? getTrainedModel(db, projectDir, req.initModelId) : null;
  if (parent && adapterName !== "command") {
    if (parent.adapter !== adapterName) {
      throw new LoupeError("E_VALIDATION", `model ${parent.id} was trained by the ${parent.adapter} trainer; the ${adapterName} trainer warm-starts only from its own checkpoints`);
    }
    if (!parent.checkpointPath) throw new LoupeError("E_NOT_FOUND", `model ${parent.id} has no trainer checkpoint to warm-start from`);
  }
  opts.onProgress?.("checking the Python environment", 0, 1);
  const adapter = await resolveAdapter(req);
  throwIfAborted(opts.signal, "training");

  const started = deps.clock.now();
  const runDir = req.runDir;
  const rule = req.labels ?? "labeled";
  const dataset = await writeTrainingDataset(db, join(runDir, "dataset"), {
    rule,
    loupeVersion: deps.version,
    nowMs: started,
    signal: opts.signal,
    onProgress: (done, total) => opts.onProgress?.("exporting the dataset", done, total),
  });

  const init = req.resumeCheckpoint && existsSync(req.resumeCheckpoint) ? req.resumeCheckpoint : (parent?.checkpointPath ?? null);
  const defaults = init !== null ? TRAINING_DEFAULTS.warm : TRAINING_DEFAULTS.scratch;
  const seedSetting = getSetting(db, "seed");
  const imgsz = req.imgsz ?? TRAINING_DEFAULTS.imgsz;
  const classNames = dataset.classes.map((c) => c.name);
  const trained = await trainWithAdapter(
    adapter,
    {
      data: dataset.dataYaml,
      names: classNames,
      out: join(runDir, "trainer"),
      epochs: req.epochs ?? defaults.epochs,
      steps: req.steps ?? (req.epochs === undefined ? defaults.steps : null),
      imgsz,
      batch: req.batch ?? TRAINING_DEFAULTS.batch,
      seed: req.seed ?? (typeof seedSetting === "number" ? seedSetting : 0),
      device: req.device ?? "cpu",
      threads: req.threads ?? 0,
      init,
      model: req.model ?? null,
    },
    {
      logFile: join(runDir, "training_log.txt"),
      signal: opts.signal,
      idleTimeoutMs: opts.idleTimeoutMs,
      checkParity: deps.checkParity,
      onProgress: (p) => {
        opts.onProgress?.("training", p.step, p.steps);
        opts.onTrainingProgress?.({ ...p });
      },
    },
  );

  opts.onProgress?.("registering the model", 0, 1);
  if (!db.open) throw new LoupeError("E_CONFLICT", `${projectDir}: the project was closed during training; the run is kept in ${runDir}`);
  const id = deps.newId();
  let checkpoint: string | null = null;
  if (trained.checkpoint && existsSync(trained.checkpoint)) {
    checkpoint = join(projectDir, "models", `${id}${extname(trained.checkpoint) || ".pt"}`);
    mkdirSync(join(projectDir, "models"), { recursive: true });
    copyFileSync(trained.checkpoint, checkpoint);
  }
  const training: TrainingRecord = {
    adapter: adapterName,
    runDir: projectRelative(projectDir, runDir),
    checkpoint: checkpoint ? projectRelative(projectDir, checkpoint) : null,
    datasetManifest: projectRelative(projectDir, dataset.manifestFile),
    log: projectRelative(projectDir, trained.logFile),
    labelRule: rule,
    trainImages: dataset.trainImages,
    valImages: dataset.valImages,
    labelCount: dataset.counts.labels,
    imgsz,
    epochs: trained.epochs.at(-1)?.epoch ?? 0,
    seconds: trained.seconds,
    iteration: req.iteration ?? null,
    parity: trained.parity,
  };
  const record = await registerModel(deps, {
    path: trained.onnx,
    id,
    name: req.name ?? `${adapterName}-${timeStamp(deps.clock.now())}`,
    parentModelId: parent?.id ?? null,
    metrics: trained.metrics,
    training,
  });
  return toTrainedModelInfo(projectDir, { ...record, training });
}
