import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { basename, extname, join, resolve } from "node:path";
import type { ModelLayout, TrainedModelInfo } from "../../src-preload/api";
import { LoupeError } from "../errors";
import { writeFileAtomic } from "../files/atomic";
import { sha256Hex } from "../files/hash";
import { modelFilePath, projectAbsolute, projectRelative } from "../files/project-layout";
import { readRegularFile } from "../files/regular-file";
import type { Clock } from "../runtime/jobs";
import type { Db } from "../store/db";
import {
  findModelBySha, getModel, insertModel, listModels, updateModelTraining, type ModelRecord, type TrainingRecord,
} from "../store/repos/models-repo";
import type { LoadedModel } from "./protocol";

/**
 * The one model registry: every model of a project — added by the user or produced by a training run — is a row of
 * the models table with its ONNX at `models/<id>.onnx`. The ONNX is inspected by the inference worker (layout,
 * input, class names, metadata), so onnxruntime never loads in the main process. Trained models carry a
 * TrainingRecord (checkpoint, dataset manifest, log, adapter) in the same row.
 */
export interface RegistryDeps {
  db: Db;
  projectDir: string;
  /** Opens the ONNX in the inference worker and reports what it found. */
  inspect(path: string, layout?: ModelLayout): Promise<LoadedModel>;
  clock: Clock;
  newId(): string;
}

export interface RegisterModelRequest {
  path: string;
  name?: string | undefined;
  layout?: ModelLayout | undefined;
  parentModelId?: string | null | undefined;
  /** The id to use; a new UUID otherwise. */
  id?: string | undefined;
  metrics?: Record<string, unknown> | null | undefined;
  training?: TrainingRecord | undefined;
  /** What else to keep in the row's metadata (e.g. the training run's parity report). */
  extraMetadata?: Record<string, unknown> | undefined;
}

/**
 * Records an ONNX file as a model of the project. Any file not already at `models/<id>.onnx` is copied there
 * atomically; a model that does not load fails with the worker's error and leaves nothing behind. The same bytes
 * (and layout) added twice by hand give the existing model; a training run always gets its own row.
 */
export async function registerModel(deps: RegistryDeps, req: RegisterModelRequest): Promise<ModelRecord> {
  const { db } = deps;
  // Only a regular file is ever opened: a FIFO or a device is refused by name instead of blocking.
  const bytes = await readRegularFile(req.path, { what: "model file" });
  const sha256 = sha256Hex(bytes);
  if (!req.training) {
    const existing = findModelBySha(db, sha256, req.layout);
    if (existing) return existing;
  }
  if (req.parentModelId && !getModel(db, req.parentModelId)) throw new LoupeError("E_NOT_FOUND", `no model ${req.parentModelId} (the parent)`);
  const id = req.id ?? deps.newId();
  if (getModel(db, id)) throw new LoupeError("E_CONFLICT", `a model with id ${id} already exists`);
  // The worker inspects the file as the user named it, so any refusal names their file, not ours.
  const loaded = await deps.inspect(req.path, req.layout);
  const fileName = `${id}.onnx`;
  const dest = modelFilePath(deps.projectDir, fileName);
  const copied = resolve(req.path) !== resolve(dest);
  if (copied) {
    try {
      writeFileAtomic(dest, bytes);
    } catch (err) {
      throw new LoupeError("E_IO", `${dest}: cannot copy the model into the project: ${(err as Error).message}`, { file: dest, cause: err });
    }
  }
  try {
    const record: ModelRecord = {
      id,
      name: req.name ?? basename(req.path, extname(req.path)),
      fileName,
      sha256,
      sizeBytes: bytes.length,
      layout: loaded.spec.layout,
      inputWidth: loaded.spec.inputWidthPx,
      inputHeight: loaded.spec.inputHeightPx,
      classNames: loaded.spec.classNames,
      classMap: {},
      metadata: { ...storedMetadata(loaded, req.path), ...(req.extraMetadata ?? {}) },
      parentModelId: req.parentModelId ?? null,
      createdAt: deps.clock.now(),
      metrics: req.metrics ?? null,
      training: req.training ?? null,
    };
    insertModel(db, record);
    return record;
  } catch (err) {
    if (copied) rmQuiet(dest);
    throw err;
  }
}

function rmQuiet(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    /* the model row was never written; a stray file is harmless */
  }
}

