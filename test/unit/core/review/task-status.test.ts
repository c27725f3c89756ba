import { describe, expect, it } from "vitest";
import { countByStatus, nextTaskStatus, type TaskAction, type TaskStatus } from "../../../../src-main/core/review/task-status";

const finish = (outcome: "done" | "skipped" | "flagged"): TaskAction => ({ kind: "finish", outcome });
const decide = (decision: "approved" | "rejected"): TaskAction => ({ kind: "decide", decision });
const reopen: TaskAction = { kind: "reopen" };

describe("review task moves", () => {
  it.each<[TaskStatus, TaskAction, TaskStatus]>([
    ["pending", finish("done"), "done"],
    ["pending", finish("skipped"), "skipped"],
    ["pending", finish("flagged"), "flagged"],
    ["rejected", finish("done"), "done"],
    ["skipped", finish("done"), "done"],
    ["done", decide("approved"), "approved"],
    ["done", decide("rejected"), "rejected"],
    ["flagged", decide("rejected"), "rejected"],
    ["approved", decide("rejected"), "rejected"],
    ["approved", reopen, "pending"],
    ["done", reopen, "pending"],
  ])("%s --%j--> %s", (from, action, to) => {
    expect(nextTaskStatus(from, action)).toEqual({ ok: true, status: to });
  });

  it.each<[TaskStatus, TaskAction, string]>([
    ["pending", decide("approved"), "a pending task cannot be moved to approved"],
    ["skipped", decide("approved"), "a skipped task cannot be moved to approved"],
    ["approved", finish("done"), "an approved task cannot be moved to done"],
    ["pending", reopen, "a pending task cannot be reopened"],
  ])("refuses %s --%j--> with a reason", (from, action, reason) => {
    expect(nextTaskStatus(from, action)).toEqual({ ok: false, reason });
  });

  it("counts every status, zeros included", () => {
    expect(countByStatus(["done", "done", "pending"])).toEqual({ pending: 1, done: 2, skipped: 0, flagged: 0, approved: 0, rejected: 0 });
  });
});
