import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { extname, isAbsolute, join, relative, resolve } from "node:path";
import type { TrainedModelInfo } from "../../src-preload/api";
import { writeFileAtomic } from "../files/atomic";
import { LoupeError } from "../errors";

/**
 * Trained models of a project, as files: `models/<id>.onnx`, the trainer's checkpoint `models/<id>.pt` (what a
 * warm start needs) and `models/<id>.model.json` with metrics and lineage (parent model, dataset manifest, log).
 * Paths inside the record are relative to the project folder, so a copied project keeps working.
 *
 * The same id names the model's row in the models table (store/repos/models-repo.ts), which the training service
 * writes too: this record adds what only training knows (checkpoint, dataset, log, adapter, label rule).
 */

const RECORD_SUFFIX = ".model.json";

type StoredRecord = Omit<TrainedModelInfo, "onnxPath" | "checkpointPath" | "datasetManifestPath" | "logPath"> & {
  format: "loupe-trained-model";
  version: 1;
  /** 1, 2, 3… in registration order: orders models registered within the same millisecond. */
  sequence: number;
  onnx: string;
  checkpoint: string | null;
  datasetManifest: string;
  log: string;
};

function toRelative(projectDir: string, p: string): string {
  return relative(projectDir, p).split("\\").join("/");
}

function toAbsolute(projectDir: string, p: string): string {
  return isAbsolute(p) ? p : join(projectDir, ...p.split("/"));
}

function fromStored(projectDir: string, r: StoredRecord): TrainedModelInfo {
  const { format: _f, version: _v, sequence: _s, onnx, checkpoint, datasetManifest, log, ...rest } = r;
  return {
    ...rest,
    onnxPath: toAbsolute(projectDir, onnx),
    checkpointPath: checkpoint === null ? null : toAbsolute(projectDir, checkpoint),
    datasetManifestPath: toAbsolute(projectDir, datasetManifest),
    logPath: toAbsolute(projectDir, log),
  };
}

/** Every trained model of the project, newest first. Unreadable records are skipped. */
export function listTrainedModels(projectDir: string): TrainedModelInfo[] {
  return readRecords(projectDir)
    .sort((a, b) => b.createdAt - a.createdAt || b.sequence - a.sequence)
    .map((r) => fromStored(projectDir, r));
}

function readRecords(projectDir: string): StoredRecord[] {
  const dir = join(projectDir, "models");
  if (!existsSync(dir)) return [];
  const out: StoredRecord[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(RECORD_SUFFIX)) continue;
    try {
      const r = JSON.parse(readFileSync(join(dir, name), "utf8")) as StoredRecord;
      if (r.format === "loupe-trained-model") out.push(r);
    } catch {
      /* a damaged record does not hide the others */
    }
  }
  return out;
}

/** A model by id, or the newest with "latest"; E_NOT_FOUND otherwise. */
export function getTrainedModel(projectDir: string, id: string): TrainedModelInfo {
  const all = listTrainedModels(projectDir);
  const found = id === "latest" ? all[0] : all.find((m) => m.id === id);
  if (!found) {
    throw new LoupeError("E_NOT_FOUND", id === "latest" ? `${projectDir}: no trained model yet` : `${projectDir}: no trained model ${id}`, { file: join(projectDir, "models") });
  }
  return found;
}

export type NewTrainedModel = Omit<TrainedModelInfo, "onnxPath" | "checkpointPath" | "name"> & { name?: string };

/** Path of a model's ONNX file inside the project: `models/<id>.onnx` (the models table's file name too). */
export function trainedOnnxPath(projectDir: string, id: string): string {
  return join(projectDir, "models", `${id}.onnx`);
}

/**
 * Copies the run's ONNX (unless it is already at models/<id>.onnx) and checkpoint into models/ and writes the
 * record (last, atomically).
 */
export function registerTrainedModel(projectDir: string, model: NewTrainedModel, files: { onnx: string; checkpoint: string | null }): TrainedModelInfo {
  const dir = join(projectDir, "models");
  mkdirSync(dir, { recursive: true });
  const onnx = trainedOnnxPath(projectDir, model.id);
  const checkpoint = files.checkpoint && existsSync(files.checkpoint) ? join(dir, `${model.id}${extname(files.checkpoint) || ".pt"}`) : null;
  try {
    if (resolve(files.onnx) !== resolve(onnx)) copyFileSync(files.onnx, onnx);
    if (checkpoint && files.checkpoint) copyFileSync(files.checkpoint, checkpoint);
  } catch (err) {
    throw new LoupeError("E_IO", `${dir}: cannot store the trained model: ${(err as Error).message}`, { file: dir, cause: err });
  }
  const sequence = readRecords(projectDir).reduce((m, r) => Math.max(m, r.sequence ?? 0), 0) + 1;
  const { datasetManifestPath, logPath, ...rest } = model;
  const record: StoredRecord = {
    format: "loupe-trained-model",
    version: 1,
    sequence,
    ...rest,
    name: model.name ?? `${model.adapter}-${sequence}`,
    onnx: toRelative(projectDir, onnx),
    checkpoint: checkpoint ? toRelative(projectDir, checkpoint) : null,
    datasetManifest: toRelative(projectDir, datasetManifestPath),
    log: toRelative(projectDir, logPath),
  };
  writeFileAtomic(join(dir, `${model.id}${RECORD_SUFFIX}`), `${JSON.stringify(record, null, 2)}\n`);
  return fromStored(projectDir, record);
}
