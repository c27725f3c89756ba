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
import { createLoopService } from "./loop-service";
import { createProjectsService } from "./projects-service";
import { createEvaluationService } from "./evaluation-service";
import { createReviewService } from "./review-service";
import { createSelectionService } from "./selection-service";
import { createSimulationService } from "./simulation-service";
import { createSettingsService } from "./settings-service";
import { createTrainingService } from "./training-service";

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
    loop: createLoopService(ctx),
    simulation: createSimulationService(ctx),
  };
}
