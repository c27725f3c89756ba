import { TASK_STATUSES, type TaskStatus } from "../../../src-preload/api";

/**
 * Review task states and the moves between them (pure). An annotator finishes a task as done, skipped or flagged;
 * a reviewer approves or rejects a finished task; a rejected or skipped task can be finished again; any finished
 * task can be reopened to pending.
 */

export { TASK_STATUSES, type TaskStatus };

export type TaskAction =
  | { kind: "finish"; outcome: "done" | "skipped" | "flagged" }
  | { kind: "decide"; decision: "approved" | "rejected" }
  | { kind: "reopen" };

/** Which states each action may start from. */
const ALLOWED_FROM: Record<TaskAction["kind"], readonly TaskStatus[]> = {
  finish: ["pending", "done", "skipped", "flagged", "rejected"],
  decide: ["done", "flagged", "approved", "rejected"],
  reopen: ["done", "skipped", "flagged", "approved", "rejected"],
};

/**
 * The state after `action`, or an explanation of why the move is not allowed.
 *
 * @example nextTaskStatus("pending", { kind: "finish", outcome: "done" }) // → { ok: true, status: "done" }
 * @example nextTaskStatus("pending", { kind: "decide", decision: "approved" }) // → { ok: false, reason: … }
 */
export function nextTaskStatus(current: TaskStatus, action: TaskAction): { ok: true; status: TaskStatus } | { ok: false; reason: string } {
  if (!ALLOWED_FROM[action.kind].includes(current)) {
    const verb = action.kind === "finish" ? `finish as ${action.outcome}` : action.kind === "decide" ? `mark ${action.decision}` : "reopen";
    return { ok: false, reason: `${current === "approved" ? "an" : "a"} ${current} task cannot be ${verb === "reopen" ? "reopened" : `moved to ${verb.split(" ").pop()}`}` };
  }
  switch (action.kind) {
    case "finish":
      return { ok: true, status: action.outcome };
    case "decide":
      return { ok: true, status: action.decision };
    case "reopen":
      return { ok: true, status: "pending" };
  }
}

/** Counts per status with every status present (zeros included). */
export function countByStatus(statuses: readonly TaskStatus[]): Record<TaskStatus, number> {
  const out = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
  for (const s of statuses) out[s] += 1;
  return out;
}
