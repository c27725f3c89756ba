import type { LoopStatusInfo } from "../../src-preload/api";
import { LoupeError } from "../errors";
import { createAppService } from "./app-service";
import { createClassesService } from "./classes-service";
import { createDatasetsService } from "./datasets-service";
import type { ServiceContext, Services } from "./context";
import { createImagesService } from "./images-service";
import { createInferenceService } from "./inference-service";
import { storePredictionSource } from "../inference/predictions";
import { createModelsService } from "./models-service";
import { createJobsService } from "./jobs-service";
import { createLabelsService } from "./labels-service";
import { createProjectsService } from "./projects-service";
import { createEvaluationService } from "./evaluation-service";
import { createReviewService } from "./review-service";
import { createSelectionService } from "./selection-service";
import { createSettingsService } from "./settings-service";
import { createTrainingService } from "./training-service";

/** Stands in for the loop engine's service until it lands: status says idle, the rest refuse. */
function pendingLoopService(ctx: ServiceContext): Services["loop"] {
  const refuse = () => {
    ctx.sessions.require();
    throw new LoupeError("E_CONFLICT", "the loop engine is not part of this build");
  };
  const idle = (): LoopStatusInfo => ({
    status: "idle", iteration: null, step: null, bestModelId: null, bestMetrics: null, waitingFor: null, reason: null, lastDecision: null,
    locked: false, lockedBy: null, pauseRequested: false, dryRun: false, iterationsDone: 0,
  });
  return {
    status: () => (ctx.sessions.require(), idle()), start: refuse, pause: refuse, stop: refuse, resume: refuse, getConfig: refuse,
    validateConfig: refuse, updateConfig: refuse, iterations: () => (ctx.sessions.require(), []), iteration: refuse,
  };
}

/** Every API area's implementation. A new area adds one line here (and to api.ts and schemas.ts). */
export function createServices(ctx: ServiceContext): Services {
  const inference = createInferenceService(ctx);
  const predictions = storePredictionSource(() => ctx.sessions.require().db);
  return {
    app: createAppService(ctx),
    projects: createProjectsService(ctx),
    classes: createClassesService(ctx),
    images: createImagesService(ctx),
    labels: createLabelsService(ctx),
    settings: createSettingsService(ctx),
    review: createReviewService(ctx, predictions),
    evaluation: createEvaluationService(ctx, predictions),
    selection: createSelectionService(ctx, predictions),
    jobs: createJobsService(ctx),
    models: createModelsService(ctx),
    inference,
    datasets: createDatasetsService(ctx),
    training: createTrainingService(ctx),
    loop: pendingLoopService(ctx),
  };
}
