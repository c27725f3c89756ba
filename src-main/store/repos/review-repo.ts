import type { AssigneeProgress, BoxPx, ReviewBatchInfo, ReviewTaskInfo, TaskStatus } from "../../../src-preload/api";
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
  assignee: string | null;
  annotator: string | null;
  comment: string | null;
  reviewer: string | null;
  review_comment: string | null;
  review_region: string | null;
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
    assignee: r.assignee,
    annotator: r.annotator,
    comment: r.comment,
    reviewer: r.reviewer,
    reviewComment: r.review_comment,
    reviewRegion: r.review_region ? (JSON.parse(r.review_region) as BoxPx) : null,
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
  assignee?: string | null | undefined;
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
    "INSERT INTO review_tasks (batch_id, image_id, position, score, reasons, roi, assignee, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  tasks.forEach((t, i) =>
    stmt.run(batchId, t.imageId, i + 1, t.score ?? null, JSON.stringify(t.reasons ?? []), t.roi ? JSON.stringify(t.roi) : null, t.assignee ?? null, batch.now),
  );
  return batchId;
}

export function getBatch(db: Db, id: number): ReviewBatchInfo | undefined {
  const r = db.prepare("SELECT * FROM review_batches WHERE id = ?").get(id) as
    | { id: number; name: string; source: ReviewBatchInfo["source"]; source_ref: string | null; model_id: string | null; created_by: string; created_at: number }
    | undefined;
  if (!r) return undefined;
  const rows = db.prepare("SELECT status, assignee, time_spent_ms FROM review_tasks WHERE batch_id = ? ORDER BY position").all(id) as {
    status: TaskStatus;
    assignee: string | null;
    time_spent_ms: number;
  }[];
  return {
    id: r.id,
    name: r.name,
    source: r.source,
    modelId: r.model_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    total: rows.length,
    byStatus: countByStatus(rows.map((s) => s.status)),
    scoreMeaning: scoreMeaningOf(r.source, r.source_ref),
    byAssignee: progressByAssignee(rows),
  };
}

/** Batches made from a validation run's errors score each task by its number of errors. */
function scoreMeaningOf(source: ReviewBatchInfo["source"], ref: string | null): ReviewBatchInfo["scoreMeaning"] {
  let parsed: unknown;
  try {
    parsed = ref ? JSON.parse(ref) : null;
  } catch {
    parsed = null;
  }
  if (parsed && typeof parsed === "object" && (parsed as { errors?: unknown }).errors !== undefined) return "errors";
  return source === "selection" ? "hardness" : null;
}

function progressByAssignee(rows: readonly { status: TaskStatus; assignee: string | null; time_spent_ms: number }[]): AssigneeProgress[] {
  const by = new Map<string | null, AssigneeProgress>();
  for (const t of rows) {
    const p = by.get(t.assignee) ?? { assignee: t.assignee, total: 0, finished: 0, approved: 0, rejected: 0, timeSpentMs: 0 };
    p.total += 1;
    if (t.status !== "pending") p.finished += 1;
    if (t.status === "approved") p.approved += 1;
    if (t.status === "rejected") p.rejected += 1;
    p.timeSpentMs += t.time_spent_ms;
    by.set(t.assignee, p);
  }
  // nobody's tasks last
  return [...by.values()].sort((a, b) => Number(a.assignee === null) - Number(b.assignee === null));
}

/** Sets the assignee of each listed task (ids and names in the same order). Runs inside the caller's transaction. */
export function setAssignees(db: Db, taskIds: readonly number[], assignees: readonly (string | null)[], now: number): void {
  const stmt = db.prepare("UPDATE review_tasks SET assignee = ?, updated_at = ? WHERE id = ?");
  taskIds.forEach((taskId, i) => stmt.run(assignees[i] ?? null, now, taskId));
}

/** Ids of a batch's tasks in order, optionally only those with a status. */
export function listTaskIds(db: Db, batchId: number, status?: TaskStatus): number[] {
  const rows = (status
    ? db.prepare("SELECT id FROM review_tasks WHERE batch_id = ? AND status = ? ORDER BY position").all(batchId, status)
    : db.prepare("SELECT id FROM review_tasks WHERE batch_id = ? ORDER BY position").all(batchId)) as { id: number }[];
  return rows.map((r) => r.id);
}

export function listBatches(db: Db): ReviewBatchInfo[] {
  const ids = db.prepare("SELECT id FROM review_batches ORDER BY id DESC").all() as { id: number }[];
  return ids.map((r) => getBatch(db, r.id)).filter((b): b is ReviewBatchInfo => b !== undefined);
}

/** A page of a batch's tasks in order; `assignee` "" keeps the unassigned ones. */
export function listTasks(
  db: Db,
  batchId: number,
  filter: { status?: TaskStatus | undefined; assignee?: string | undefined },
  offset: number,
  limit: number,
): { items: ReviewTaskInfo[]; total: number } {
  const conds = ["batch_id = ?"];
  const params: unknown[] = [batchId];
  if (filter.status) {
    conds.push("status = ?");
    params.push(filter.status);
  }
  if (filter.assignee !== undefined) {
    if (filter.assignee === "") conds.push("assignee IS NULL");
    else {
      conds.push("assignee = ?");
      params.push(filter.assignee);
    }
  }
  const where = conds.join(" AND ");
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM review_tasks WHERE ${where}`).get(...params) as { n: number }).n;
  const rows = db.prepare(`SELECT * FROM review_tasks WHERE ${where} ORDER BY position LIMIT ? OFFSET ?`).all(...params, limit, offset) as TaskRow[];
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
    reviewRegion: BoxPx | null;
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
  if (patch.reviewRegion !== undefined) put("review_region", patch.reviewRegion ? JSON.stringify(patch.reviewRegion) : null);
  if (patch.finishedAt !== undefined) put("finished_at", patch.finishedAt);
  if (patch.reviewedAt !== undefined) put("reviewed_at", patch.reviewedAt);
  if (patch.addTimeMs !== undefined) {
    sets.push("time_spent_ms = time_spent_ms + ?");
    params.push(Math.max(0, Math.round(patch.addTimeMs)));
  }
  db.prepare(`UPDATE review_tasks SET ${sets.join(", ")} WHERE id = ?`).run(...params, id);
}
