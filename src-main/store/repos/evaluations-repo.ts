import type { Db } from "../db";

/** An evaluation of a model on a split, as stored (JSON columns parsed). Inside the loop or run by hand. */
export interface EvaluationRecord {
  id: number;
  modelId: string;
  split: string;
  iteration: number | null;
  confidence: number;
  imageCount: number;
  labelCount: number;
  /** coco (the 12 stats by name), vocMap50, prf. */
  metrics: { coco: Record<string, number>; vocMap50: number; prf: unknown; [k: string]: unknown };
  perClass: unknown[];
  prCurves: unknown;
  confusion: unknown;
  errorSummary: unknown;
  /** Relative to the project folder. */
  reportDir: string | null;
  createdAt: number;
}

type NewEvaluation = Omit<EvaluationRecord, "id">;

interface Row {
  id: number;
  model_id: string;
  split: string;
  iteration: number | null;
  confidence: number;
  image_count: number;
  label_count: number;
  metrics: string;
  per_class: string;
  pr_curves: string;
  confusion: string;
  error_summary: string;
  report_dir: string | null;
  created_at: number;
}

const COLUMNS = "id, model_id, split, iteration, confidence, image_count, label_count, metrics, per_class, pr_curves, confusion, error_summary, report_dir, created_at";
/** Listing leaves the heavy columns out. */
const LIGHT = "id, model_id, split, iteration, confidence, image_count, label_count, metrics, per_class, '[]' AS pr_curves, 'null' AS confusion, error_summary, report_dir, created_at";

function toRecord(r: Row): EvaluationRecord {
  return {
    id: r.id,
    modelId: r.model_id,
    split: r.split,
    iteration: r.iteration,
    confidence: r.confidence,
    imageCount: r.image_count,
    labelCount: r.label_count,
    metrics: JSON.parse(r.metrics) as EvaluationRecord["metrics"],
    perClass: JSON.parse(r.per_class) as unknown[],
    prCurves: JSON.parse(r.pr_curves) as unknown,
    confusion: JSON.parse(r.confusion) as unknown,
    errorSummary: JSON.parse(r.error_summary) as unknown,
    reportDir: r.report_dir,
    createdAt: r.created_at,
  };
}

export function insertEvaluation(db: Db, e: NewEvaluation): number {
  const res = db
    .prepare(
      `INSERT INTO evaluations (model_id, split, iteration, confidence, image_count, label_count, metrics, per_class, pr_curves, confusion, error_summary, report_dir, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      e.modelId, e.split, e.iteration, e.confidence, e.imageCount, e.labelCount, JSON.stringify(e.metrics), JSON.stringify(e.perClass),
      JSON.stringify(e.prCurves), JSON.stringify(e.confusion), JSON.stringify(e.errorSummary), e.reportDir, e.createdAt,
    );
  return Number(res.lastInsertRowid);
}

export function getEvaluation(db: Db, id: number): EvaluationRecord | undefined {
  const r = db.prepare(`SELECT ${COLUMNS} FROM evaluations WHERE id = ?`).get(id) as Row | undefined;
  return r && toRecord(r);
}

/** Newest first, without PR curves and confusion matrices; optionally of one model, split or iteration. */
export function listEvaluations(db: Db, filter: { modelId?: string; split?: string; iteration?: number } = {}): EvaluationRecord[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  const add = (sql: string, v: string | number | undefined) => {
    if (v === undefined) return;
    where.push(sql);
    args.push(v);
  };
  add("model_id = ?", filter.modelId);
  add("split = ?", filter.split);
  add("iteration = ?", filter.iteration);
  const sql = `SELECT ${LIGHT} FROM evaluations ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY created_at DESC, id DESC`;
  return (db.prepare(sql).all(...args) as Row[]).map(toRecord);
}

/** The newest evaluation of a model on a split (in one iteration when given), whole. */
export function latestEvaluation(db: Db, modelId: string, split: string, iteration?: number | null): EvaluationRecord | undefined {
  const r = (iteration === undefined || iteration === null
    ? db.prepare(`SELECT ${COLUMNS} FROM evaluations WHERE model_id = ? AND split = ? ORDER BY created_at DESC, id DESC LIMIT 1`).get(modelId, split)
    : db.prepare(`SELECT ${COLUMNS} FROM evaluations WHERE model_id = ? AND split = ? AND iteration = ? ORDER BY id DESC LIMIT 1`).get(modelId, split, iteration)) as Row | undefined;
  return r && toRecord(r);
}

/** The headline numbers of a stored evaluation: mAP50-95, mAP50, F1 / P / R at the F1-optimal confidence. */
export function headlineMetrics(e: EvaluationRecord): { map50_95: number; map50: number; f1: number; precision: number; recall: number } {
  const best = (e.metrics.prf as { atOptimal: { f1: number; precision: number; recall: number } }).atOptimal;
  return { map50_95: e.metrics.coco.AP ?? 0, map50: e.metrics.coco.AP50 ?? 0, f1: best.f1, precision: best.precision, recall: best.recall };
}
