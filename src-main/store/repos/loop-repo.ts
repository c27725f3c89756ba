import type { ApiErrorData, LoopDecisionInfo, LoopStatus, LoopStep } from "../../../src-preload/api";
import type { Db } from "../db";

/** The loop's one row of state (created on first use). */
export interface LoopStateRow {
  status: LoopStatus;
  iteration: number | null;
  bestModelId: string | null;
  reason: string | null;
  pauseRequested: boolean;
  lockOwner: string | null;
  lockPid: number | null;
  lockHost: string | null;
  lockHeartbeat: number | null;
  updatedAt: number;
}

export interface IterationRow {
  number: number;
  state: LoopStep | "done";
  bestModelId: string | null;
  candidateModelId: string | null;
  batchId: number | null;
  selectionId: number | null;
  decision: LoopDecisionInfo | null;
  dryRun: boolean;
  startedAt: number;
  finishedAt: number | null;
  updatedAt: number;
}

export interface StepRow {
  iteration: number;
  step: LoopStep;
  attempt: number;
  state: "running" | "done" | "failed" | "cancelled" | "interrupted";
  startedAt: number;
  finishedAt: number | null;
  error: ApiErrorData | null;
  outputs: Record<string, unknown> | null;
}

const json = <T>(v: string | null): T | null => (v === null ? null : (JSON.parse(v) as T));

export function getLoopState(db: Db, now: number): LoopStateRow {
  db.prepare("INSERT OR IGNORE INTO loop_state (id, status, updated_at) VALUES (1, 'idle', ?)").run(now);
  const r = db.prepare("SELECT * FROM loop_state WHERE id = 1").get() as {
    status: LoopStatus; iteration: number | null; best_model_id: string | null; reason: string | null; pause_requested: number;
    lock_owner: string | null; lock_pid: number | null; lock_host: string | null; lock_heartbeat: number | null; updated_at: number;
  };
  return {
    status: r.status,
    iteration: r.iteration,
    bestModelId: r.best_model_id,
    reason: r.reason,
    pauseRequested: r.pause_requested === 1,
    lockOwner: r.lock_owner,
    lockPid: r.lock_pid,
    lockHost: r.lock_host,
    lockHeartbeat: r.lock_heartbeat,
    updatedAt: r.updated_at,
  };
}

export function updateLoopState(
  db: Db,
  patch: Partial<Pick<LoopStateRow, "status" | "iteration" | "bestModelId" | "reason" | "pauseRequested">>,
  now: number,
): void {
  getLoopState(db, now);
  const sets: string[] = ["updated_at = ?"];
  const args: (string | number | null)[] = [now];
  const put = (col: string, v: string | number | null) => {
    sets.push(`${col} = ?`);
    args.push(v);
  };
  if (patch.status !== undefined) put("status", patch.status);
  if (patch.iteration !== undefined) put("iteration", patch.iteration);
  if (patch.bestModelId !== undefined) put("best_model_id", patch.bestModelId);
  if (patch.reason !== undefined) put("reason", patch.reason);
  if (patch.pauseRequested !== undefined) put("pause_requested", patch.pauseRequested ? 1 : 0);
  db.prepare(`UPDATE loop_state SET ${sets.join(", ")} WHERE id = 1`).run(...args);
}

/**
 * Takes the loop's lock for `owner` when it is free or its holder is gone (`isStale` decides); returns the current
 * holder when someone else has it. One transaction, so two processes cannot both win.
 */
export function acquireLoopLock(
  db: Db,
  lock: { owner: string; pid: number; host: string },
  now: number,
  isStale: (held: { owner: string; pid: number | null; host: string | null; heartbeat: number | null }) => boolean,
): { ok: true } | { ok: false; heldBy: string } {
  return db.transaction(() => {
    const s = getLoopState(db, now);
    if (s.lockOwner !== null && s.lockOwner !== lock.owner && !isStale({ owner: s.lockOwner, pid: s.lockPid, host: s.lockHost, heartbeat: s.lockHeartbeat })) {
      return { ok: false as const, heldBy: `${s.lockHost ?? "?"}:${s.lockPid ?? "?"}` };
    }
    db.prepare("UPDATE loop_state SET lock_owner = ?, lock_pid = ?, lock_host = ?, lock_heartbeat = ?, updated_at = ? WHERE id = 1").run(
      lock.owner, lock.pid, lock.host, now, now,
    );
    return { ok: true as const };
  })();
}

export function heartbeatLoopLock(db: Db, owner: string, now: number): void {
  db.prepare("UPDATE loop_state SET lock_heartbeat = ? WHERE id = 1 AND lock_owner = ?").run(now, owner);
}

export function releaseLoopLock(db: Db, owner: string): void {
  db.prepare("UPDATE loop_state SET lock_owner = NULL, lock_pid = NULL, lock_host = NULL, lock_heartbeat = NULL WHERE id = 1 AND lock_owner = ?").run(owner);
}

interface IterRaw {
  number: number; state: string; best_model_id: string | null; candidate_model_id: string | null; batch_id: number | null;
  selection_id: number | null; decision: string | null; dry_run: number; started_at: number; finished_at: number | null; updated_at: number;
}

function toIteration(r: IterRaw): IterationRow {
  return {
    number: r.number,
    state: r.state as IterationRow["state"],
    bestModelId: r.best_model_id,
    candidateModelId: r.candidate_model_id,
    batchId: r.batch_id,
    selectionId: r.selection_id,
    decision: json<LoopDecisionInfo>(r.decision),
    dryRun: r.dry_run === 1,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    updatedAt: r.updated_at,
  };
}

