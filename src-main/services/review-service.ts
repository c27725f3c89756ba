import type { LabelEdit, ReviewPrediction, ReviewTaskInfo } from "../../src-preload/api";
import { listPredictionDecisions } from "../store/repos/prediction-decisions-repo";
import { nextTaskStatus, type TaskAction } from "../core/review/task-status";
import { applyLabelEdits } from "../store/label-changes";
import { getImage, listImages } from "../store/repos/images-repo";
import { listLabelsForImage } from "../store/repos/labels-repo";
import { getBatch, getTask, insertBatch, listBatches, listTasks, updateTask, type NewTask } from "../store/repos/review-repo";
import type { AreaService, ServiceContext } from "./context";
import type { PredictionSource } from "../inference/predictions";

export type { PredictionSource } from "../inference/predictions";
import { LoupeError } from "../errors";

const MAX_FILTER_TASKS = 100_000;

/**
 * Review rounds: batches of tasks for annotators, finished as done/skipped/flagged, then approved or rejected by a
 * reviewer. A decision also sets the review state of the image's labels (logged in the event table like any label
 * change), so exports can take approved labels only.
 */
export function createReviewService(ctx: ServiceContext, source: PredictionSource): AreaService<"review"> {
  const person = (): string => ctx.appState.settings().annotatorName.trim() || "anonymous";
  const mustTask = (id: number): ReviewTaskInfo => {
    const task = getTask(ctx.sessions.require().db, id);
    if (!task) throw new LoupeError("E_NOT_FOUND", `no review task ${id}`);
    return task;
  };
  const move = (task: ReviewTaskInfo, action: TaskAction) => {
    const next = nextTaskStatus(task.status, action);
    if (!next.ok) throw new LoupeError("E_CONFLICT", `task ${task.position} (${task.image.fileName}): ${next.reason}`);
    return next.status;
  };
  return {
    createBatch: (req) => {
      const db = ctx.sessions.require().db;
      if (!req.tasks === !req.filter) throw new LoupeError("E_VALIDATION", "review.createBatch: give either tasks or a filter");
      if (req.modelId !== undefined) source.reader(req.modelId); // refuses an unknown model
      const id = db.transaction(() => {
        let tasks: NewTask[];
        if (req.tasks) {
          const seen = new Set<number>();
          for (const t of req.tasks) {
            if (!getImage(db, t.imageId)) throw new LoupeError("E_NOT_FOUND", `no image with id ${t.imageId}`);
            if (seen.has(t.imageId)) throw new LoupeError("E_VALIDATION", `image ${t.imageId} appears twice in the batch`);
            seen.add(t.imageId);
          }
          tasks = req.tasks;
        } else {
          const page = listImages(db, { split: req.filter?.split, status: req.filter?.status, classId: req.filter?.classId }, 0, MAX_FILTER_TASKS);
          tasks = page.items.map((i) => ({ imageId: i.id }));
        }
        if (tasks.length === 0) throw new LoupeError("E_VALIDATION", "review.createBatch: no images to review");
        const source = req.source ?? (req.filter ? "filter" : "list");
        return insertBatch(db, { name: req.name, source, sourceRef: req.filter ?? null, modelId: req.modelId ?? null, createdBy: person(), now: ctx.clock.now() }, tasks);
      })();
      const batch = getBatch(db, id);
      if (!batch) throw new LoupeError("E_INTERNAL", `review batch ${id} vanished`);
      return batch;
    },
    batches: () => listBatches(ctx.sessions.require().db),
    tasks: (req) => {
      const db = ctx.sessions.require().db;
      if (!getBatch(db, req.batchId)) throw new LoupeError("E_NOT_FOUND", `no review batch ${req.batchId}`);
      const offset = req.offset ?? 0;
      const limit = req.limit ?? 100;
      return { ...listTasks(db, req.batchId, req.status, offset, limit), offset, limit };
    },
    finish: (req) => {
      const db = ctx.sessions.require().db;
      const now = ctx.clock.now();
      db.transaction(() => {
        const task = mustTask(req.taskId);
        const status = move(task, { kind: "finish", outcome: req.outcome });
        updateTask(db, task.id, { status, annotator: person(), comment: req.comment ?? null, addTimeMs: req.timeSpentMs ?? 0, finishedAt: now }, now);
      })();
      return mustTask(req.taskId);
    },
    decide: (req) => {
      const db = ctx.sessions.require().db;
      const now = ctx.clock.now();
      const reviewer = person();
      db.transaction(() => {
        const task = mustTask(req.taskId);
        const status = move(task, { kind: "decide", decision: req.decision });
        updateTask(db, task.id, { status, reviewer, reviewComment: req.comment ?? null, reviewedAt: now }, now);
        const edits: LabelEdit[] = listLabelsForImage(db, task.image.id)
          .filter((l) => l.reviewState !== req.decision)
          .map((l) => ({ kind: "update", id: l.id, reviewState: req.decision }));
        if (edits.length) applyLabelEdits(db, edits, { batchId: ctx.newId(), actor: reviewer, now, newId: ctx.newId });
      })();
      return mustTask(req.taskId);
    },
    predictions: (req) => {
      const infos = source.reader(req.modelId)(req.imageId, req.minScore ?? 0);
      const decisions = listPredictionDecisions(ctx.sessions.require().db, req.modelId, req.imageId);
      return infos.map((p): ReviewPrediction => {
        const d = decisions.get(p.id);
        return { id: p.id, classId: p.classId, className: p.className, score: p.score, box: p.box, status: d?.status ?? "pending", acceptedAs: d?.labelId ?? null };
      });
    },
    reopen: (req) => {
      const db = ctx.sessions.require().db;
      const now = ctx.clock.now();
      db.transaction(() => {
        const task = mustTask(req.taskId);
        updateTask(db, task.id, { status: move(task, { kind: "reopen" }) }, now);
      })();
      return mustTask(req.taskId);
    },
  };
}
