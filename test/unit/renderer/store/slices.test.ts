import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { JobInfo, LoopStatusInfo, ProjectInfo, Result } from "../../../../src-preload/api";

/** A fake `window.loupe`: every method answers from `answers` ("area.method" → value or function of the request). */
const calls: { channel: string; req: unknown }[] = [];
let answers: Record<string, unknown> = {};
function fakeBridge() {
  const area = (name: string) =>
    new Proxy({}, {
      get: (_t, method: string) => async (req: unknown): Promise<Result<unknown>> => {
        const channel = `${name}.${method}`;
        calls.push({ channel, req });
        if (!(channel in answers)) return { ok: false, error: { code: "E_NOT_FOUND", message: `no answer for ${channel}` } };
        const a = answers[channel];
        return { ok: true, value: typeof a === "function" ? (a as (r: unknown) => unknown)(req) : a };
      },
    });
  return new Proxy({}, { get: (_t, name: string) => (name === "events" ? { on: () => () => undefined } : area(name)) });
}
(globalThis as unknown as { window: unknown }).window = { loupe: fakeBridge() };

const { useLoupe } = await import("../../../../src-renderer/store/index");
const { FAILED_JOB_MS, FINISHED_JOB_MS } = await import("../../../../src-renderer/store/slices/jobs-slice");
const { selectProjectJobs } = await import("../../../../src-renderer/store/selectors");
const { TASK_PAGE } = await import("../../../../src-renderer/store/slices/review-slice");
const initial = useLoupe.getState();

const project = (id: string): ProjectInfo => ({ id, name: id, path: `/p/${id}.loupe`, classes: [], createdAt: 1 }) as unknown as ProjectInfo;
const job = (id: string, state: JobInfo["state"], startedAt = 1): JobInfo => ({
  id, kind: "import", state, title: `job ${id}`, phase: "", done: 0, total: 1, ratePerSec: null, startedAt, finishedAt: null, error: null, result: null,
});
const status = (over: Partial<LoopStatusInfo>): LoopStatusInfo => ({
  status: "running", iteration: 1, step: "infer", bestModelId: null, bestMetrics: null, waitingFor: null, reason: null, lastDecision: null,
  locked: true, lockedBy: "h:1", pauseRequested: false, dryRun: false, iterationsDone: 1, ...over,
});

beforeEach(() => {
  calls.length = 0;
  answers = {};
  vi.useFakeTimers();
});
afterEach(() => {
  for (const id of Object.keys(useLoupe.getState().jobs)) useLoupe.getState().dismissJob(id);
  useLoupe.setState(initial, true);
  vi.useRealTimers();
});

describe("jobs belong to a project and leave the bar after a while", () => {
  it("tags a job with the open project and shows only that project's jobs", () => {
    useLoupe.setState({ project: project("a") });
    useLoupe.getState().jobUpdated(job("1", "running"));
    useLoupe.setState({ project: project("b") });
    useLoupe.getState().jobUpdated(job("2", "running", 2));
    useLoupe.getState().jobUpdated({ ...job("1", "running"), done: 1 }); // progress of a's job keeps its project
    expect(selectProjectJobs(useLoupe.getState()).map((j) => j.id)).toEqual(["2"]);
    expect(useLoupe.getState().jobs["1"]?.projectId).toBe("a");
  });

  it("drops the previous project's jobs when another project opens", async () => {
    answers = { "projects.open": project("b"), "projects.status": {} };
    useLoupe.setState({ project: project("a") });
    useLoupe.getState().jobUpdated({ ...job("1", "failed"), error: { code: "E_IO", message: "unreadable" } });
    await useLoupe.getState().openProject("/p/b.loupe");
    expect(useLoupe.getState().jobs).toEqual({});
  });

  it("forgets the previous project's review queue when another project opens", async () => {
    answers = { "projects.open": project("b"), "projects.status": {} };
    useLoupe.setState({ project: project("a"), batchId: 7, tasks: [{ id: 1 }] as never, taskIndex: 0, commentDraft: "half a sentence" });
    await useLoupe.getState().openProject("/p/b.loupe");
    expect(useLoupe.getState()).toMatchObject({ batchId: null, tasks: [], batches: [], commentDraft: "" });
  });

  it("removes a finished job after FINISHED_JOB_MS and a failed one after FAILED_JOB_MS", () => {
    useLoupe.setState({ project: project("a") });
    useLoupe.getState().jobUpdated(job("ok", "succeeded"));
    useLoupe.getState().jobUpdated(job("bad", "failed"));
    vi.advanceTimersByTime(FINISHED_JOB_MS + 1);
    expect(Object.keys(useLoupe.getState().jobs)).toEqual(["bad"]);
    vi.advanceTimersByTime(FAILED_JOB_MS);
    expect(useLoupe.getState().jobs).toEqual({});
  });
});

