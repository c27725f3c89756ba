import type { LabelEdit, PredictionDecision, ReviewPrediction, ReviewTaskInfo, TaskChanges } from "../../src-preload/api";
import { clampBox } from "../core/geometry/box";
import { listPredictionDecisions, writePredictionDecisions } from "../store/repos/prediction-decisions-repo";
import { nextTaskStatus, type TaskAction } from "../core/review/task-status";
import { assignTasks, type AssignmentPlan } from "../core/review/assignment";
import { countChanges, diffReview } from "../core/review/changes";
import { applyLabelEdits, type ChangeContext } from "../store/label-changes";
import { listClasses } from "../store/repos/classes-repo";
import { getImage, listImages } from "../store/repos/images-repo";
import { listLabelsForImage } from "../store/repos/labels-repo";
import { getSetting } from "../store/repos/project-repo";
import { batchExists, batchModelId, getBatch, getTask, insertBatch, listBatches, listTaskIds, listTasks, setAssignees, updateTask, type NewTask } from "../store/repos/review-repo";
import type { Db } from "../store/db";
import type { AreaService, ServiceContext } from "./context";
import type { PredictionSource } from "../inference/predictions";

export type { PredictionSource } from "../inference/predictions";
import { LoupeError } from "../errors";

const MAX_FILTER_TASKS = 100_000;
const DEFAULT_REVIEW_THRESHOLD = 0.25;

/**
 * Review rounds: batches of tasks for annotators, finished as done/skipped/flagged, then approved or rejected by a
 * reviewer. A decision also sets the review state of the image's labels (logged in the event table like any label
 * change), so exports can take approved labels only.
 */
