import type { LabelInfo, LabelSource, ReviewState } from "../../../src-preload/api";
import type { Db } from "../db";

interface LabelRow {
  id: string;
  image_id: number;
  class_id: number;
  x: number;
  y: number;
  w: number;
  h: number;
  source: LabelSource;
  author: string;
  review_state: ReviewState;
  iscrowd: number;
  difficult: number;
  truncated: number;
  score: number | null;
  created_at: number;
  updated_at: number;
  version: number;
}

const COLUMNS = "id, image_id, class_id, x, y, w, h, source, author, review_state, iscrowd, difficult, truncated, score, created_at, updated_at, version";

function toLabel(r: LabelRow): LabelInfo {
  const flags: LabelInfo["flags"] = {};
  if (r.iscrowd) flags.iscrowd = true;
  if (r.difficult) flags.difficult = true;
  if (r.truncated) flags.truncated = true;
  return {
    id: r.id,
    imageId: r.image_id,
    classId: r.class_id,
    box: { x: r.x, y: r.y, w: r.w, h: r.h },
    source: r.source,
    author: r.author,
    reviewState: r.review_state,
    flags,
    score: r.score,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

export function getLabel(db: Db, id: string): LabelInfo | undefined {
  const r = db.prepare(`SELECT ${COLUMNS} FROM labels WHERE id = ?`).get(id) as LabelRow | undefined;
  return r && toLabel(r);
}

export function listLabelsForImage(db: Db, imageId: number): LabelInfo[] {
  return (db.prepare(`SELECT ${COLUMNS} FROM labels WHERE image_id = ? ORDER BY created_at, id`).all(imageId) as LabelRow[]).map(toLabel);
}

/** The labels of several images in one query, each image's in `listLabelsForImage` order (images without labels get no entry). */
export function listLabelsByImage(db: Db, imageIds: readonly number[]): Map<number, LabelInfo[]> {
  const rows = db
    .prepare(`SELECT ${COLUMNS} FROM labels WHERE image_id IN (SELECT value FROM json_each(?)) ORDER BY image_id, created_at, id`)
    .all(JSON.stringify(imageIds)) as LabelRow[];
  const out = new Map<number, LabelInfo[]>();
  for (const r of rows) {
    let list = out.get(r.image_id);
    if (!list) out.set(r.image_id, (list = []));
    list.push(toLabel(r));
  }
  return out;
}

export function countLabelsForImage(db: Db, imageId: number): number {
  return (db.prepare("SELECT COUNT(*) AS n FROM labels WHERE image_id = ?").get(imageId) as { n: number }).n;
}

/** Inserts a label exactly as given (ids, times and version included), so undo can restore a deleted label. */
export function insertLabel(db: Db, l: LabelInfo): void {
  db.prepare(`INSERT INTO labels (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(l.id, l.imageId, ...mutableValues(l), l.createdAt, l.updatedAt, l.version);
}

/** class, box, source, author, review state, flags and score, in COLUMNS order. */
function mutableValues(l: LabelInfo): unknown[] {
  return [
    l.classId, l.box.x, l.box.y, l.box.w, l.box.h, l.source, l.author, l.reviewState,
    l.flags.iscrowd ? 1 : 0, l.flags.difficult ? 1 : 0, l.flags.truncated ? 1 : 0, l.score,
  ];
}

/** Overwrites every mutable column of a label with the given state. */
export function replaceLabel(db: Db, l: LabelInfo): void {
  db.prepare(
    `UPDATE labels SET class_id = ?, x = ?, y = ?, w = ?, h = ?, source = ?, author = ?, review_state = ?, iscrowd = ?,
       difficult = ?, truncated = ?, score = ?, updated_at = ?, version = ? WHERE id = ?`,
  ).run(...mutableValues(l), l.updatedAt, l.version, l.id);
}

export function deleteLabel(db: Db, id: string): void {
  db.prepare("DELETE FROM labels WHERE id = ?").run(id);
}

/** Every stored label, from the per-class counts (migration 0008). */
export function countLabels(db: Db): number {
  return db.prepare("SELECT COALESCE(SUM(n), 0) FROM label_counts").pluck().get() as number;
}

/** Labels per class (classes with none left out), from the counts the label triggers keep (migration 0008). */
export function countLabelsByClass(db: Db): { classId: number; count: number }[] {
  return db.prepare("SELECT class_id AS classId, n AS count FROM label_counts WHERE n > 0 ORDER BY class_id").all() as {
    classId: number;
    count: number;
  }[];
}

/** Labels of the images marked labeled, counted per class id, per size bucket and per 3×3 cell. */
export interface LabeledImageCounts {
  byClass: { classId: number; n: number }[];
  /** Box area: 0 tiny (< 16²), 1 small (< 32²), 2 medium (< 96²), 3 large. */
  bySizeBucket: number[];
  /** Box centre, row-major from top-left. */
  byCell: number[];
}

/**
 * The statistics selection balances against (labels of the images marked labeled), from the counts by class, size
 * bucket and 3×3 cell that triggers keep (migration 0009: the arithmetic of `sizeBucketIndex` and `cellIndex` in
 * core/selection/pool.ts, in the same floating point; truncation equals their floor wherever the clamp to 0..2 does
 * not decide), so a selection reads a few hundred rows instead of every label.
 */
export function countLabelsOfLabeledImages(db: Db): LabeledImageCounts {
  const rows = db.prepare("SELECT class_id, bucket, cell, n FROM label_stats WHERE n > 0 ORDER BY class_id").raw().all() as [number, number, number, number][];
  const byClass = new Map<number, number>();
  const bySizeBucket = [0, 0, 0, 0];
  const byCell = new Array<number>(9).fill(0);
  for (const [classId, bucket, cell, n] of rows) {
    byClass.set(classId, (byClass.get(classId) ?? 0) + n);
    if (bucket >= 0 && bucket < 4) bySizeBucket[bucket] = (bySizeBucket[bucket] ?? 0) + n;
    if (cell >= 0 && cell < 9) byCell[cell] = (byCell[cell] ?? 0) + n;
  }
  return { byClass: [...byClass].map(([classId, n]) => ({ classId, n })), bySizeBucket, byCell };
}
