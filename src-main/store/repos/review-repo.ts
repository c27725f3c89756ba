import type { AssigneeProgress, BoxPx, ImageInfo, ReviewBatchInfo, ReviewTaskInfo, TaskStatus } from "../../../src-preload/api";
import { countByStatus } from "../../core/review/task-status";
import type { Db } from "../db";
import { getImage, getImagesByIds } from "./images-repo";

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

function toTask(r: TaskRow, image: ImageInfo | undefined): ReviewTaskInfo {
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

interface BatchRow {
  id: number;
  name: string;
  source: ReviewBatchInfo["source"];
  source_ref: string | null;
  model_id: string | null;
  created_by: string;
  created_at: number;
}

/** A batch with its progress: counts per status and per assignee come from one grouped query, not from every task. */
export function getBatch(db: Db, id: number): ReviewBatchInfo | undefined {
  const r = db.prepare("SELECT * FROM review_batches WHERE id = ?").get(id) as BatchRow | undefined;
  if (!r) return undefined;
  const groups = db
    .prepare(
      `SELECT status, assignee, COUNT(*) AS n, SUM(time_spent_ms) AS ms, MIN(position) AS first FROM review_tasks
       WHERE batch_id = ? GROUP BY status, assignee`,
    )
    .all(id) as TaskGroup[];
  const byStatus = countByStatus([]);
  for (const g of groups) byStatus[g.status] += g.n;
  return {
    id: r.id,
    name: r.name,
    source: r.source,
    modelId: r.model_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    total: groups.reduce((s, g) => s + g.n, 0),
    byStatus,
    scoreMeaning: scoreMeaningOf(r.source, r.source_ref),
    byAssignee: progressByAssignee(groups),
  };
}

/** Whether a review batch exists (one probe; `getBatch` also counts its tasks). */
export function batchExists(db: Db, id: number): boolean {
  return db.prepare("SELECT 1 FROM review_batches WHERE id = ?").get(id) !== undefined;
}

/** The model whose predictions a batch shows (null: none, or no such batch). */
export function batchModelId(db: Db, id: number): string | null {
  return (db.prepare("SELECT model_id FROM review_batches WHERE id = ?").pluck().get(id) as string | null | undefined) ?? null;
}

/** Tasks of a batch with one status and assignee: how many, their time, and the first position among them. */
interface TaskGroup {
  status: TaskStatus;
  assignee: string | null;
  n: number;
  ms: number;
  first: number;
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

/** Progress per assignee, in the order their first task comes in the batch; nobody's tasks last. */
function progressByAssignee(groups: readonly TaskGroup[]): AssigneeProgress[] {
  const by = new Map<string | null, AssigneeProgress & { first: number }>();
  for (const g of groups) {
    const p = by.get(g.assignee) ?? { assignee: g.assignee, total: 0, finished: 0, approved: 0, rejected: 0, timeSpentMs: 0, first: g.first };
    p.total += g.n;
    if (g.status !== "pending") p.finished += g.n;
    if (g.status === "approved") p.approved += g.n;
    if (g.status === "rejected") p.rejected += g.n;
    p.timeSpentMs += g.ms;
    p.first = Math.min(p.first, g.first);
    by.set(g.assignee, p);
  }
  return [...by.values()]
    .sort((a, b) => Number(a.assignee === null) - Number(b.assignee === null) || a.first - b.first)
    .map(({ first: _first, ...p }) => p);
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
  const images = new Map(getImagesByIds(db, rows.map((r) => r.image_id)).map((i) => [i.id, i]));
  return { items: rows.map((r) => toTask(r, images.get(r.image_id))), total };
}

export function getTask(db: Db, id: number): ReviewTaskInfo | undefined {
  const r = db.prepare("SELECT * FROM review_tasks WHERE id = ?").get(id) as TaskRow | undefined;
  return r && toTask(r, getImage(db, r.image_id));
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
