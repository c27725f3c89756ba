import type { RequestOf, ResponseOf } from "../../src-preload/api";
import { call } from "../api/client";

/**
 * Named one-shot requests whose answers no slice keeps (a page of thumbnails, the labels of the image on the
 * canvas, a save of canvas edits, starting an import or export job). Views call these or slice actions, never the
 * API client itself; each function is exactly one contract method.
 */
export const getImage = (req: RequestOf<"images", "get">): Promise<ResponseOf<"images", "get">> => call("images", "get", req);
export const listImages = (req: RequestOf<"images", "list">): Promise<ResponseOf<"images", "list">> => call("images", "list", req);
export const reviewPredictions = (req: RequestOf<"review", "predictions">): Promise<ResponseOf<"review", "predictions">> => call("review", "predictions", req);
export const applyLabelEdits = (req: RequestOf<"labels", "applyEdits">): Promise<ResponseOf<"labels", "applyEdits">> => call("labels", "applyEdits", req);
export const importDataset = (req: RequestOf<"datasets", "import">): Promise<ResponseOf<"datasets", "import">> => call("datasets", "import", req);
export const exportDataset = (req: RequestOf<"datasets", "export">): Promise<ResponseOf<"datasets", "export">> => call("datasets", "export", req);
export const listExports = (req: RequestOf<"datasets", "exports">): Promise<ResponseOf<"datasets", "exports">> => call("datasets", "exports", req);

/** The message of a failed request, for a view to show. */
export { errorMessage } from "../api/client";
export const imageBoxes = (req: RequestOf<"images", "boxes">): Promise<ResponseOf<"images", "boxes">> => call("images", "boxes", req);
export const createReviewBatch = (req: RequestOf<"review", "createBatch">): Promise<ResponseOf<"review", "createBatch">> => call("review", "createBatch", req);
export const reviewChanges = (req: RequestOf<"review", "changes">): Promise<ResponseOf<"review", "changes">> => call("review", "changes", req);
export const appInfo = (req: RequestOf<"app", "info">): Promise<ResponseOf<"app", "info">> => call("app", "info", req);
export const chooseFile = (req: RequestOf<"app", "chooseFile">): Promise<ResponseOf<"app", "chooseFile">> => call("app", "chooseFile", req);
export const chooseFolder = (req: RequestOf<"app", "chooseFolder">): Promise<ResponseOf<"app", "chooseFolder">> => call("app", "chooseFolder", req);
export const listSimulations = (req: RequestOf<"simulation", "list">): Promise<ResponseOf<"simulation", "list">> => call("simulation", "list", req);
export const simulationResults = (req: RequestOf<"simulation", "results">): Promise<ResponseOf<"simulation", "results">> => call("simulation", "results", req);
