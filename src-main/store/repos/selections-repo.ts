import type { Db } from "../db";

export interface SelectionChoice {
  rank: number;
  imageId: number;
  score: number;
  factors: Record<string, { value: number; weight: number; part: number }> | null;
  reasons: string[];
}

/** A selection run (inside the loop or by hand), as stored. */
export interface SelectionRecord {
  id: number;
  modelId: string;
  iteration: number | null;
  strategy: string;
  seed: number;
  budget: number;
  poolSize: number;
  chosen: SelectionChoice[];
  batchId: number | null;
  createdAt: number;
}

interface Row {
  id: number;
  model_id: string;
  iteration: number | null;
  strategy: string;
  seed: number;
  budget: number;
  pool_size: number;
  chosen: string;
  batch_id: number | null;
  created_at: number;
}

const COLUMNS = "id, model_id, iteration, strategy, seed, budget, pool_size, chosen, batch_id, created_at";

function toRecord(r: Row): SelectionRecord {
  return {
    id: r.id,
    modelId: r.model_id,
    iteration: r.iteration,
    strategy: r.strategy,
    seed: r.seed,
    budget: r.budget,
    poolSize: r.pool_size,
    chosen: JSON.parse(r.chosen) as SelectionChoice[],
    batchId: r.batch_id,
    createdAt: r.created_at,
  };
}

export function insertSelection(db: Db, s: Omit<SelectionRecord, "id">): number {
  const res = db
    .prepare(`INSERT INTO selections (model_id, iteration, strategy, seed, budget, pool_size, chosen, batch_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(s.modelId, s.iteration, s.strategy, s.seed, s.budget, s.poolSize, JSON.stringify(s.chosen), s.batchId, s.createdAt);
  return Number(res.lastInsertRowid);
}

export function getSelection(db: Db, id: number): SelectionRecord | undefined {
  const r = db.prepare(`SELECT ${COLUMNS} FROM selections WHERE id = ?`).get(id) as Row | undefined;
  return r && toRecord(r);
}

export function listSelections(db: Db, filter: { iteration?: number } = {}): SelectionRecord[] {
  const rows = (filter.iteration === undefined
    ? db.prepare(`SELECT ${COLUMNS} FROM selections ORDER BY id DESC`).all()
    : db.prepare(`SELECT ${COLUMNS} FROM selections WHERE iteration = ? ORDER BY id DESC`).all(filter.iteration)) as Row[];
  return rows.map(toRecord);
}

export function setSelectionBatch(db: Db, id: number, batchId: number): void {
  db.prepare("UPDATE selections SET batch_id = ? WHERE id = ?").run(batchId, id);
}

/**
 * Images that sit in a review task not yet approved (pending, skipped, flagged, done awaiting approval, or sent back):
 * a selection never chooses them again while a person has them.
 */
export function listImagesInOpenTasks(db: Db): Set<number> {
  const rows = db.prepare("SELECT DISTINCT image_id FROM review_tasks WHERE status <> 'approved'").all() as { image_id: number }[];
  return new Set(rows.map((r) => r.image_id));
}
