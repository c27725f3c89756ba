import { createErrorBatch } from "../evaluation/error-batch";
import { evaluateModel } from "../evaluation/evaluate-model";
import type { PredictionSource } from "../inference/predictions";
import type { AreaService, ServiceContext } from "./context";

/**
 * evaluation.*: a thin adapter over the domain function `evaluateModel` (metrics, curves, confusion, error analysis,
 * stored as an evaluations row), plus the optional review batch of the images with errors.
 */
export function createEvaluationService(ctx: ServiceContext, source: PredictionSource): AreaService<"evaluation"> {
  return {
    run: async (req) => {
      const session = ctx.sessions.require();
      const outcome = await evaluateModel({ db: session.db, projectDir: session.dir, source, clock: ctx.clock }, req);
      const batch = req.batchName
        ? createErrorBatch(
            session.db,
            { modelId: req.modelId, name: req.batchName, createdBy: ctx.appState.settings().annotatorName || "anonymous", now: ctx.clock.now() },
            outcome.errors,
            outcome.images,
          )
        : null;
      return { ...outcome.report, batch };
    },
  };
}
