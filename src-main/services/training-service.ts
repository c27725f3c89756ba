import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { JobInfo, TrainedModelInfo, TrainerAdapterName, TrainingStartRequest } from "../../src-preload/api";
import type { JobContext } from "../runtime/jobs";
import type { ProjectSession } from "../runtime/project-session";
import { writeFileAtomic } from "../files/atomic";
import { sha256Hex } from "../files/hash";
import { openModel } from "../inference/model-session";
import { defaultThreadSettings } from "../inference/threads";
import { getModel, insertModel } from "../store/repos/models-repo";
import { getSetting } from "../store/repos/project-repo";
import type { TrainerAdapter } from "../training/adapter";
import { builtinAdapter } from "../training/adapters/builtin";
import { commandAdapter } from "../training/adapters/command";
import { ultralyticsAdapter } from "../training/adapters/ultralytics";
import { writeTrainingDataset } from "../training/dataset";
import { probeEnvironment, type EnvReport } from "../training/env-probe";
import { getTrainedModel, listTrainedModels, registerTrainedModel, trainedOnnxPath } from "../training/model-registry";
import { trainWithAdapter } from "../training/train-job";
import type { AreaService, ServiceContext } from "./context";
import { LoupeError, throwIfAborted } from "../errors";

/**
 * training.*: the environment probe, and training as a job — export the project's train/val labels in YOLO
 * format into a fresh run folder, run the chosen trainer (built-in, Ultralytics or a command), check the ONNX
 * (parity with PyTorch, then loading through the inference module), and register the model: a row in the models
 * table (metrics, parent) plus models/<id>.model.json with what only training knows (checkpoint, dataset
 * manifest, log, adapter, label rule).
 *
 * Run folders: `<project>/iterations/runs/<time>_<id>/` holding dataset/ (with manifest.json), trainer/ (the
 * trainer's own output and job.json) and training_log.txt. The loop engine passes its own
 * `iterations/iteration_NNN` folder through `startTrainingJob(…, { runDir })`.
 */

/** Defaults (TRAINER-NOTES §8): from scratch max(30 epochs, 1500 steps); a warm round max(5 epochs, 200 steps). */
export const TRAINING_DEFAULTS = { imgsz: 320, batch: 16, scratch: { epochs: 30, steps: 1500 }, warm: { epochs: 5, steps: 200 } } as const;

export interface TrainingJobOptions {
  /** Where the run's dataset, trainer output and log go (default: a new folder under iterations/runs/). */
  runDir?: string;
  /** Stop a trainer that prints nothing for this long (default 10 minutes). */
  idleTimeoutMs?: number;
}

function stamp(ms: number): string {
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

async function runTraining(ctx: ServiceContext, session: ProjectSession, req: TrainingStartRequest, job: JobContext, opts: TrainingJobOptions): Promise<TrainedModelInfo> {
  const adapterName: TrainerAdapterName = req.adapter ?? "builtin";
  if (adapterName === "command" && !req.command) throw new LoupeError("E_VALIDATION", `the command adapter needs the name of a command trainer (command) configured in ${ctx.trainers.file}`);
  const parent = req.initModelId ? getTrainedModel(session.dir, req.initModelId) : null;
  if (parent && adapterName !== "command") {
    if (parent.adapter !== adapterName) {
      throw new LoupeError("E_VALIDATION", `model ${parent.id} was trained by the ${parent.adapter} trainer; the ${adapterName} trainer warm-starts only from its own checkpoints`);
    }
    if (!parent.checkpointPath) throw new LoupeError("E_NOT_FOUND", `model ${parent.id} has no trainer checkpoint to warm-start from`);
  }

  job.progress("checking the Python environment", 0, 1);
  let adapter: TrainerAdapter;
  if (adapterName === "command") {
    // req.command and req.python are NAMES of entries in trainers.json: the request never carries a program
    adapter = commandAdapter({ template: await ctx.trainers.command(req.command) });
  } else {
    const env = await probeEnvironment({ python: (await ctx.trainers.python(req.python)) ?? process.env.LOUPE_PYTHON });
    const python = requireReady(env, adapterName);
    adapter = adapterName === "builtin" ? builtinAdapter({ python }) : ultralyticsAdapter({ python });
  }
  throwIfAborted(job.signal, "training");

  const started = ctx.clock.now();
  const runDir = opts.runDir ?? join(session.dir, "iterations", "runs", `${stamp(started)}_${ctx.newId().slice(0, 8)}`);
  const rule = req.labels ?? "labeled";
  const dataset = await writeTrainingDataset(session.db, join(runDir, "dataset"), {
    rule,
    loupeVersion: ctx.version,
    nowMs: started,
    signal: job.signal,
    onProgress: (done, total) => job.progress("exporting the dataset", done, total),
  });

  const warm = parent !== null;
  const defaults = warm ? TRAINING_DEFAULTS.warm : TRAINING_DEFAULTS.scratch;
  const seedSetting = getSetting(session.db, "seed");
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
      init: parent?.checkpointPath ?? null,
      model: req.model ?? null,
    },
    {
      logFile: join(runDir, "training_log.txt"),
      signal: job.signal,
      idleTimeoutMs: opts.idleTimeoutMs,
      onProgress: (p) => {
        job.progress("training", p.step, p.steps);
        ctx.events.emit("training.progress", { jobId: job.jobId, progress: { ...p } });
      },
    },
  );

  job.progress("registering the model", 0, 1);
  const id = ctx.newId();
  const createdAt = ctx.clock.now();
  const row = await insertTrainedModelRow(session, {
    id,
    source: trained.onnx,
    name: `${adapterName}-${stamp(createdAt)}`,
    parentModelId: parent?.id ?? null,
    createdAt,
    metrics: trained.metrics,
    training: { adapter: adapterName, runDir, datasetManifest: dataset.manifestFile, labelRule: rule, parity: trained.parity },
  });
  const lastEpoch = trained.epochs.at(-1);
  return registerTrainedModel(
    session.dir,
    {
      id,
      name: row.name,
      adapter: adapterName,
      createdAt,
      metrics: trained.metrics,
      parentModelId: row.parentModelId,
      datasetManifestPath: dataset.manifestFile,
      trainImages: dataset.trainImages,
      valImages: dataset.valImages,
      labelCount: dataset.counts.labels,
      labelRule: rule,
      imgsz,
      classNames,
      epochs: lastEpoch?.epoch ?? 0,
      seconds: trained.seconds,
      logPath: trained.logFile,
    },
    { onnx: row.onnxPath, checkpoint: trained.checkpoint },
  );
}