export function createReviewService(ctx: ServiceContext, source: PredictionSource): AreaService<"review"> {
  const person = (): string => ctx.appState.settings().annotatorName.trim() || "anonymous";
  const db = (): Db => ctx.sessions.require().db;
  const mustTask = (id: number): ReviewTaskInfo => {
    const task = getTask(db(), id);
    if (!task) throw new LoupeError("E_NOT_FOUND", `There is no review task ${id}.`);
    return task;
  };
  const move = (task: ReviewTaskInfo, action: TaskAction) => {
    const next = nextTaskStatus(task.status, action);
    if (!next.ok) throw new LoupeError("E_CONFLICT", `task ${task.position} (${task.image.fileName}): ${next.reason}`);
    return next.status;
  };
  const modelOf = (task: ReviewTaskInfo): string | null => batchModelId(db(), task.batchId);
  const planned = (n: number, plan: AssignmentPlan): (string | null)[] => {
    try {
      return assignTasks(n, plan);
    } catch (err) {
      throw new LoupeError("E_VALIDATION", `Cannot split the batch: ${err instanceof Error ? err.message : String(err)}.`);
    }
  };

  /**
   * The annotator's own edits and decisions, then (for "done") every prediction still pending settled by the
   * threshold and an image left with no box marked empty. Inside the caller's transaction; one audit batch.
   */
  const storeEdits = (
    task: ReviewTaskInfo,
    change: ChangeContext,
    edits: readonly LabelEdit[],
    decisions: readonly PredictionDecision[],
    settle: { acceptAbove: number } | null,
  ): boolean => {
    const d = db();
    const modelId = modelOf(task);
    let changed = false;
    if (edits.length) {
      applyLabelEdits(d, edits, change);
      changed = true;
    }
    if (decisions.length) {
      if (!modelId) throw new LoupeError("E_VALIDATION", `Task ${task.position} shows no model's predictions, so there is nothing to accept or reject.`);
      const unknown = writePredictionDecisions(d, modelId, decisions, change.actor, change.now);
      if (unknown.length) throw new LoupeError("E_NOT_FOUND", `The model has no prediction ${unknown.join(", ")}; nothing was saved.`);
    }
    if (!settle) return changed;
    if (modelId) {
      const decided = listPredictionDecisions(d, modelId, task.image.id);
      const pending = source.reader(modelId)(task.image.id, 0).filter((p) => !decided.has(p.id));
      const created: LabelEdit[] = [];
      const settled = pending.map((p): PredictionDecision => {
        if (p.classId === null || p.score < settle.acceptAbove) return { predictionId: p.id, status: "rejected", acceptedAs: null };
        const id = change.newId();
        // a model's box may reach a little past the border; the label keeps the part inside the image
        const box = clampBox(p.box, task.image.width, task.image.height);
        created.push({ kind: "create", id, imageId: task.image.id, classId: p.classId, box, source: "prediction", score: p.score });
        return { predictionId: p.id, status: "accepted", acceptedAs: id };
      });
      if (created.length) {
        applyLabelEdits(d, created, change);
        changed = true;
      }
      if (settled.length) writePredictionDecisions(d, modelId, settled, change.actor, change.now);
    }
    const image = getImage(d, task.image.id);
    if (image && image.labelCount === 0 && image.status !== "empty") {
      applyLabelEdits(d, [{ kind: "setImageEmpty", imageId: image.id, empty: true }], change);
      changed = true;
    }
    return changed;
  };
  const changeContext = (): ChangeContext => ({ batchId: ctx.newId(), actor: person(), now: ctx.clock.now(), newId: ctx.newId });
  const announce = (change: ChangeContext, imageId: number, changed: boolean) => {
    if (changed) ctx.events.emit("labels.changed", { batchId: change.batchId, imageIds: [imageId], actor: change.actor });
  };

  return {
    createBatch: (req) => {
      const d = db();
      if (!req.tasks === !req.filter) throw new LoupeError("E_VALIDATION", "A new batch needs either a list of images or a filter, not both.");
      if (req.modelId !== undefined) source.reader(req.modelId); // refuses an unknown model
      const id = d.transaction(() => {
        let tasks: NewTask[];
        if (req.tasks) {
          const seen = new Set<number>();
          for (const t of req.tasks) {
            if (!getImage(d, t.imageId)) throw new LoupeError("E_NOT_FOUND", `There is no image with id ${t.imageId}.`);
            if (seen.has(t.imageId)) throw new LoupeError("E_VALIDATION", `Image ${t.imageId} appears twice in the batch.`);
            seen.add(t.imageId);
          }
          tasks = req.tasks;
        } else {
          const page = listImages(d, { split: req.filter?.split, status: req.filter?.status, classId: req.filter?.classId }, 0, MAX_FILTER_TASKS);
          tasks = page.items.map((i) => ({ imageId: i.id }));
        }
        if (tasks.length === 0) throw new LoupeError("E_VALIDATION", "No images match, so the batch would be empty.");
        if (req.assign) {
          const who = planned(tasks.length, req.assign);
          tasks = tasks.map((t, i) => ({ ...t, assignee: who[i] ?? null }));
        }
        const kind = req.source ?? (req.filter ? "filter" : "list");
        return insertBatch(d, { name: req.name, source: kind, sourceRef: req.filter ?? null, modelId: req.modelId ?? null, createdBy: person(), now: ctx.clock.now() }, tasks);
      })();
      const batch = getBatch(d, id);
      if (!batch) throw new LoupeError("E_INTERNAL", `review batch ${id} vanished`);
      return batch;
    },
    assign: (req) => {
      const d = db();
      if (!batchExists(d, req.batchId)) throw new LoupeError("E_NOT_FOUND", `There is no review batch ${req.batchId}.`);
      d.transaction(() => {
        const ids = listTaskIds(d, req.batchId, "pending");
        setAssignees(d, ids, planned(ids.length, req), ctx.clock.now());
      })();
      const batch = getBatch(d, req.batchId);
      if (!batch) throw new LoupeError("E_INTERNAL", `review batch ${req.batchId} vanished`);
      return batch;
    },
    batches: () => listBatches(db()),
    tasks: (req) => {
      const d = db();
      if (!batchExists(d, req.batchId)) throw new LoupeError("E_NOT_FOUND", `There is no review batch ${req.batchId}.`);
      const offset = req.offset ?? 0;
      const limit = req.limit ?? 100;
      return { ...listTasks(d, req.batchId, { status: req.status, assignee: req.assignee }, offset, limit), offset, limit };
    },
    finish: (req) => {
      const d = db();
      const change = changeContext();
      const stored = getSetting(d, "reviewScoreThreshold");
      const acceptAbove = req.acceptAbove ?? (typeof stored === "number" ? stored : DEFAULT_REVIEW_THRESHOLD);
      let imageId = 0;
      const changed = d.transaction(() => {
        const task = mustTask(req.taskId);
        imageId = task.image.id;
        const status = move(task, { kind: "finish", outcome: req.outcome });
        const edited = storeEdits(task, change, req.edits ?? [], req.predictionDecisions ?? [], req.outcome === "done" ? { acceptAbove } : null);
        updateTask(d, task.id, { status, annotator: change.actor, comment: req.comment ?? null, addTimeMs: req.timeSpentMs ?? 0, finishedAt: change.now }, change.now);
        return edited;
      })();
      announce(change, imageId, changed);
      return mustTask(req.taskId);
    },
    decide: (req) => {
      const d = db();
      const change = changeContext();
      let imageId = 0;
      const changed = d.transaction(() => {
        const task = mustTask(req.taskId);
        imageId = task.image.id;
        const status = move(task, { kind: "decide", decision: req.decision });
        const region = req.decision === "rejected" ? (req.region ?? null) : null;
        updateTask(d, task.id, { status, reviewer: change.actor, reviewComment: req.comment ?? null, reviewRegion: region, reviewedAt: change.now }, change.now);
        const edits: LabelEdit[] = listLabelsForImage(d, task.image.id)
          .filter((l) => l.reviewState !== req.decision)
          .map((l) => ({ kind: "update", id: l.id, reviewState: req.decision }));
        if (edits.length) applyLabelEdits(d, edits, change);
        return edits.length > 0;
      })();
      announce(change, imageId, changed);
      return mustTask(req.taskId);
    },
    predictions: (req) => {
      const infos = source.reader(req.modelId)(req.imageId, req.minScore ?? 0);
      const decisions = listPredictionDecisions(db(), req.modelId, req.imageId);
      return infos.map((p): ReviewPrediction => {
        const dec = decisions.get(p.id);
        return { id: p.id, classId: p.classId, className: p.className, score: p.score, box: p.box, status: dec?.status ?? "pending", acceptedAs: dec?.labelId ?? null };
      });
    },
    reopen: (req) => {
      const d = db();
      const change = changeContext();
      let imageId = 0;
      const changed = d.transaction(() => {
        const task = mustTask(req.taskId);
        imageId = task.image.id;
        const status = move(task, { kind: "reopen" });
        const edited = storeEdits(task, change, req.edits ?? [], req.predictionDecisions ?? [], null);
        updateTask(d, task.id, { status }, change.now);
        return edited;
      })();
      announce(change, imageId, changed);
      return mustTask(req.taskId);
    },
    changes: (req): TaskChanges => {
      const d = db();
      const task = mustTask(req.taskId);
      const modelId = modelOf(task);
      const names = new Map(listClasses(d).map((c) => [c.id, c.name]));
      const predictions = modelId
        ? (() => {
            const decided = listPredictionDecisions(d, modelId, task.image.id);
            return source.reader(modelId)(task.image.id, 0).map((p) => {
              const dec = decided.get(p.id);
              return { id: p.id, classId: p.classId, className: p.className, score: p.score, box: p.box, status: dec?.status ?? ("pending" as const), acceptedAs: dec?.labelId ?? null };
            });
          })()
        : [];
      const labels = listLabelsForImage(d, task.image.id).map((l) => ({ id: l.id, classId: l.classId, className: names.get(l.classId) ?? `class ${l.classId}`, box: l.box, source: l.source, score: l.score }));
      const items = diffReview(predictions, labels, task.image);
      return { taskId: task.id, modelId, annotator: task.annotator, timeSpentMs: task.timeSpentMs, counts: countChanges(items), items };
    },
  };
}
