import type { ImageStatus, LabelFlags, LabelSource, Split } from "../../../src-preload/api";
import type { Db } from "../db";

/** Known images by content hash and by location, loaded once per import so each file is matched without a query. */
export interface KnownImages {
  byHash: Map<string, { id: number; rootId: number; relPath: string }>;
  byLocation: Map<string, { id: number; contentHash: string }>;
}

export const locationKey = (rootId: number, relPath: string): string => `${rootId}\u0000${relPath}`;

export function loadKnownImages(db: Db): KnownImages {
  const rows = db.prepare("SELECT id, root_id, rel_path, content_hash FROM images ORDER BY id").all() as {
    id: number;
    root_id: number;
    rel_path: string;
    content_hash: string;
  }[];
  const byHash: KnownImages["byHash"] = new Map();
  const byLocation: KnownImages["byLocation"] = new Map();
  for (const r of rows) {
    if (!byHash.has(r.content_hash)) byHash.set(r.content_hash, { id: r.id, rootId: r.root_id, relPath: r.rel_path });
    byLocation.set(locationKey(r.root_id, r.rel_path), { id: r.id, contentHash: r.content_hash });
  }
  return { byHash, byLocation };
}

export interface ImportedLabel {
  id: string;
  classId: number;
  x: number;
  y: number;
  w: number;
  h: number;
  flags: LabelFlags;
}

/** Prepared statements for writing an import batch (compiled once per import, not per row). */
export function createImportWriter(db: Db) {
  const insImage = db.prepare(
    `INSERT INTO images (root_id, rel_path, size_bytes, content_hash, width, height, split, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insLabel = db.prepare(
    `INSERT INTO labels (id, image_id, class_id, x, y, w, h, source, author, review_state, iscrowd, difficult, truncated, score, created_at, updated_at, version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, NULL, ?, ?, 1)`,
  );
  const relink = db.prepare("UPDATE images SET root_id = ?, rel_path = ?, updated_at = ? WHERE id = ?");
  return {
    insertImage(img: { rootId: number; relPath: string; sizeBytes: number; contentHash: string; width: number; height: number; split: Split; status: ImageStatus }, now: number): number {
      return Number(insImage.run(img.rootId, img.relPath, img.sizeBytes, img.contentHash, img.width, img.height, img.split, img.status, now, now).lastInsertRowid);
    },
    insertLabel(imageId: number, l: ImportedLabel, source: LabelSource, author: string, now: number): void {
      insLabel.run(l.id, imageId, l.classId, l.x, l.y, l.w, l.h, source, author, l.flags.iscrowd ? 1 : 0, l.flags.difficult ? 1 : 0, l.flags.truncated ? 1 : 0, now, now);
    },
    relinkImage(id: number, rootId: number, relPath: string, now: number): void {
      relink.run(rootId, relPath, now, id);
    },
  };
}

export function insertImportRecord(db: Db, r: { createdAt: number; format: string; source: string; report: unknown }): number {
  return Number(db.prepare("INSERT INTO imports (created_at, format, source, report) VALUES (?, ?, ?, ?)").run(r.createdAt, r.format, r.source, JSON.stringify(r.report)).lastInsertRowid);
}

export interface ExportRecord {
  id: number;
  createdAt: number;
  format: "yolo" | "coco" | "voc" | "csv";
  outDir: string;
  filter: unknown;
  imageCount: number;
  labelCount: number;
  counts: unknown;
}

export function insertExportRecord(db: Db, r: Omit<ExportRecord, "id">): number {
  return Number(
    db
      .prepare("INSERT INTO exports (created_at, format, out_dir, filter, image_count, label_count, counts) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .run(r.createdAt, r.format, r.outDir, JSON.stringify(r.filter), r.imageCount, r.labelCount, JSON.stringify(r.counts)).lastInsertRowid,
  );
}

export function listExportRecords(db: Db, limit: number): ExportRecord[] {
  const rows = db.prepare("SELECT * FROM exports ORDER BY created_at DESC, id DESC LIMIT ?").all(limit) as {
    id: number;
    created_at: number;
    format: ExportRecord["format"];
    out_dir: string;
    filter: string;
    image_count: number;
    label_count: number;
    counts: string;
  }[];
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    format: r.format,
    outDir: r.out_dir,
    filter: JSON.parse(r.filter) as unknown,
    imageCount: r.image_count,
    labelCount: r.label_count,
    counts: JSON.parse(r.counts) as unknown,
  }));
}

export function lastExportTime(db: Db): number | null {
  const r = db.prepare("SELECT MAX(created_at) AS t FROM exports").get() as { t: number | null };
  return r.t;
}

/** One exportable image row with its location (root path + relative path). */
export interface ExportRow {
  id: number;
  rootPath: string;
  relPath: string;
  contentHash: string;
  width: number;
  height: number;
  split: Split;
  status: ImageStatus;
  lastChange: number;
}

/** Labeled and confirmed-empty images (optionally of one split), in id order, with the time of their last change. */
export function listExportableImages(db: Db, split: Split | undefined): ExportRow[] {
  return db
    .prepare(
      `SELECT i.id, r.path AS rootPath, i.rel_path AS relPath, i.content_hash AS contentHash, i.width, i.height, i.split, i.status,
         MAX(i.updated_at, COALESCE((SELECT MAX(l.updated_at) FROM labels l WHERE l.image_id = i.id), 0)) AS lastChange
       FROM images i JOIN data_roots r ON r.id = i.root_id
       WHERE i.status IN ('labeled', 'empty') ${split ? "AND i.split = ?" : ""}
       ORDER BY i.id`,
    )
    .all(...(split ? [split] : [])) as ExportRow[];
}

/** Every label of the given images, grouped by image id (one query). */
export function listLabelsOfImages(db: Db): Map<number, { classId: number; x: number; y: number; w: number; h: number; reviewState: string; flags: LabelFlags }[]> {
  const rows = db.prepare("SELECT image_id, class_id, x, y, w, h, review_state, iscrowd, difficult, truncated FROM labels ORDER BY image_id, created_at, rowid").all() as {
    image_id: number;
    class_id: number;
    x: number;
    y: number;
    w: number;
    h: number;
    review_state: string;
    iscrowd: number;
    difficult: number;
    truncated: number;
  }[];
  const out = new Map<number, { classId: number; x: number; y: number; w: number; h: number; reviewState: string; flags: LabelFlags }[]>();
  for (const r of rows) {
    const flags: LabelFlags = {};
    if (r.iscrowd) flags.iscrowd = true;
    if (r.difficult) flags.difficult = true;
    if (r.truncated) flags.truncated = true;
    const l = { classId: r.class_id, x: r.x, y: r.y, w: r.w, h: r.h, reviewState: r.review_state, flags };
    const list = out.get(r.image_id);
    if (list) list.push(l);
    else out.set(r.image_id, [l]);
  }
  return out;
}