/**
 * Copies the ONNX to models/<id>.onnx, loads it through the inference module's loader (the same code that runs it
 * later: metadata, layout, input size, class names — no special case for our trainers) and inserts its row in the
 * models table with metrics and parent. A model that does not load fails the run (E_MODEL_FORMAT) and leaves
 * nothing behind.
 */
async function insertTrainedModelRow(
  session: ProjectSession,
  m: { id: string; source: string; name: string; parentModelId: string | null; createdAt: number; metrics: Record<string, unknown>; training: Record<string, unknown> },
): Promise<{ onnxPath: string; name: string; parentModelId: string | null }> {
  if (!session.db.open) throw new LoupeError("E_CONFLICT", `${session.dir}: the project was closed during training; the run is kept in ${String(m.training.runDir)}`);
  const bytes = readFileSync(m.source);
  const onnxPath = trainedOnnxPath(session.dir, m.id);
  mkdirSync(dirname(onnxPath), { recursive: true });
  writeFileAtomic(onnxPath, bytes);
  try {
    const opened = await openModel(onnxPath, defaultThreadSettings(1));
    await opened.session.release();
    const { classNames, ...spec } = opened.spec;
    const parentModelId = m.parentModelId !== null && getModel(session.db, m.parentModelId) ? m.parentModelId : null;
    insertModel(session.db, {
      id: m.id,
      name: m.name,
      fileName: basename(onnxPath),
      sha256: sha256Hex(bytes),
      sizeBytes: bytes.length,
      layout: spec.layout,
      inputWidth: spec.inputWidthPx,
      inputHeight: spec.inputHeightPx,
      classNames,
      classMap: {},
      metadata: {
        onnx: opened.info.metadata,
        spec,
        irVersion: opened.info.irVersion,
        producerName: opened.info.producerName,
        opsets: opened.info.opsets,
        metadataProblems: opened.info.metadataProblems,
        versions: opened.info.versions,
        sourceFile: basename(m.source),
        training: m.training,
      },
      parentModelId,
      createdAt: m.createdAt,
      metrics: m.metrics,
    });
    return { onnxPath, name: m.name, parentModelId };
  } catch (err) {
    rmSync(onnxPath, { force: true });
    throw err;
  }
}

/** Starts a training job on the open project (also used by the loop engine with its own run folder). */
export function startTrainingJob(ctx: ServiceContext, req: TrainingStartRequest, opts: TrainingJobOptions = {}): JobInfo {
  const session = ctx.sessions.require();
  const adapter = req.adapter ?? "builtin";
  return ctx.jobs.start("training", `Train a model (${adapter}) on ${session.name}`, (job) => runTraining(ctx, session, req, job, opts));
}

export function createTrainingService(ctx: ServiceContext): AreaService<"training"> {
  return {
    environment: async (req) => ({
      ...(await probeEnvironment({ python: (await ctx.trainers.python(req.python)) ?? process.env.LOUPE_PYTHON, all: true })),
      trainers: await ctx.trainers.names(),
    }),
    start: (req) => startTrainingJob(ctx, req),
    history: () => listTrainedModels(ctx.sessions.require().dir),
  };
}
