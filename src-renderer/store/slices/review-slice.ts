import type {
  BoxPx,
  LabelEdit,
  PredictionDecision,
  ReviewBatchInfo,
  ReviewTaskInfo,
  Split,
  TaskStatus,
} from "../../../src-preload/api";
import { call, errorMessage } from "../../api/client";
import { selectAnnotatorName, selectReviewScoreThreshold } from "../selectors";
import type { SliceCreator } from "../types";

export type ReviewMode = "annotate" | "review";

/** Whose tasks the queue shows: everyone's, one person's, or the unassigned ones. */
export type QueueOwner = { kind: "all" } | { kind: "person"; name: string } | { kind: "unassigned" };

/** What Enter stores with the task: the annotator's last edit (what it accepted and rejected). */
export interface TaskEdit {
  edits: LabelEdit[];
  predictionDecisions: PredictionDecision[];
}

export interface ReviewSlice {
  batches: ReviewBatchInfo[];
  batchId: number | null;
  /** null: the mode's default (everything to annotate; "done" to approve); "all": no filter. */
  statusFilter: TaskStatus | "all" | null;
  queueOwner: QueueOwner;
  /** The loaded page of the queue (at most TASK_PAGE tasks), from position `tasksOffset` of `tasksTotal`. */
  tasks: ReviewTaskInfo[];
  tasksOffset: number;
  tasksTotal: number;
  /** Index of the open task within `tasks`. */
  taskIndex: number;
  mode: ReviewMode;
  reviewError: string | null;
  /** When the current task was opened (ms), for the time-spent total. */
  taskOpenedAt: number;
  /** The comment being typed for the current task (sent with Done, Skip, Flag, Approve, Reject). */
  commentDraft: string;
  /** The task whose approval was held back once because predictions on it are still pending. */
  approveWarningTaskId: number | null;
  /** What a rejection is pinned to: the selected box, what is on screen, an area the reviewer draws, or nothing. */
  issuePin: "selected" | "view" | "drawn" | "none";
  /** The area the reviewer drew for the rejection of the current task. */
  issueDraft: BoxPx | null;
  setIssuePin(pin: ReviewSlice["issuePin"]): void;
  setIssueDraft(rect: BoxPx | null): void;
  /** Loads the batches with the settings and models the review reads (their slices keep them), then opens the first batch. */
  loadBatches(): Promise<void>;
  createBatchFromFilter(name: string, split: Split | null, modelId: string | null, annotators?: string[]): Promise<void>;
  selectBatch(batchId: number): Promise<void>;
  setStatusFilter(status: TaskStatus | "all" | null): Promise<void>;
  setQueueOwner(owner: QueueOwner): Promise<void>;
  setMode(mode: ReviewMode): Promise<void>;
  /** Opens task `index` of the loaded page; one past either end opens the neighbouring page's first or last task. */
  goToTask(index: number): void;
  /** Opens the task at 0-based position `n` of the whole queue, loading its page when it is not the loaded one. */
  goToQueuePosition(n: number): void;
  /**
   * Opens the task of an image seen in this queue, on whichever page it is (undo and redo reaching an earlier image);
   * resolves whether it is on screen now.
   */
  openTaskOfImage(imageId: number): Promise<boolean>;
  setCommentDraft(text: string): void;
  /** Stores who is annotating (Settings.annotatorName, in the settings slice). */
  setAnnotatorName(name: string): Promise<void>;
  assignBatch(annotators: string[], mode: "round-robin" | "counts", counts?: number[]): Promise<void>;
  /** Finishes the current task and opens the next at once; `after` (the canvas's pending saves) is awaited before storing. */
  finishTask(outcome: "done" | "skipped" | "flagged", after?: Promise<void>): Promise<void>;
  /**
   * Stores a task as done with the edit Enter made, in one transaction; throws when it was not stored (the canvas
   * then takes the edit back). `acceptAbove` settles whatever the canvas did not show.
   */
  submitTask(taskId: number, edit: TaskEdit, extra: { timeSpentMs: number; acceptAbove: number; comment: string }): Promise<void>;
  /** Takes a finished task back to pending with the edit that undoes Enter's (undo); throws when not stored. */
  reopenTask(taskId: number, edit: TaskEdit): Promise<void>;
  decideTask(decision: "approved" | "rejected", region?: BoxPx | null, after?: Promise<void>): Promise<void>;
  holdApproval(taskId: number | null): void;
  /** Forgets the batches, queue and drafts (another project was opened, or none). */
  resetReview(): void;
}

