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
 * The statistics selection balances against (labels of the images marked labeled) counted inside SQLite, in one
 * pass with no sort: per class from the kept counts (migration 0008) less the labels of images not marked labeled;
 * per size bucket and cell with the arithmetic of `sizeBucketIndex` and `cellIndex` (core/selection/pool.ts) in
 * the same floating point (truncation equals their floor wherever the clamp to 0..2 does not decide).
 */
export function countLabelsOfLabeledImages(db: Db): LabeledImageCounts {
  const others = new Map(
    (db.prepare("SELECT l.class_id AS classId, COUNT(*) AS n FROM images i JOIN labels l ON l.image_id = i.id WHERE i.status <> 'labeled' GROUP BY l.class_id").all() as { classId: number; n: number }[]).map((r) => [r.classId, r.n]),
  );
  const byClass = countLabelsByClass(db).flatMap((c) => {
    const n = c.count - (others.get(c.classId) ?? 0);
    return n > 0 ? [{ classId: c.classId, n }] : [];
  });
  const axis = (pos: string, size: string, full: string) => `min(2, max(0, CAST(((l.${pos} + l.${size} / 2.0) / i.${full}) * 3 AS INTEGER)))`;
  const sums = [0, 1, 2, 3].map((k) => `SUM(b = ${k})`).concat(Array.from({ length: 9 }, (_, k) => `SUM(c = ${k})`));
  // LIMIT -1 keeps the inner query a co-routine: each label's bucket and cell are computed once, not once per SUM
  const row = db
    .prepare(
      `SELECT ${sums.join(", ")} FROM (
         SELECT CASE WHEN l.w * l.h < 256 THEN 0 WHEN l.w * l.h < 1024 THEN 1 WHEN l.w * l.h < 9216 THEN 2 ELSE 3 END AS b,
           CASE WHEN i.width > 0 AND i.height > 0 THEN ${axis("y", "h", "height")} * 3 + ${axis("x", "w", "width")} ELSE -1 END AS c
         FROM labels l JOIN images i ON i.id = l.image_id WHERE i.status = 'labeled' LIMIT -1)`,
    )
    .raw()
    .get() as (number | null)[];
  const counts = row.map((v) => v ?? 0);
  return { byClass, bySizeBucket: counts.slice(0, 4), byCell: counts.slice(4) };
}
