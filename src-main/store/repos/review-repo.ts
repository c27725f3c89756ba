import type { BoxPx, ReviewBatchInfo, ReviewTaskInfo, TaskStatus } from "../../../src-preload/api";
import { countByStatus } from "../../core/review/task-status";
import type { Db } from "../db";
import { getImage } from "./images-repo";

interface TaskRow {
  id: number;
  batch_id: number;
  image_id: number;
  position: number;
  score: number | null;
  reasons: string;
  roi: string | null;
  status: TaskStatus;
  annotator: string | null;
  comment: string | null;
  reviewer: string | null;
  review_comment: string | null;
  time_spent_ms: number;
  finished_at: number | null;
  reviewed_at: number | null;
  updated_at: number;
}

function toTask(db: Db, r: TaskRow): ReviewTaskInfo {
  const image = getImage(db, r.image_id);
  if (!image) throw new Error(`review task ${r.id} points at missing image ${r.image_id}`);
  return {
    id: r.id,
    batchId: r.batch_id,
    position: r.position,
    image,
    score: r.score,
    reasons: JSON.parse(r.reasons) as string[],
    roi: r.roi ? (JSON.parse(r.roi) as BoxPx) : null,
    status: r.status,
    annotator: r.annotator,
    comment: r.comment,
    reviewer: r.reviewer,
    reviewComment: r.review_comment,
    timeSpentMs: r.time_spent_ms,
    finishedAt: r.finished_at,
    reviewedAt: r.reviewed_at,
    updatedAt: r.updated_at,
  };
}

export interface NewTask {
  imageId: number;
  score?: number | null | undefined;
  reasons?: readonly string[] | undefined;
  roi?: BoxPx | null | undefined;
}

export function insertBatch(
  db: Db,
  batch: { name: string; source: ReviewBatchInfo["source"]; sourceRef: unknown; modelId: string | null; createdBy: string; now: number },
  tasks: readonly NewTask[],
): number {
  const info = db
    .prepare("INSERT INTO review_batches (name, source, source_ref, model_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)")
    .run(batch.name, batch.source, JSON.stringify(batch.sourceRef ?? null), batch.modelId, batch.createdBy, batch.now);
  const batchId = Number(info.lastInsertRowid);
  const stmt = db.prepare(
    "INSERT INTO review_tasks (batch_id, image_id, position, score, reasons, roi, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  tasks.forEach((t, i) =>
    stmt.run(batchId, t.imageId, i + 1, t.score ?? null, JSON.stringify(t.reasons ?? []), t.roi ? JSON.stringify(t.roi) : null, batch.now),
  );
  return batchId;
}

export function getBatch(db: Db, id: number): ReviewBatchInfo | undefined {
  const r = db.prepare("SELECT * FROM review_batches WHERE id = ?").get(id) as
    | { id: number; name: string; source: ReviewBatchInfo["source"]; model_id: string | null; created_by: string; created_at: number }
    | undefined;
  if (!r) return undefined;
  // counted by SQLite over the (batch, status) index: a 60,000-task batch is not read into JS on every call
  const counts = db.prepare("SELECT status, COUNT(*) AS n FROM review_tasks WHERE batch_id = ? GROUP BY status").all(id) as { status: TaskStatus; n: number }[];
  const byStatus = countByStatus([]);
  let total = 0;
  for (const c of counts) {
    byStatus[c.status] = c.n;
    total += c.n;
  }
  return { id: r.id, name: r.name, source: r.source, modelId: r.model_id, createdBy: r.created_by, createdAt: r.created_at, total, byStatus };
}

export function listBatches(db: Db): ReviewBatchInfo[] {
  const ids = db.prepare("SELECT id FROM review_batches ORDER BY id DESC").all() as { id: number }[];
  return ids.map((r) => getBatch(db, r.id)).filter((b): b is ReviewBatchInfo => b !== undefined);
}

export function listTasks(db: Db, batchId: number, status: TaskStatus | undefined, offset: number, limit: number): { items: ReviewTaskInfo[]; total: number } {
  const cond = status ? "AND status = ?" : "";
  const params: unknown[] = status ? [batchId, status] : [batchId];
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM review_tasks WHERE batch_id = ? ${cond}`).get(...params) as { n: number }).n;
  const rows = db.prepare(`SELECT * FROM review_tasks WHERE batch_id = ? ${cond} ORDER BY position LIMIT ? OFFSET ?`).all(...params, limit, offset) as TaskRow[];
  return { items: rows.map((r) => toTask(db, r)), total };
}

export function getTask(db: Db, id: number): ReviewTaskInfo | undefined {
  const r = db.prepare("SELECT * FROM review_tasks WHERE id = ?").get(id) as TaskRow | undefined;
  return r && toTask(db, r);
}

export function updateTask(
  db: Db,
  id: number,
  patch: Partial<{
    status: TaskStatus;
    annotator: string | null;
    comment: string | null;
    reviewer: string | null;
    reviewComment: string | null;
    addTimeMs: number;
    finishedAt: number | null;
    reviewedAt: number | null;
  }>,
  now: number,
): void {
  const sets: string[] = ["updated_at = ?"];
  const params: unknown[] = [now];
  const put = (col: string, v: unknown) => {
    sets.push(`${col} = ?`);
    params.push(v);
  };
  if (patch.status !== undefined) put("status", patch.status);
  if (patch.annotator !== undefined) put("annotator", patch.annotator);
  if (patch.comment !== undefined) put("comment", patch.comment);
  if (patch.reviewer !== undefined) put("reviewer", patch.reviewer);
  if (patch.reviewComment !== undefined) put("review_comment", patch.reviewComment);
  if (patch.finishedAt !== undefined) put("finished_at", patch.finishedAt);
  if (patch.reviewedAt !== undefined) put("reviewed_at", patch.reviewedAt);
  if (patch.addTimeMs !== undefined) {
    sets.push("time_spent_ms = time_spent_ms + ?");
    params.push(Math.max(0, Math.round(patch.addTimeMs)));
  }
  db.prepare(`UPDATE review_tasks SET ${sets.join(", ")} WHERE id = ?`).run(...params, id);
}
