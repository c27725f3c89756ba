import type { ImageBoxes, ImageInfo, ImageStatus, LabelSource, Split } from "../../../src-preload/api";
import type { Db } from "../db";

interface ImageRow {
  id: number;
  root_id: number;
  rel_path: string;
  size_bytes: number;
  content_hash: string;
  width: number;
  height: number;
  split: Split;
  status: ImageStatus;
  created_at: number;
  updated_at: number;
  label_count: number;
}

const SELECT = `SELECT i.id, i.root_id, i.rel_path, i.size_bytes, i.content_hash, i.width, i.height, i.split, i.status,
  i.created_at, i.updated_at, (SELECT COUNT(*) FROM labels l WHERE l.image_id = i.id) AS label_count FROM images i`;

function toImage(r: ImageRow): ImageInfo {
  const slash = r.rel_path.lastIndexOf("/");
  return {
    id: r.id,
    rootId: r.root_id,
    relPath: r.rel_path,
    fileName: slash >= 0 ? r.rel_path.slice(slash + 1) : r.rel_path,
    sizeBytes: r.size_bytes,
    contentHash: r.content_hash,
    width: r.width,
    height: r.height,
    split: r.split,
    status: r.status,
    labelCount: r.label_count,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface ImageFilter {
  split?: Split | undefined;
  status?: ImageStatus | undefined;
  classId?: number | undefined;
  labelSource?: LabelSource | undefined;
  search?: string | undefined;
  /** With minScore/maxScore (default 0 and 1): images with a prediction of this model scored in that range. */
  modelId?: string | undefined;
  minScore?: number | undefined;
  maxScore?: number | undefined;
}

function where(filter: ImageFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (filter.split) {
    parts.push("i.split = ?");
    params.push(filter.split);
  }
  if (filter.status) {
    parts.push("i.status = ?");
    params.push(filter.status);
  }
  // each EXISTS is one probe of a covering index (migration 0006)
  if (filter.classId !== undefined) {
    parts.push("EXISTS (SELECT 1 FROM labels l WHERE l.image_id = i.id AND l.class_id = ?)");
    params.push(filter.classId);
  }
  if (filter.labelSource !== undefined) {
    parts.push("EXISTS (SELECT 1 FROM labels l WHERE l.image_id = i.id AND l.source = ?)");
    params.push(filter.labelSource);
  }
  if (filter.modelId !== undefined) {
    parts.push("EXISTS (SELECT 1 FROM predictions p WHERE p.model_id = ? AND p.image_id = i.id AND p.score BETWEEN ? AND ?)");
    params.push(filter.modelId, filter.minScore ?? 0, filter.maxScore ?? 1);
  }
  if (filter.search) {
    parts.push("i.rel_path LIKE ? ESCAPE '\\'");
    params.push(`%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  return { sql: parts.length ? ` WHERE ${parts.join(" AND ")}` : "", params };
}

/**
 * The ids matching a filter, in id order, kept per connection until the database changes (this connection's
 * `total_changes()` or another's `data_version`): the Data view pages through 100,000 images under one filter, and
 * each page is then a slice instead of a scan to the offset and a count of every match.
 */
const MAX_CACHED_FILTERS = 8;
const idCache = new WeakMap<Db, Map<string, { version: string; ids: Int32Array }>>();

function matchingIds(db: Db, filter: ImageFilter): Int32Array {
  const key = JSON.stringify([filter.split, filter.status, filter.classId, filter.labelSource, filter.search, filter.modelId, filter.minScore, filter.maxScore]);
  const version = `${String(db.pragma("data_version", { simple: true }))}:${String(db.prepare("SELECT total_changes()").pluck().get())}`;
  let perDb = idCache.get(db);
  if (!perDb) idCache.set(db, (perDb = new Map()));
  const hit = perDb.get(key);
  if (hit && hit.version === version) return hit.ids;
  const w = where(filter);
  const ids = Int32Array.from(db.prepare(`SELECT i.id FROM images i${w.sql} ORDER BY i.id`).pluck().all(...w.params) as number[]);
  perDb.delete(key);
  perDb.set(key, { version, ids });
  if (perDb.size > MAX_CACHED_FILTERS) perDb.delete(perDb.keys().next().value as string);
  return ids;
}

/** A page of the images matching a filter, in id order, and how many match. */
export function listImages(db: Db, filter: ImageFilter, offset: number, limit: number): { items: ImageInfo[]; total: number } {
  const ids = matchingIds(db, filter);
  const page = ids.subarray(Math.min(offset, ids.length), Math.min(offset + limit, ids.length));
  if (page.length === 0) return { items: [], total: ids.length };
  const rows = db.prepare(`${SELECT} WHERE i.id IN (SELECT value FROM json_each(?)) ORDER BY i.id`).all(JSON.stringify(Array.from(page))) as ImageRow[];
  return { items: rows.map(toImage), total: ids.length };
}

/** The ids of the images matching a filter, in id order (no image rows are read). */
export function listImageIds(db: Db, filter: ImageFilter): number[] {
  return Array.from(matchingIds(db, filter));
}

/**
 * The labelled images a model learns from: labeled ones, then empty ones, each in id order, outside the val and
 * test splits (coverage measures distance to them, not to the images a model is judged on).
 */
export function listLearnedImageIds(db: Db): number[] {
  return db
    .prepare("SELECT id FROM images WHERE status IN ('labeled', 'empty') AND split NOT IN ('val', 'test') ORDER BY status = 'empty', id")
    .pluck()
    .all() as number[];
}

export function getImage(db: Db, id: number): ImageInfo | undefined {
  const r = db.prepare(`${SELECT} WHERE i.id = ?`).get(id) as ImageRow | undefined;
  return r && toImage(r);
}

/** The images with these ids, in the order given (ids that are not images are left out); one query. */
export function getImagesByIds(db: Db, ids: readonly number[]): ImageInfo[] {
  if (ids.length === 0) return [];
  const rows = db.prepare(`${SELECT} WHERE i.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as ImageRow[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [toImage(r)] : [];
  });
}

export function findImageByHash(db: Db, contentHash: string): ImageInfo | undefined {
  const r = db.prepare(`${SELECT} WHERE i.content_hash = ? ORDER BY i.id LIMIT 1`).get(contentHash) as ImageRow | undefined;
  return r && toImage(r);
}

export function findImageByPath(db: Db, rootId: number, relPath: string): ImageInfo | undefined {
  const r = db.prepare(`${SELECT} WHERE i.root_id = ? AND i.rel_path = ?`).get(rootId, relPath) as ImageRow | undefined;
  return r && toImage(r);
}

export interface NewImage {
  rootId: number;
  relPath: string;
  sizeBytes: number;
  contentHash: string;
  width: number;
  height: number;
  split: Split;
  status?: ImageStatus;
}

export function insertImage(db: Db, img: NewImage, now: number): number {
  const info = db
    .prepare(
      `INSERT INTO images (root_id, rel_path, size_bytes, content_hash, width, height, split, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(img.rootId, img.relPath, img.sizeBytes, img.contentHash, img.width, img.height, img.split, img.status ?? "unlabeled", now, now);
  return Number(info.lastInsertRowid);
}

/** Points an existing image at a new location (a moved file with the same content). */
export function relinkImage(db: Db, id: number, rootId: number, relPath: string, now: number): void {
  db.prepare("UPDATE images SET root_id = ?, rel_path = ?, updated_at = ? WHERE id = ?").run(rootId, relPath, now, id);
}

export function setImageStatus(db: Db, id: number, status: ImageStatus, now: number): void {
  db.prepare("UPDATE images SET status = ?, updated_at = ? WHERE id = ?").run(status, now, id);
}

export function setImageSplit(db: Db, ids: readonly number[], split: Split, now: number): number {
  const stmt = db.prepare("UPDATE images SET split = ?, updated_at = ? WHERE id = ? AND split <> ?");
  let changed = 0;
  for (const id of ids) changed += stmt.run(split, now, id, split).changes;
  return changed;
}

export function countImagesBySplitAndStatus(db: Db): { split: Split; status: ImageStatus; n: number }[] {
  return db.prepare("SELECT split, status, COUNT(*) AS n FROM images GROUP BY split, status").all() as {
    split: Split;
    status: ImageStatus;
    n: number;
  }[];
}

/** Where an image's file lives: the root's absolute path and the relative path inside it. */
export function getImageLocation(db: Db, id: number): { rootPath: string; relPath: string } | undefined {
  return db
    .prepare("SELECT r.path AS rootPath, i.rel_path AS relPath FROM images i JOIN data_roots r ON r.id = i.root_id WHERE i.id = ?")
    .get(id) as { rootPath: string; relPath: string } | undefined;
}

/** The labels of several images as thumbnails draw them, in one query (ids that are not images get no entry). */
export function listLabelBoxes(db: Db, imageIds: readonly number[]): Map<number, ImageBoxes["labels"]> {
  const rows = db
    .prepare(
      `SELECT image_id, class_id, source, review_state, x, y, w, h FROM labels
       WHERE image_id IN (SELECT value FROM json_each(?)) ORDER BY image_id, created_at, id`,
    )
    .all(JSON.stringify(imageIds)) as { image_id: number; class_id: number; source: LabelSource; review_state: ImageBoxes["labels"][number]["reviewState"]; x: number; y: number; w: number; h: number }[];
  const out = new Map<number, ImageBoxes["labels"]>();
  for (const r of rows) {
    let list = out.get(r.image_id);
    if (!list) out.set(r.image_id, (list = []));
    list.push({ classId: r.class_id, source: r.source, reviewState: r.review_state, box: { x: r.x, y: r.y, w: r.w, h: r.h } });
  }
  return out;
}
