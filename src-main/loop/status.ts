import { hostname } from "node:os";
import type { IterationDetail, IterationInfo, IterationMetrics, LoopConfig, LoopStatusInfo, LoopWaitInfo } from "../../src-preload/api";
import { iterationDir } from "../files/project-layout";
import type { Db } from "../store/db";
import { listEvaluations } from "../store/repos/evaluations-repo";
import { getIteration, getLoopState, latestStepOutputs, listIterations, listSteps, stepOutputs, type IterationRow } from "../store/repos/loop-repo";
import { batchProgress } from "./steps/review-step";

/** A lock whose holder is gone: a dead process on this machine, or no heartbeat for this long from another one. */
export const LOCK_STALE_MS = 60_000;

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Owners of the engines running in this process right now (a lock of this process whose owner is not here is stale). */
export const LIVE_LOCK_OWNERS = new Set<string>();

export function lockIsStale(held: { owner?: string | null; pid: number | null; host: string | null; heartbeat: number | null }, now: number): boolean {
  if (held.pid === null) return true;
  if (held.host === hostname() && held.pid === process.pid) return !(held.owner && LIVE_LOCK_OWNERS.has(held.owner));
  if (held.host === hostname()) return !isProcessAlive(held.pid);
  return held.heartbeat === null || now - held.heartbeat > LOCK_STALE_MS;
}

/** The iteration metrics its decide step stored (null before it decided). */
export const decidedMetrics = (decideOutputs: Record<string, unknown> | null | undefined): IterationMetrics | null =>
  (decideOutputs?.metrics as IterationMetrics | null | undefined) ?? null;

function toInfo(projectDir: string, it: IterationRow, metrics: IterationMetrics | null): IterationInfo {
  return {
    number: it.number,
    state: it.state,
    dryRun: it.dryRun,
    startedAt: it.startedAt,
    finishedAt: it.finishedAt,
    bestModelId: it.bestModelId,
    candidateModelId: it.candidateModelId,
    batchId: it.batchId,
    selectionId: it.selectionId,
    metrics,
    decision: it.decision,
    dir: iterationDir(projectDir, it.number),
  };
}

export function listIterationInfos(db: Db, projectDir: string): IterationInfo[] {
  const decideOutputs = latestStepOutputs(db, "decide");
  return listIterations(db).map((it) => toInfo(projectDir, it, decidedMetrics(decideOutputs.get(it.number))));
}

export function iterationDetail(db: Db, projectDir: string, number: number): IterationDetail | null {
  const it = getIteration(db, number);
  if (!it) return null;
  return {
    ...toInfo(projectDir, it, decidedMetrics(stepOutputs(db, number, "decide"))),
    steps: listSteps(db, number).map((s) => ({ step: s.step, attempt: s.attempt, state: s.state, startedAt: s.startedAt, finishedAt: s.finishedAt, error: s.error, outputs: s.outputs })),
    evaluationIds: listEvaluations(db, { iteration: number }).map((e) => e.id),
  };
}

/** The loop as the app and `loupe loop status` show it, read from the database (whichever process runs it). */
export function readLoopStatus(db: Db, config: LoopConfig | null, now: number): LoopStatusInfo {
  const s = getLoopState(db, now);
  const its = listIterations(db);
  const current = s.iteration === null ? undefined : its.find((i) => i.number === s.iteration);
  const decided = [...its].reverse().find((i) => i.decision);
  const locked = s.lockOwner !== null && !lockIsStale({ owner: s.lockOwner, pid: s.lockPid, host: s.lockHost, heartbeat: s.lockHeartbeat }, now);
  let status = s.status;
  let reason = s.reason;
  if (!locked && (status === "running" || status === "stopping")) {
    status = "stopped";
    reason = `interrupted: the process running the loop ended during ${current?.state ?? "a step"}; resume to go on where it stopped`;
  }
  let waitingFor: LoopWaitInfo | null = null;
  if (current?.state === "review" && current.batchId !== null && config) {
    try {
      const p = batchProgress(db, current.batchId, config.review.approval);
      waitingFor = { batchId: current.batchId, batchName: p.name, total: p.total, left: p.left, approval: config.review.approval, message: p.message };
    } catch {
      waitingFor = null;
    }
  }
  // The best model's metrics: from the iteration that made it the best (promoted it, or the baseline).
  const madeBest = [...its].reverse().find((i) => i.decision && (i.decision.promoted || i.number === 0) && i.decision.bestModelId === s.bestModelId);
  const bestMetrics = madeBest ? decidedMetrics(stepOutputs(db, madeBest.number, "decide")) : null;
  return {
    status,
    iteration: s.iteration,
    step: current?.state ?? null,
    bestModelId: s.bestModelId,
    bestMetrics,
    waitingFor,
    reason,
    lastDecision: decided?.decision ?? null,
    locked,
    lockedBy: locked ? `${s.lockHost}:${s.lockPid}` : null,
    pauseRequested: s.pauseRequested,
    dryRun: current?.dryRun ?? false,
    iterationsDone: its.filter((i) => i.state === "done").length,
  };
}
