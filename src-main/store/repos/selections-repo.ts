import type { Db } from "../db";
import { readPack } from "../prediction-packs";
import { listPredictions } from "./predictions-repo";

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

/** Image `i` has the content of no labelled or empty image (one probe of the content-hash index). */
const NOT_A_COPY = "NOT EXISTS (SELECT 1 FROM images l WHERE l.content_hash = i.content_hash AND l.status IN ('labeled', 'empty'))";

/** An unlabeled pool image a selection may choose, with what the selector needs of it. */
export interface SelectableImage {
  id: number;
  width: number;
  height: number;
  contentHash: string;
}

/**
 * The unlabeled images of a split that a selection for a model may choose (bound: model id, split): the model
 * predicted them, no open review task has them (see `listImagesInOpenTasks`), and none has the content of a labelled
 * or empty image (the same pixels would buy the same labels twice). `s` is the image's prediction status row.
 */
const SELECTABLE = `images i
  JOIN prediction_status s ON s.model_id = ? AND s.image_id = i.id AND s.state = 'done'
  WHERE i.split = ? AND i.status = 'unlabeled' AND ${NOT_A_COPY}
    AND i.id NOT IN (SELECT image_id FROM review_tasks WHERE status <> 'approved')`;

/** Whether a selection for the model has anything left to choose in the split (the loop's "pool exhausted" check). */
export function hasSelectableImage(db: Db, modelId: string, split: string): boolean {
  return db.prepare(`SELECT 1 FROM ${SELECTABLE} LIMIT 1`).get(modelId, split) !== undefined;
}

/**
 * The selectable images of a split in id order, each with the model's packed boxes (best first; see PACK_FIELDS), in
 * ONE pass: a 60,000-image pool is 60,000 rows, read once. An image whose pack is missing or does not hold its
 * box count (rows written by SQL outside the repo, a damaged file) is read from its rows instead.
 */
export function readSelectablePool(db: Db, modelId: string, split: string): { images: SelectableImage[]; packs: Float64Array[] } {
  const rows = db
    .prepare(`SELECT i.id, i.width, i.height, i.content_hash, s.boxes, s.box_count FROM ${SELECTABLE} ORDER BY i.id`)
    .raw()
    .all(modelId, split) as [number, number, number, string, Uint8Array | null, number][];
  const images = rows.map(([id, width, height, contentHash]): SelectableImage => ({ id, width, height, contentHash }));
  const packs = rows.map(([id, , , , blob, boxCount]) => readPack(blob, boxCount, () => listPredictions(db, modelId, id)));
  return { images, packs };
}

/** Unlabeled images of a split that are no copy of a labelled one: what is left to label (0: the pool is exhausted). */
export function countUnlabeledOriginals(db: Db, split: string): number {
  return db.prepare(`SELECT COUNT(*) FROM images i WHERE i.split = ? AND i.status = 'unlabeled' AND ${NOT_A_COPY}`).pluck().get(split) as number;
}