export function insertIteration(db: Db, it: { number: number; state: LoopStep; bestModelId: string | null; dryRun: boolean }, now: number): void {
  db.prepare("INSERT INTO iterations (number, state, best_model_id, dry_run, started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)").run(
    it.number, it.state, it.bestModelId, it.dryRun ? 1 : 0, now, now,
  );
}

export function getIteration(db: Db, number: number): IterationRow | undefined {
  const r = db.prepare("SELECT * FROM iterations WHERE number = ?").get(number) as IterRaw | undefined;
  return r && toIteration(r);
}

export function listIterations(db: Db): IterationRow[] {
  return (db.prepare("SELECT * FROM iterations ORDER BY number").all() as IterRaw[]).map(toIteration);
}

export function updateIteration(
  db: Db,
  number: number,
  patch: Partial<Pick<IterationRow, "state" | "candidateModelId" | "batchId" | "selectionId" | "decision" | "finishedAt" | "dryRun">>,
  now: number,
): void {
  const sets: string[] = ["updated_at = ?"];
  const args: (string | number | null)[] = [now];
  const put = (col: string, v: string | number | null) => {
    sets.push(`${col} = ?`);
    args.push(v);
  };
  if (patch.state !== undefined) put("state", patch.state);
  if (patch.candidateModelId !== undefined) put("candidate_model_id", patch.candidateModelId);
  if (patch.batchId !== undefined) put("batch_id", patch.batchId);
  if (patch.selectionId !== undefined) put("selection_id", patch.selectionId);
  if (patch.decision !== undefined) put("decision", patch.decision === null ? null : JSON.stringify(patch.decision));
  if (patch.finishedAt !== undefined) put("finished_at", patch.finishedAt);
  if (patch.dryRun !== undefined) put("dry_run", patch.dryRun ? 1 : 0);
  args.push(number);
  db.prepare(`UPDATE iterations SET ${sets.join(", ")} WHERE number = ?`).run(...args);
}

interface StepRaw {
  iteration: number; step: string; attempt: number; state: StepRow["state"]; started_at: number; finished_at: number | null; error: string | null; outputs: string | null;
}

function toStep(r: StepRaw): StepRow {
  return {
    iteration: r.iteration,
    step: r.step as LoopStep,
    attempt: r.attempt,
    state: r.state,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    error: json<ApiErrorData>(r.error),
    outputs: json<Record<string, unknown>>(r.outputs),
  };
}

/** Opens a new attempt of a step (the previous attempts stay as history) and returns its number. */
export function beginStep(db: Db, iteration: number, step: LoopStep, now: number): number {
  const prev = db.prepare("SELECT MAX(attempt) AS n FROM iteration_steps WHERE iteration = ? AND step = ?").get(iteration, step) as { n: number | null };
  const attempt = (prev.n ?? 0) + 1;
  db.prepare("INSERT INTO iteration_steps (iteration, step, attempt, state, started_at) VALUES (?, ?, ?, 'running', ?)").run(iteration, step, attempt, now);
  return attempt;
}

export function finishStep(
  db: Db,
  key: { iteration: number; step: LoopStep; attempt: number },
  end: { state: Exclude<StepRow["state"], "running">; error?: ApiErrorData | null; outputs?: Record<string, unknown> | null },
  now: number,
): void {
  db.prepare("UPDATE iteration_steps SET state = ?, finished_at = ?, error = ?, outputs = ? WHERE iteration = ? AND step = ? AND attempt = ?").run(
    end.state, now, end.error ? JSON.stringify(end.error) : null, end.outputs ? JSON.stringify(end.outputs) : null, key.iteration, key.step, key.attempt,
  );
}

/** Steps left "running" by a process that is gone become "interrupted" (their work is redone idempotently). */
export function markInterruptedSteps(db: Db, now: number): number {
  return db.prepare("UPDATE iteration_steps SET state = 'interrupted', finished_at = ? WHERE state = 'running'").run(now).changes;
}

export function listSteps(db: Db, iteration: number): StepRow[] {
  return (db.prepare("SELECT * FROM iteration_steps WHERE iteration = ? ORDER BY started_at, step, attempt").all(iteration) as StepRaw[]).map(toStep);
}

/** The last successful outputs of a step of an iteration. */
export function stepOutputs(db: Db, iteration: number, step: LoopStep): Record<string, unknown> | null {
  const r = db.prepare("SELECT outputs FROM iteration_steps WHERE iteration = ? AND step = ? AND state = 'done' ORDER BY attempt DESC LIMIT 1").get(iteration, step) as { outputs: string | null } | undefined;
  return r ? json<Record<string, unknown>>(r.outputs) : null;
}

/** `stepOutputs` of every iteration at once, by iteration number (iterations without a done `step` are absent). */
export function latestStepOutputs(db: Db, step: LoopStep): Map<number, Record<string, unknown> | null> {
  const rows = db.prepare("SELECT iteration, outputs FROM iteration_steps WHERE step = ? AND state = 'done' ORDER BY iteration, attempt").all(step) as { iteration: number; outputs: string | null }[];
  // the last attempt of an iteration wins, as in stepOutputs
  return new Map(rows.map((r) => [r.iteration, json<Record<string, unknown>>(r.outputs)]));
}

/** A model trained by the loop for an iteration (so a resumed train step never trains twice). */
export function findIterationModel(db: Db, iteration: number): string | null {
  const r = db.prepare("SELECT id FROM models WHERE training IS NOT NULL AND json_extract(training, '$.iteration') = ? ORDER BY created_at DESC LIMIT 1").get(iteration) as { id: string } | undefined;
  return r?.id ?? null;
}