function storedMetadata(loaded: LoadedModel, sourcePath: string): Record<string, unknown> {
  const { classNames: _names, ...spec } = loaded.spec;
  return {
    onnx: loaded.metadata,
    spec,
    irVersion: loaded.irVersion,
    producerName: loaded.producerName,
    opsets: loaded.opsets,
    metadataProblems: loaded.metadataProblems,
    versions: loaded.versions,
    sourceFile: basename(sourcePath),
  };
}

/** The API view of a trained model's row. */
export function toTrainedModelInfo(projectDir: string, m: ModelRecord & { training: TrainingRecord }): TrainedModelInfo {
  const t = m.training;
  return {
    id: m.id,
    name: m.name,
    adapter: t.adapter,
    createdAt: m.createdAt,
    onnxPath: modelFilePath(projectDir, m.fileName),
    checkpointPath: t.checkpoint === null ? null : projectAbsolute(projectDir, t.checkpoint),
    metrics: m.metrics ?? {},
    parentModelId: m.parentModelId,
    datasetManifestPath: projectAbsolute(projectDir, t.datasetManifest),
    trainImages: t.trainImages,
    valImages: t.valImages,
    labelCount: t.labelCount,
    labelRule: t.labelRule,
    imgsz: t.imgsz,
    classNames: m.classNames,
    epochs: t.epochs,
    seconds: t.seconds,
    logPath: projectAbsolute(projectDir, t.log),
  };
}

const isTrained = (m: ModelRecord): m is ModelRecord & { training: TrainingRecord } => m.training !== null;

/** Every trained model of the project, newest first. */
export function listTrainedModels(db: Db, projectDir: string): TrainedModelInfo[] {
  return listModels(db).filter(isTrained).map((m) => toTrainedModelInfo(projectDir, m));
}

/** A trained model by id, or the newest with "latest"; E_NOT_FOUND otherwise. */
export function getTrainedModel(db: Db, projectDir: string, id: string): TrainedModelInfo {
  const all = listTrainedModels(db, projectDir);
  const found = id === "latest" ? all[0] : all.find((m) => m.id === id);
  if (!found) {
    const row = id === "latest" ? undefined : getModel(db, id);
    throw new LoupeError(
      "E_NOT_FOUND",
      id === "latest" ? `${projectDir}: no trained model yet` : row ? `model ${id} was not trained by Loupe (it has no trainer checkpoint)` : `no trained model ${id}`,
      { file: join(projectDir, "models") },
    );
  }
  return found;
}

/**
 * Projects made before the registry was one table kept what only training knows in `models/<id>.model.json`. On
 * open, each such record whose row has no training record yet is merged into the table (the file stays, unread
 * afterwards). Unreadable records are skipped: they never block opening a project.
 */
export function mergeLegacyModelRecords(db: Db, projectDir: string): number {
  const dir = join(projectDir, "models");
  if (!existsSync(dir)) return 0;
  let merged = 0;
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(".model.json")) continue;
    let r: Record<string, unknown>;
    try {
      r = JSON.parse(readFileSync(join(dir, name), "utf8")) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (r.format !== "loupe-trained-model" || typeof r.id !== "string") continue;
    const row = getModel(db, r.id);
    if (!row || row.training !== null) continue;
    const str = (v: unknown, d: string) => (typeof v === "string" ? v : d);
    const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
    const adapter = r.adapter === "ultralytics" || r.adapter === "command" ? r.adapter : "builtin";
    const runDir = (row.metadata.training as { runDir?: unknown } | undefined)?.runDir;
    updateModelTraining(db, row.id, {
      adapter,
      runDir: typeof runDir === "string" ? projectRelative(projectDir, runDir) : "",
      checkpoint: typeof r.checkpoint === "string" ? r.checkpoint : null,
      datasetManifest: str(r.datasetManifest, ""),
      log: str(r.log, ""),
      labelRule: r.labelRule === "approved" ? "approved" : "labeled",
      trainImages: num(r.trainImages),
      valImages: num(r.valImages),
      labelCount: num(r.labelCount),
      imgsz: num(r.imgsz),
      epochs: num(r.epochs),
      seconds: num(r.seconds),
      iteration: null,
      parity: (row.metadata.training as { parity?: unknown } | undefined)?.parity ?? null,
    });
    merged++;
  }
  return merged;
}
