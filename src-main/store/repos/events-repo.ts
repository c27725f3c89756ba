import type { AuditEvent, EditBatchInfo } from "../../../src-preload/api";
import type { Db } from "../db";

export interface NewEvent {
  batchId: string;
  at: number;
  actor: string;
  entity: AuditEvent["entity"];
  entityId: string;
  imageId: number | null;
  action: AuditEvent["action"];
  before: unknown;
  after: unknown;
  revertsBatchId: string | null;
}

export function insertEvent(db: Db, e: NewEvent): void {
  db.prepare(
    `INSERT INTO events (batch_id, at, actor, entity, entity_id, image_id, action, before, after, reverts_batch)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    e.batchId,
    e.at,
    e.actor,
    e.entity,
    e.entityId,
    e.imageId,
    e.action,
    e.before === null || e.before === undefined ? null : JSON.stringify(e.before),
    e.after === null || e.after === undefined ? null : JSON.stringify(e.after),
    e.revertsBatchId,
  );
}

interface EventRow {
  id: number;
  batch_id: string;
  at: number;
  actor: string;
  entity: AuditEvent["entity"];
  entity_id: string;
  action: AuditEvent["action"];
  before: string | null;
  after: string | null;
}

const toEvent = (r: EventRow): AuditEvent => ({
  id: r.id,
  batchId: r.batch_id,
  at: r.at,
  actor: r.actor,
  entity: r.entity,
  entityId: r.entity_id,
  action: r.action,
  before: r.before === null ? null : (JSON.parse(r.before) as unknown),
  after: r.after === null ? null : (JSON.parse(r.after) as unknown),
});

export function listEventsOfBatch(db: Db, batchId: string): AuditEvent[] {
  return (db.prepare("SELECT * FROM events WHERE batch_id = ? ORDER BY id").all(batchId) as EventRow[]).map(toEvent);
}

export function listEvents(db: Db, filter: { imageId?: number | undefined; batchId?: string | undefined }, limit: number): AuditEvent[] {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (filter.imageId !== undefined) {
    parts.push("image_id = ?");
    params.push(filter.imageId);
  }
  if (filter.batchId !== undefined) {
    parts.push("batch_id = ?");
    params.push(filter.batchId);
  }
  const w = parts.length ? `WHERE ${parts.join(" AND ")}` : "";
  return (db.prepare(`SELECT * FROM events ${w} ORDER BY id DESC LIMIT ?`).all(...params, limit) as EventRow[]).map(toEvent);
}

/** Batches newest first, optionally only those touching an image. */
export function listBatches(db: Db, filter: { imageId?: number | undefined }, limit: number): EditBatchInfo[] {
  const w = filter.imageId !== undefined ? "WHERE batch_id IN (SELECT batch_id FROM events WHERE image_id = ?)" : "";
  const params = filter.imageId !== undefined ? [filter.imageId] : [];
  const rows = db
    .prepare(
      `SELECT batch_id, MIN(at) AS at, MIN(actor) AS actor, MAX(reverts_batch) AS reverts, COUNT(*) AS n,
              GROUP_CONCAT(DISTINCT image_id) AS image_ids, MAX(id) AS last_id
       FROM events ${w} GROUP BY batch_id ORDER BY last_id DESC LIMIT ?`,
    )
    .all(...params, limit) as { batch_id: string; at: number; actor: string; reverts: string | null; n: number; image_ids: string | null }[];
  return rows.map((r) => ({
    batchId: r.batch_id,
    at: r.at,
    actor: r.actor,
    revertsBatchId: r.reverts,
    changeCount: r.n,
    imageIds: r.image_ids ? r.image_ids.split(",").map(Number) : [],
  }));
}

/** True when some later batch reverted this one. */
export function isBatchReverted(db: Db, batchId: string): boolean {
  return db.prepare("SELECT 1 FROM events WHERE reverts_batch = ? LIMIT 1").get(batchId) !== undefined;
}

/** The newest batch (optionally touching an image) that is neither an undo nor already undone. */
export function findLatestUndoableBatch(db: Db, imageId: number | undefined): string | undefined {
  const imageCond = imageId !== undefined ? "AND e.image_id = ?" : "";
  const params = imageId !== undefined ? [imageId] : [];
  const row = db
    .prepare(
      `SELECT e.batch_id FROM events e
       WHERE e.reverts_batch IS NULL ${imageCond}
         AND NOT EXISTS (SELECT 1 FROM events u WHERE u.reverts_batch = e.batch_id)
       ORDER BY e.id DESC LIMIT 1`,
    )
    .get(...params) as { batch_id: string } | undefined;
  return row?.batch_id;
}