/** Tasks per loaded page of the queue: a 60,000-task batch is read a page at a time as the annotator moves on. */
export const TASK_PAGE = 1000;

/** The review's data: what a new project starts from. */
const EMPTY = {
  batches: [],
  batchId: null,
  statusFilter: null,
  queueOwner: { kind: "all" },
  tasks: [],
  tasksOffset: 0,
  tasksTotal: 0,
  taskIndex: 0,
  mode: "annotate",
  reviewError: null,
  taskOpenedAt: 0,
  commentDraft: "",
  approveWarningTaskId: null,
  issuePin: "selected",
  issueDraft: null,
} satisfies Partial<ReviewSlice>;

export const createReviewSlice: SliceCreator<ReviewSlice> = (set, get) => {
  const guard = async (name: string, work: () => Promise<void>) => {
    try {
      await work();
      set((s) => void (s.reviewError = null), false, `review/${name}`);
    } catch (err) {
      set((s) => void (s.reviewError = errorMessage(err)), false, `review/${name}Failed`);
    }
  };
  /** Another task is on screen: its clock starts, and the comment, a held approval and a drawn area start afresh. */
  const openedFresh = (s: Pick<ReviewSlice, "taskOpenedAt" | "commentDraft" | "approveWarningTaskId" | "issueDraft">) => {
    s.taskOpenedAt = Date.now();
    s.commentDraft = "";
    s.approveWarningTaskId = null;
    s.issueDraft = null;
  };
  let loadSeq = 0;
  /** Where each image's task was seen in the queue as it is filtered now: image id → its task and 0-based position. */
  const seenAt = new Map<number, { taskId: number; position: number }>();
  let seenQueue = "";
  /**
   * Loads the page of the queue from `offset`, keeping the task `keepTaskId` open when it is in it, else opening
   * `open` (an index in the page, or its last task). Only the latest request's answer is kept.
   */
  const loadTasks = async (keepTaskId: number | null = null, offset = 0, open: number | "last" | null = null) => {
    const { batchId, statusFilter, mode, queueOwner } = get();
    if (batchId === null) return;
    const seq = ++loadSeq;
    const status = statusFilter === "all" ? undefined : (statusFilter ?? (mode === "review" ? "done" : undefined));
    const assignee = queueOwner.kind === "person" ? queueOwner.name : queueOwner.kind === "unassigned" ? "" : undefined;
    const page = await call("review", "tasks", { batchId, ...(status ? { status } : {}), ...(assignee !== undefined ? { assignee } : {}), offset, limit: TASK_PAGE });
    if (seq !== loadSeq) return;
    // positions hold for one queue: another batch, status or owner numbers its tasks afresh
    const queue = JSON.stringify([batchId, status ?? null, assignee ?? null]);
    if (queue !== seenQueue) seenAt.clear();
    seenQueue = queue;
    for (const [k, t] of page.items.entries()) seenAt.set(t.image.id, { taskId: t.id, position: page.offset + k });
    set(
      (s) => {
        s.tasks = page.items;
        s.tasksOffset = page.offset;
        s.tasksTotal = page.total;
        const kept = keepTaskId === null ? -1 : page.items.findIndex((t) => t.id === keepTaskId);
        const last = Math.max(0, page.items.length - 1);
        s.taskIndex = kept >= 0 ? kept : open === "last" ? last : open !== null ? Math.min(open, last) : Math.min(s.taskIndex, last);
        if (open !== null) openedFresh(s);
        else s.taskOpenedAt = Date.now();
      },
      false,
      "review/tasksLoaded",
    );
  };
  /** Loads the page holding 0-based queue position `at` and opens that position, or the task `keepTaskId` if on the page. */
  const loadPageAt = (at: number, keepTaskId: number | null = null) => {
    const offset = Math.floor(at / TASK_PAGE) * TASK_PAGE;
    return loadTasks(keepTaskId, offset, at - offset);
  };
  const currentId = (): number | null => get().tasks[get().taskIndex]?.id ?? null;
  const replaceTask = (task: ReviewTaskInfo) =>
    set((s) => void (s.tasks = s.tasks.map((t) => (t.id === task.id ? task : t))), false, "review/taskUpdated");
  const refreshBatches = async () => {
    const batches = await call("review", "batches", {});
    set((s) => void (s.batches = batches), false, "review/batches");
  };
  const takeComment = (): string => {
    const text = get().commentDraft.trim();
    set((s) => void (s.commentDraft = ""), false, "review/commentSent");
    return text;
  };
  return {
    ...EMPTY,
    resetReview() {
      seenAt.clear();
      set((s) => void Object.assign(s, EMPTY), false, "review/reset");
    },
    setIssuePin(pin) {
      set((s) => void ((s.issuePin = pin), (s.issueDraft = null)), false, "review/issuePin");
    },
    setIssueDraft(rect) {
      set((s) => void (s.issueDraft = rect), false, "review/issueDraft");
    },
    loadBatches: () =>
      guard("loadBatches", async () => {
        const [settings] = await Promise.all([call("settings", "get", {}), get().loadModels()]);
        set((s) => void (s.settings = settings), false, "review/settings");
        await refreshBatches();
        const { batches, batchId } = get();
        const first = batches[0];
        if (batchId === null && first) await get().selectBatch(first.id);
      }),
    createBatchFromFilter: (name, split, modelId, annotators) =>
      guard("createBatch", async () => {
        const batch = await call("review", "createBatch", {
          name,
          filter: split ? { split } : {},
          ...(modelId ? { modelId } : {}),
          ...(annotators && annotators.length ? { assign: { annotators } } : {}),
        });
        await refreshBatches();
        await get().selectBatch(batch.id);
      }),
    // A batch opens on the annotator's own queue when some of its tasks are theirs.
    selectBatch: (batchId) =>
      guard("selectBatch", async () => {
        const { batches } = get();
        const annotatorName = selectAnnotatorName(get());
        const mine = batches.find((b) => b.id === batchId)?.byAssignee.some((p) => p.assignee === annotatorName && annotatorName !== "") ?? false;
        const owner: QueueOwner = mine ? { kind: "person", name: annotatorName } : { kind: "all" };
        set((s) => void ((s.batchId = batchId), (s.taskIndex = 0), (s.queueOwner = owner)), false, "review/selectBatch");
        await loadTasks();
      }),
    setStatusFilter: (status) =>
      guard("setStatusFilter", async () => {
        const keep = currentId();
        set((s) => void (s.statusFilter = status), false, "review/setStatusFilter");
        await loadTasks(keep);
      }),
    setQueueOwner: (owner) =>
      guard("setQueueOwner", async () => {
        const keep = currentId();
        set((s) => void ((s.queueOwner = owner), (s.taskIndex = 0)), false, "review/setQueueOwner");
        await loadTasks(keep);
      }),
    // Switching modes keeps the current task: approving opens on the finished tasks unless this one is not.
    setMode: (mode) =>
      guard("setMode", async () => {
        const current = get().tasks[get().taskIndex];
        const keepAll = mode === "review" && current !== undefined && current.status !== "done";
        set((s) => void ((s.mode = mode), (s.statusFilter = keepAll ? "all" : null), (s.approveWarningTaskId = null)), false, "review/setMode");
        await loadTasks(current?.id ?? null);
      }),
    goToTask(index) {
      const { tasks, tasksOffset, tasksTotal } = get();
      const n = tasks.length;
      if (n === 0) return;
      if (index >= n && tasksOffset + n < tasksTotal) return void guard("nextPage", () => loadTasks(null, tasksOffset + n, 0));
      if (index < 0 && tasksOffset > 0) return void guard("previousPage", () => loadTasks(null, Math.max(0, tasksOffset - TASK_PAGE), "last"));
      set(
        (s) => {
          s.taskIndex = Math.max(0, Math.min(n - 1, index));
          openedFresh(s);
        },
        false,
        "review/goToTask",
      );
    },
    goToQueuePosition(n) {
      const { tasksOffset, tasks, tasksTotal } = get();
      if (tasksTotal === 0) return;
      const at = Math.max(0, Math.min(tasksTotal - 1, Math.floor(n)));
      if (at >= tasksOffset && at < tasksOffset + tasks.length) return get().goToTask(at - tasksOffset);
      void guard("goToPosition", () => loadPageAt(at));
    },
    async openTaskOfImage(imageId) {
      const here = get().tasks.findIndex((t) => t.image.id === imageId);
      if (here >= 0) {
        get().goToTask(here);
        return true;
      }
      const seen = seenAt.get(imageId);
      if (!seen) return false;
      // the task itself when it is still on that page (a filtered queue may have moved it), else its old place
      await guard("openTaskOfImage", () => loadPageAt(seen.position, seen.taskId));
      return get().tasks[get().taskIndex]?.id === seen.taskId;
    },
    setCommentDraft(text) {
      set((s) => void (s.commentDraft = text), false, "review/commentDraft");
    },
    setAnnotatorName: (name) =>
      guard("setAnnotatorName", async () => {
        const settings = await call("settings", "update", { patch: { annotatorName: name } });
        set((s) => void (s.settings = settings), false, "review/annotatorName");
      }),
    assignBatch: (annotators, mode, counts) =>
      guard("assign", async () => {
        const { batchId } = get();
        if (batchId === null) return;
        await call("review", "assign", { batchId, annotators, mode, ...(counts ? { counts } : {}) });
        await refreshBatches();
        await loadTasks(currentId(), get().tasksOffset);
      }),
    // Optimistic: the next task opens at once (the annotator never waits on the save); a failed save is shown and
    // the task keeps its old status in the list.
    finishTask: (outcome, after) =>
      guard("finish", async () => {
        const { tasks, taskIndex, taskOpenedAt } = get();
        const task = tasks[taskIndex];
        if (!task) return;
        const comment = takeComment();
        const timeSpentMs = Math.max(0, Date.now() - taskOpenedAt);
        get().goToTask(taskIndex + 1);
        await after;
        const updated = await call("review", "finish", {
          taskId: task.id,
          outcome,
          ...(comment ? { comment } : {}),
          timeSpentMs,
          ...(outcome === "done" ? { acceptAbove: selectReviewScoreThreshold(get()) } : {}),
        });
        replaceTask(updated);
        await refreshBatches();
      }),
    async submitTask(taskId, edit, extra) {
      const updated = await call("review", "finish", {
        taskId,
        outcome: "done",
        edits: edit.edits,
        predictionDecisions: edit.predictionDecisions,
        timeSpentMs: Math.max(0, Math.round(extra.timeSpentMs)),
        acceptAbove: extra.acceptAbove,
        ...(extra.comment ? { comment: extra.comment } : {}),
      });
      replaceTask(updated);
      void guard("batches", refreshBatches); // not awaited: the save queue moves on
    },
    async reopenTask(taskId, edit) {
      const updated = await call("review", "reopen", { taskId, edits: edit.edits, predictionDecisions: edit.predictionDecisions });
      replaceTask(updated);
      void guard("batches", refreshBatches);
    },
    decideTask: (decision, region, after) =>
      guard("decide", async () => {
        const { tasks, taskIndex } = get();
        const task = tasks[taskIndex];
        if (!task) return;
        const comment = takeComment();
        get().goToTask(taskIndex + 1);
        await after;
        replaceTask(await call("review", "decide", { taskId: task.id, decision, ...(comment ? { comment } : {}), ...(region ? { region } : {}) }));
        await refreshBatches();
      }),
    holdApproval(taskId) {
      set((s) => void (s.approveWarningTaskId = taskId), false, "review/holdApproval");
    },
  };
};
