import { inferenceImageIds, predictionReader, runInference } from "../inference/predictions";
import { requireModel } from "../store/repos/models-repo";
import type { AreaService, ServiceContext } from "./context";

/**
 * inference.*: predictions of a stored model on the project's images, as a job over the domain function
 * `runInference` (idempotent per model and image, so a rerun does only what is missing).
 */
export function createInferenceService(ctx: ServiceContext): AreaService<"inference"> {
  return {
    run: (req) => {
      const session = ctx.sessions.require();
      const model = requireModel(session.db, req.modelId);
      const ids = inferenceImageIds(session.db, req); // refuses unknown images before the job starts
      const title = `predict with ${model.name} on ${ids.length} image${ids.length === 1 ? "" : "s"}${req.split ? ` (${req.split})` : ""}`;
      return ctx.jobs.start("inference", title, (job) =>
        runInference(
          { db: session.db, projectDir: session.dir, client: ctx.inference, clock: ctx.clock },
          { ...req, imageIds: ids },
          { signal: job.signal, onProgress: (done, total) => job.progress("predicting", done, total) },
        ),
      );
    },
    predictions: (req) => predictionReader(ctx.sessions.require().db, req.modelId)(req.imageId, req.minScore ?? 0),
  };
}
