import type { KeyOverrideData, ModelInfo, ReviewBatchInfo, ReviewTaskInfo, Split, TaskStatus } from "../../../src-preload/api";
import { call, errorMessage } from "../../api/client";
import type { SliceCreator } from "../types";

export type ReviewMode = "annotate" | "review";

export interface ReviewSlice {
  batches: ReviewBatchInfo[];
  /** Models of the project, newest first (a new batch can show one's predictions). */
  models: ModelInfo[];
  batchId: number | null;
  statusFilter: TaskStatus | null;
  tasks: ReviewTaskInfo[];
  taskIndex: number;
  mode: ReviewMode;
  reviewError: string | null;
  /** Predictions below this confidence start hidden (Settings.reviewScoreThreshold). */
  reviewScoreThreshold: number;
  /** The user's shortcut overrides (Settings.keymapOverrides). */
  keymapOverrides: Record<string, KeyOverrideData>;
  /** When the current task was opened (ms), for the time-spent total. */
  taskOpenedAt: number;
  loadBatches(): Promise<void>;
  createBatchFromFilter(name: string, split: Split | null, modelId: string | null): Promise<void>;
  selectBatch(batchId: number): Promise<void>;
  setStatusFilter(status: TaskStatus | null): Promise<void>;
  setMode(mode: ReviewMode): Promise<void>;
  goToTask(index: number): void;
  finishTask(outcome: "done" | "skipped" | "flagged", comment?: string): Promise<void>;
  decideTask(decision: "approved" | "rejected", comment?: string): Promise<void>;
}

const MAX_TASKS = 1000;

export const createReviewSlice: SliceCreator<ReviewSlice> = (set, get) => {
  const guard = async (name: string, work: () => Promise<void>) => {
    try {
      await work();
      set((s) => void (s.reviewError = null), false, `review/${name}`);
    } catch (err) {
      set((s) => void (s.reviewError = errorMessage(err)), false, `review/${name}Failed`);
    }
  };
  const loadTasks = async () => {
    const { batchId, statusFilter, mode } = get();
    if (batchId === null) return;
    const status = statusFilter ?? (mode === "review" ? "done" : undefined);
    const page = await call("review", "tasks", { batchId, ...(status ? { status } : {}), limit: MAX_TASKS });
    set((s) => void ((s.tasks = page.items), (s.taskIndex = Math.min(s.taskIndex, Math.max(0, page.items.length - 1))), (s.taskOpenedAt = Date.now())), false, "review/tasksLoaded");
  };
  const replaceTask = (task: ReviewTaskInfo) =>
    set((s) => void (s.tasks = s.tasks.map((t) => (t.id === task.id ? task : t))), false, "review/taskUpdated");
  const refreshBatches = async () => {
    const batches = await call("review", "batches", {});
    set((s) => void (s.batches = batches), false, "review/batches");
  };
  return {
    batches: [],
    models: [],
    batchId: null,
    statusFilter: null,
    tasks: [],
    taskIndex: 0,
    mode: "annotate",
    reviewError: null,
    reviewScoreThreshold: 0.25,
    keymapOverrides: {},
    taskOpenedAt: 0,
    loadBatches: () =>
      guard("loadBatches", async () => {
        const [settings, models] = await Promise.all([call("settings", "get", {}), call("models", "list", {})]);
        set((s) => void (s.models = models), false, "review/models");
        set((s) => void ((s.reviewScoreThreshold = settings.reviewScoreThreshold), (s.keymapOverrides = settings.keymapOverrides)), false, "review/settings");
        await refreshBatches();
        const { batches, batchId } = get();
        const first = batches[0];
        if (batchId === null && first) await get().selectBatch(first.id);
      }),
    createBatchFromFilter: (name, split, modelId) =>
      guard("createBatch", async () => {
        const batch = await call("review", "createBatch", { name, filter: split ? { split } : {}, ...(modelId ? { modelId } : {}) });
        await refreshBatches();
        await get().selectBatch(batch.id);
      }),
    selectBatch: (batchId) =>
      guard("selectBatch", async () => {
        set((s) => void ((s.batchId = batchId), (s.taskIndex = 0)), false, "review/selectBatch");
        await loadTasks();
      }),
    setStatusFilter: (status) =>
      guard("setStatusFilter", async () => {
        set((s) => void ((s.statusFilter = status), (s.taskIndex = 0)), false, "review/setStatusFilter");
        await loadTasks();
      }),
    setMode: (mode) =>
      guard("setMode", async () => {
        set((s) => void ((s.mode = mode), (s.statusFilter = null), (s.taskIndex = 0)), false, "review/setMode");
        await loadTasks();
      }),
    goToTask(index) {
      const n = get().tasks.length;
      if (n === 0) return;
      set((s) => void ((s.taskIndex = Math.max(0, Math.min(n - 1, index))), (s.taskOpenedAt = Date.now())), false, "review/goToTask");
    },
    // Optimistic: the next task opens at once (the annotator never waits on the save); a failed save is shown and
    // the task keeps its old status in the list.
    finishTask: (outcome, comment) =>
      guard("finish", async () => {
        const { tasks, taskIndex, taskOpenedAt } = get();
        const task = tasks[taskIndex];
        if (!task) return;
        get().goToTask(taskIndex + 1);
        const updated = await call("review", "finish", {
          taskId: task.id,
          outcome,
          ...(comment ? { comment } : {}),
          timeSpentMs: Math.max(0, Date.now() - taskOpenedAt),
        });
        replaceTask(updated);
        await refreshBatches();
      }),
    decideTask: (decision, comment) =>
      guard("decide", async () => {
        const { tasks, taskIndex } = get();
        const task = tasks[taskIndex];
        if (!task) return;
        get().goToTask(taskIndex + 1);
        replaceTask(await call("review", "decide", { taskId: task.id, decision, ...(comment ? { comment } : {}) }));
        await refreshBatches();
      }),
  };
};
