import { LoupeError } from "../errors";
import { applyLabelEdits, revertBatch } from "../store/label-changes";
import { findLatestUndoableBatch, listBatches, listEvents } from "../store/repos/events-repo";
import { writePredictionDecisions } from "../store/repos/prediction-decisions-repo";
import type { AreaService, ServiceContext } from "./context";

export function createLabelsService(ctx: ServiceContext): AreaService<"labels"> {
  const actorOf = (author: string | undefined): string => {
    const name = (author ?? ctx.appState.settings().annotatorName).trim();
    return name || "anonymous";
  };
  return {
    applyEdits: (req) => {
      const db = ctx.sessions.require().db;
      const change = { batchId: ctx.newId(), actor: actorOf(req.author), now: ctx.clock.now(), newId: ctx.newId };
      const result = db.transaction(() => {
        const applied = applyLabelEdits(db, req.edits, change);
        const pd = req.predictionDecisions;
        if (pd) {
          const unknown = writePredictionDecisions(db, pd.modelId, pd.decisions, change.actor, change.now);
          if (unknown.length) throw new LoupeError("E_NOT_FOUND", `model ${pd.modelId} has no prediction ${unknown.join(", ")}; nothing was saved`);
        }
        return applied;
      })();
      ctx.events.emit("labels.changed", { batchId: result.batchId, imageIds: result.images.map((i) => i.id), actor: change.actor });
      return result;
    },
    undo: (req) => {
      const db = ctx.sessions.require().db;
      const change = { batchId: ctx.newId(), actor: actorOf(req.author), now: ctx.clock.now(), newId: ctx.newId };
      const result = db.transaction(() => {
        const target = req.batchId ?? findLatestUndoableBatch(db, req.imageId);
        if (!target) throw new LoupeError("E_NOT_FOUND", "there is nothing to undo");
        return { ...revertBatch(db, target, change), revertedBatchId: target };
      })();
      ctx.events.emit("labels.changed", { batchId: result.batchId, imageIds: result.images.map((i) => i.id), actor: change.actor });
      return result;
    },
    history: (req) => listBatches(ctx.sessions.require().db, { imageId: req.imageId }, req.limit ?? 50),
    events: (req) => listEvents(ctx.sessions.require().db, { imageId: req.imageId, batchId: req.batchId }, req.limit ?? 200),
  };
}