describe("the review queue is read a page at a time", () => {
  /** A 2,500-task batch: the tasks answer pages of it by offset and limit. */
  const TOTAL = 2500;
  const batchTasks = (req: { offset?: number; limit?: number }) => {
    const offset = req.offset ?? 0;
    const n = Math.max(0, Math.min(req.limit ?? 100, TOTAL - offset));
    return { items: Array.from({ length: n }, (_, k) => ({ id: offset + k + 1, position: offset + k + 1, status: "pending", image: { id: offset + k + 1, fileName: `${offset + k}.jpg` } })), total: TOTAL, offset, limit: req.limit ?? 100 };
  };
  const open = () => useLoupe.getState();

  it("moves past the end of a page onto the next one, back onto the previous one, and jumps to any position", async () => {
    answers = { "review.tasks": batchTasks };
    useLoupe.setState({ batchId: 3 });
    await open().setStatusFilter("all");
    expect([open().tasks.length, open().tasksOffset, open().tasksTotal]).toEqual([TASK_PAGE, 0, TOTAL]);
    open().goToTask(TASK_PAGE - 1);
    open().goToTask(TASK_PAGE); // Enter on the page's last task
    await vi.runAllTimersAsync();
    expect([open().tasksOffset, open().taskIndex, open().tasks[open().taskIndex]?.id]).toEqual([TASK_PAGE, 0, TASK_PAGE + 1]);
    open().goToTask(-1); // back from the page's first task
    await vi.runAllTimersAsync();
    expect([open().tasksOffset, open().taskIndex, open().tasks[open().taskIndex]?.id]).toEqual([0, TASK_PAGE - 1, TASK_PAGE]);
    open().goToQueuePosition(2400); // "Go to task #2401"
    await vi.runAllTimersAsync();
    expect([open().tasksOffset, open().tasks.length, open().tasks[open().taskIndex]?.id]).toEqual([2000, 500, 2401]);
    open().goToTask(500); // the queue's end: stays on its last task
    await vi.runAllTimersAsync();
    expect([open().tasksOffset, open().tasks[open().taskIndex]?.id]).toEqual([2000, TOTAL]);
    open().goToQueuePosition(2000 + 10); // on the loaded page: no request
    const requests = calls.filter((c) => c.channel === "review.tasks").length;
    expect(open().tasks[open().taskIndex]?.id).toBe(2011);
    expect(calls.filter((c) => c.channel === "review.tasks")).toHaveLength(requests);
  });

  it("reopens an image's task on an earlier page for undo, and only in the queue it was seen in", async () => {
    answers = { "review.tasks": batchTasks };
    open().resetReview(); // another project: what the last one's queue showed is forgotten
    useLoupe.setState({ batchId: 3 });
    await open().setStatusFilter("all");
    open().goToTask(TASK_PAGE - 1);
    open().goToTask(TASK_PAGE); // Enter on the page's last task opens the next page
    await vi.runAllTimersAsync();
    expect(open().tasksOffset).toBe(TASK_PAGE);
    // undo of that Enter: its image is on the page before
    expect(await open().openTaskOfImage(TASK_PAGE)).toBe(true);
    expect([open().tasksOffset, open().taskIndex, open().tasks[open().taskIndex]?.id]).toEqual([0, TASK_PAGE - 1, TASK_PAGE]);
    // an image on the loaded page opens without a request
    const before = calls.filter((c) => c.channel === "review.tasks").length;
    expect(await open().openTaskOfImage(TASK_PAGE - 5)).toBe(true);
    expect(open().tasks[open().taskIndex]?.id).toBe(TASK_PAGE - 5);
    expect(calls.filter((c) => c.channel === "review.tasks")).toHaveLength(before);
    // an image this queue never showed, and one seen before the queue was filtered otherwise
    expect(await open().openTaskOfImage(2400)).toBe(false);
    await open().setStatusFilter("pending");
    expect(await open().openTaskOfImage(TASK_PAGE + 1)).toBe(false);
  });
});

