import type { ImageInfo, ImageStatus, Split } from "../../../src-preload/api";
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
  search?: string | undefined;
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
  if (filter.classId !== undefined) {
    parts.push("EXISTS (SELECT 1 FROM labels l WHERE l.image_id = i.id AND l.class_id = ?)");
    params.push(filter.classId);
  }
  if (filter.search) {
    parts.push("i.rel_path LIKE ? ESCAPE '\\'");
    params.push(`%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  return { sql: parts.length ? ` WHERE ${parts.join(" AND ")}` : "", params };
}

export function listImages(db: Db, filter: ImageFilter, offset: number, limit: number): { items: ImageInfo[]; total: number } {
  const w = where(filter);
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM images i${w.sql}`).get(...w.params) as { n: number }).n;
  const rows = db.prepare(`${SELECT}${w.sql} ORDER BY i.id LIMIT ? OFFSET ?`).all(...w.params, limit, offset) as ImageRow[];
  return { items: rows.map(toImage), total };
}

export function getImage(db: Db, id: number): ImageInfo | undefined {
  const r = db.prepare(`${SELECT} WHERE i.id = ?`).get(id) as ImageRow | undefined;
  return r && toImage(r);
}

export function getImagesByIds(db: Db, ids: readonly number[]): ImageInfo[] {
  return ids.map((id) => getImage(db, id)).filter((x): x is ImageInfo => x !== undefined);
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
