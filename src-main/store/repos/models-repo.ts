import type { ModelLayout, ModelTrainingInfo, TrainedModelInfo } from "../../../src-preload/api";
import { LoupeError } from "../../errors";
import type { Db } from "../db";

/**
 * What only training knows about a model it produced (paths relative to the project folder, so a copied project keeps
 * working). Stored in the models table's `training` column.
 */
export interface TrainingRecord extends ModelTrainingInfo {
  /** The run folder (dataset/, trainer/, training_log.txt). */
  runDir: string;
  checkpoint: string | null;
  log: string;
  labelRule: TrainedModelInfo["labelRule"];
  parity: unknown;
}

/** A stored model row, mapped (JSON columns parsed). */
export interface ModelRecord {
  id: string;
  name: string;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  layout: ModelLayout;
  inputWidth: number;
  inputHeight: number;
  classNames: string[];
  /** Explicit class choices: model class index → project class id or null. */
  classMap: Record<number, number | null>;
  /** ONNX metadata_props, the resolved spec and versions (see models-service). */
  metadata: Record<string, unknown>;
  parentModelId: string | null;
  createdAt: number;
  metrics: Record<string, unknown> | null;
  /** Set for models a training run produced. */
  training: TrainingRecord | null;
}

interface ModelRow {
  id: string;
  name: string;
  file_name: string;
  sha256: string;
  size_bytes: number;
  layout: ModelLayout;
  input_width: number;
  input_height: number;
  class_names: string;
  class_map: string;
  metadata: string;
  parent_model_id: string | null;
  created_at: number;
  metrics: string | null;
  training: string | null;
}

const COLUMNS = `id, name, file_name, sha256, size_bytes, layout, input_width, input_height, class_names, class_map, metadata,
  parent_model_id, created_at, metrics, training`;

function toRecord(r: ModelRow): ModelRecord {
  const map = JSON.parse(r.class_map) as Record<string, number | null>;
  return {
    id: r.id,
    name: r.name,
    fileName: r.file_name,
    sha256: r.sha256,
    sizeBytes: r.size_bytes,
    layout: r.layout,
    inputWidth: r.input_width,
    inputHeight: r.input_height,
    classNames: JSON.parse(r.class_names) as string[],
    classMap: Object.fromEntries(Object.entries(map).map(([k, v]) => [Number(k), v])),
    metadata: JSON.parse(r.metadata) as Record<string, unknown>,
    parentModelId: r.parent_model_id,
    createdAt: r.created_at,
    metrics: r.metrics === null ? null : (JSON.parse(r.metrics) as Record<string, unknown>),
    training: r.training === null ? null : (JSON.parse(r.training) as TrainingRecord),
  };
}

export function insertModel(db: Db, m: ModelRecord): void {
  db.prepare(`INSERT INTO models (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
    m.id, m.name, m.fileName, m.sha256, m.sizeBytes, m.layout, m.inputWidth, m.inputHeight, JSON.stringify(m.classNames),
    JSON.stringify(m.classMap), JSON.stringify(m.metadata), m.parentModelId, m.createdAt, m.metrics === null ? null : JSON.stringify(m.metrics),
    m.training === null ? null : JSON.stringify(m.training),
  );
}

export function getModel(db: Db, id: string): ModelRecord | undefined {
  const r = db.prepare(`SELECT ${COLUMNS} FROM models WHERE id = ?`).get(id) as ModelRow | undefined;
  return r && toRecord(r);
}

/** The model with these bytes and this layout, if one was added before. */
export function findModelBySha(db: Db, sha256: string, layout?: ModelLayout): ModelRecord | undefined {
  const r = (layout
    ? db.prepare(`SELECT ${COLUMNS} FROM models WHERE sha256 = ? AND layout = ? ORDER BY created_at LIMIT 1`).get(sha256, layout)
    : db.prepare(`SELECT ${COLUMNS} FROM models WHERE sha256 = ? ORDER BY created_at LIMIT 1`).get(sha256)) as ModelRow | undefined;
  return r && toRecord(r);
}

/** Newest first. */
export function listModels(db: Db): ModelRecord[] {
  return (db.prepare(`SELECT ${COLUMNS} FROM models ORDER BY created_at DESC, rowid DESC`).all() as ModelRow[]).map(toRecord);
}

export function updateModelClassMap(db: Db, id: string, classMap: Record<number, number | null>): void {
  db.prepare("UPDATE models SET class_map = ? WHERE id = ?").run(JSON.stringify(classMap), id);
}

export function updateModelMetrics(db: Db, id: string, metrics: Record<string, unknown> | null): void {
  db.prepare("UPDATE models SET metrics = ? WHERE id = ?").run(metrics === null ? null : JSON.stringify(metrics), id);
}

/** The model with this id, or E_NOT_FOUND naming it. */
export function requireModel(db: Db, id: string): ModelRecord {
  const m = getModel(db, id);
  if (!m) throw new LoupeError("E_NOT_FOUND", `no model ${id}`);
  return m;
}

export function updateModelTraining(db: Db, id: string, training: TrainingRecord): void {
  db.prepare("UPDATE models SET training = ? WHERE id = ?").run(JSON.stringify(training), id);
}