describe("the loop slice", () => {
  it("refetches iterations when the step changes, not on a repeated state", async () => {
    answers = { "loop.iterations": [] };
    useLoupe.getState().loopStateChanged(status({ step: "infer" }));
    useLoupe.getState().loopStateChanged(status({ step: "infer" }));
    useLoupe.getState().loopStateChanged(status({ step: "analyze" }));
    await vi.runAllTimersAsync();
    expect(calls.filter((c) => c.channel === "loop.iterations")).toHaveLength(2);
    expect(useLoupe.getState().loop?.step).toBe("analyze");
  });

  it("keeps a training curve point per finished epoch and starts a new curve when training starts", () => {
    const training = (epochsDone: number, loss: number) => ({ phase: "training" as const, epoch: epochsDone, epochs: 5, epochsDone, step: 0, steps: 0, loss, metrics: {}, elapsedSec: 0, etaSec: null, secondsPerEpoch: null });
    answers = { "loop.iterations": [] };
    const progress = (epochsDone: number, loss: number) => ({ iteration: 1, step: "train" as const, phase: "training", done: epochsDone, total: 5, training: training(epochsDone, loss) });
    useLoupe.getState().loopProgressed(progress(1, 2));
    useLoupe.getState().loopProgressed(progress(2, 1.5));
    expect(useLoupe.getState().trainingEpochs.map((p) => [p.epoch, p.loss])).toEqual([[1, 2], [2, 1.5]]);
    useLoupe.getState().loopStateChanged(status({ step: "train" }));
    expect(useLoupe.getState().trainingEpochs).toEqual([]);
  });

  it("does not save a configuration that fails validation, and keeps the issues by key", async () => {
    answers = { "loop.validateConfig": { ok: false, issues: [{ key: "selection.budget", message: "must be at least 1" }], config: null } };
    expect(await useLoupe.getState().saveConfig({ selection: { budget: 0 } })).toBe(false);
    expect(useLoupe.getState().configIssues).toEqual([{ key: "selection.budget", message: "must be at least 1" }]);
    expect(calls.map((c) => c.channel)).toEqual(["loop.validateConfig"]);
  });
});

describe("the evaluations slice", () => {
  it("keeps only the answer to the latest error filter", async () => {
    let release: (v: unknown) => void = () => undefined;
    const slow = new Promise((r) => (release = r));
    const page = (n: number) => ({ items: Array.from({ length: n }, (_, i) => ({ index: i })), total: n, offset: 0, limit: 240, categories: [] });
    answers = { "evaluation.errors": (req: { filter: { kind?: string } }) => (req.filter.kind === "fn" ? slow.then(() => page(5)) : page(2)) };
    const first = useLoupe.getState().loadErrors(1, { kind: "fn" });
    await useLoupe.getState().loadErrors(1, { kind: "fp" });
    release(null);
    await first;
    expect(useLoupe.getState().errorGrid?.total).toBe(2);
  });

  it("sends the filtered errors to review as one task per image, framed on its first error", async () => {
    const item = (imageId: number, x: number) => ({ kind: "fn", index: x, imageId, fileName: `${imageId}.jpg`, classId: 1, className: "weed", category: "small", categories: ["small", "at_border"], box: { x, y: 0, w: 4, h: 4 }, score: null, iou: 0, hasCrop: true });
    useLoupe.setState({ errorGrid: { evaluationId: 7, filter: { kind: "fn" }, items: [], total: 3, categories: [], loading: false }, evaluations: [{ id: 7, modelId: "m" } as never] });
    answers = { "evaluation.errors": { items: [item(1, 10), item(1, 20), item(2, 30)], total: 3, offset: 0, limit: 1000, categories: [] }, "review.createBatch": { id: 9 } };
    expect(await useLoupe.getState().sendErrorsToReview("missed small")).toBe(9);
    const req = calls.find((c) => c.channel === "review.createBatch")?.req as { tasks: { imageId: number; roi: { x: number } }[]; modelId: string };
    expect(req.tasks.map((t) => [t.imageId, t.roi.x])).toEqual([[1, 10], [2, 30]]);
    expect(req.modelId).toBe("m");
  });
});

describe("the loop configuration form's checks", () => {
  it("keeps the issues of the newest draft when an older check answers last", async () => {
    vi.useRealTimers();
    const later: ((v: unknown) => void)[] = [];
    answers["loop.validateConfig"] = (req: unknown) => {
      const budget = (req as { config: { selection: { budget: number } } }).config.selection.budget;
      const res = { ok: budget > 0, issues: budget > 0 ? [] : [{ key: "selection.budget", message: "must be at least 1" }] };
      // the first (bad) draft's answer is held back until after the second one's
      return budget > 0 ? res : new Promise((resolve) => later.push(() => resolve(res)));
    };
    const old = useLoupe.getState().checkConfig({ selection: { budget: 0 } });
    await useLoupe.getState().checkConfig({ selection: { budget: 5 } });
    expect(useLoupe.getState().configIssues).toEqual([]);
    later.forEach((f) => f(undefined));
    expect(await old).toBe(false);
    expect(useLoupe.getState().configIssues).toEqual([]);
  });
});
