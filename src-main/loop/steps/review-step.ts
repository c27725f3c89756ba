import type { LabelEdit, LoopConfig } from "../../../src-preload/api";
import { LoupeError, throwIfAborted } from "../../errors";
import { applyLabelEdits } from "../../store/label-changes";
import { listClasses } from "../../store/repos/classes-repo";
import { listLabelsForImage } from "../../store/repos/labels-repo";
import { setImageSplit } from "../../store/repos/images-repo";
import { getBatch, listTasks, updateTask } from "../../store/repos/review-repo";
import type { Db } from "../../store/db";
import { openOracle, type Oracle } from "../oracle";
import type { StepContext } from "../ports";
import type { StepResult } from "./types";

/** Task states that count as finished: without approval any finish; with approval only an approval (or a skip). */
function finished(status: string, approval: boolean): boolean {
  if (approval) return status === "approved" || status === "skipped";
  return status === "done" || status === "skipped" || status === "flagged" || status === "approved";
}

/** How far a batch is, in the words the app and `loupe loop status` show. */
export function batchProgress(db: Db, batchId: number, approval: boolean): { name: string; total: number; left: number; message: string } {
  const batch = getBatch(db, batchId);
  if (!batch) throw new LoupeError("E_NOT_FOUND", `review batch ${batchId} no longer exists`);
  const left = Object.entries(batch.byStatus).reduce((n, [status, count]) => n + (finished(status, approval) ? 0 : count), 0);
  const what = approval ? "tasks left to finish and approve" : "tasks left";
  return { name: batch.name, total: batch.total, left, message: `batch '${batch.name}': ${left} of ${batch.total} ${what}` };
}

/**
 * review: the loop pauses for people (`human`), or answers itself — `auto` keeps the model's predictions at or above
 * a threshold, `oracle` writes the ground truth held apart (simulation). Each task's labels and its new status are
 * written in one transaction, so a kill mid-batch loses nothing and redoes nothing.
 */
export async function reviewStep(ctx: StepContext): Promise<StepResult> {
  const { db } = ctx.deps;
  if (ctx.batchId === null) return { outcome: "done", outputs: { tasks: 0, reason: "nothing was selected" } };
  const r = ctx.config.review;
  if (r.mode === "human") {
    const p = batchProgress(db, ctx.batchId, r.approval);
    if (p.left > 0) return { outcome: "waiting", outputs: { batchId: ctx.batchId, left: p.left, total: p.total }, waitMessage: p.message };
    const joined = joinTraining(ctx);
    return { outcome: "done", outputs: { batchId: ctx.batchId, total: p.total, mode: "human", joinedTrain: joined } };
  }
  const oracle = r.mode === "oracle" ? openOracle(oraclePath(r), listClasses(db).map((c) => c.name)) : null;
  const answered = answerBatch(ctx, oracle);
  return { outcome: "done", outputs: { batchId: ctx.batchId, mode: r.mode, ...answered, joinedTrain: joinTraining(ctx) } };
}

/**
 * The batch's finished pool images join the train split, so the next training round learns from what people (or
 * the oracle) labeled. Skipped images stay in the pool; images still unlabeled never move. Idempotent.
 */
function joinTraining(ctx: StepContext): number {
  const { db, clock } = ctx.deps;
  const { pool, train } = ctx.config.data;
  const tasks = listTasks(db, ctx.batchId as number, {}, 0, 1_000_000).items;
  const ids = tasks.filter((t) => t.status !== "skipped" && t.image.split === pool && t.image.status !== "unlabeled").map((t) => t.image.id);
  return db.transaction(() => setImageSplit(db, ids, train, clock.now()))();
}

function oraclePath(r: LoopConfig["review"]): string {
  if (!r.oraclePath) throw new LoupeError("E_VALIDATION", "review.oraclePath: oracle review needs the pool's ground truth");
  return r.oraclePath;
}

function answerBatch(ctx: StepContext, oracle: Oracle | null): { answered: number; boxes: number; empty: number } {
  const { db, clock, newId, actor } = ctx.deps;
  const batchId = ctx.batchId as number;
  const review = ctx.config.review;
  const batch = getBatch(db, batchId);
  const classes = listClasses(db);
  const classByName = new Map(classes.map((c) => [c.name, c.id]));
  const who = oracle ? "oracle" : "auto";
  let answered = 0;
  let boxes = 0;
  let empty = 0;
  const tasks = listTasks(db, batchId, {}, 0, 1_000_000).items;
  const read = oracle || !batch?.modelId ? null : ctx.deps.source.reader(batch.modelId); // one reader for the whole batch
  for (const [i, task] of tasks.entries()) {
    throwIfAborted(ctx.signal, "review");
    ctx.progress(`answering as ${who}`, i, tasks.length);
    if (finished(task.status, review.approval)) continue;
    const image = task.image;
    let wanted: { classId: number; box: { x: number; y: number; w: number; h: number }; score: number | null }[];
    if (oracle) {
      const truth = oracle.labelsOf(image);
      if (truth === null) throw new LoupeError("E_NOT_FOUND", `the oracle (${oracle.describe}) has no labels for ${image.fileName}`);
      wanted = truth.flatMap((t) => {
        const classId = classByName.get(t.className);
        return classId === undefined ? [] : [{ classId, box: t.box, score: null }];
      });
    } else {
      if (!read) throw new LoupeError("E_CONFLICT", `batch ${batchId} has no model whose predictions auto review could keep`);
      wanted = read(image.id, review.autoThreshold)
        .flatMap((p) => (p.classId === null ? [] : [{ classId: p.classId, box: p.box, score: p.score }]));
    }
    const now = clock.now();
    db.transaction(() => {
      const edits: LabelEdit[] = listLabelsForImage(db, image.id).map((l) => ({ kind: "delete", id: l.id }));
      for (const w of wanted) edits.push({ kind: "create", imageId: image.id, classId: w.classId, box: w.box, source: oracle ? "oracle" : "prediction", score: w.score });
      if (wanted.length === 0) edits.push({ kind: "setImageEmpty", imageId: image.id, empty: true });
      applyLabelEdits(db, edits, { batchId: newId(), actor: `${actor} (${who})`, now, newId });
      if (image.split === ctx.config.data.pool) setImageSplit(db, [image.id], ctx.config.data.train, now);
      updateTask(db, task.id, { status: "done", annotator: who, finishedAt: now }, now);
      if (review.approval) updateTask(db, task.id, { status: "approved", reviewer: who, reviewedAt: now }, now);
    })();
    answered++;
    boxes += wanted.length;
    if (wanted.length === 0) empty++;
  }
  return { answered, boxes, empty };
}
