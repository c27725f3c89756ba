/**
 * THE contract between the renderer and the main process (and the CLI and the e2e test bridge, which host the
 * same services). Types only, plus one runtime constant: the table of area → method names.
 *
 * Rules: every method takes ONE request object and resolves to a Result. Payloads are plain JSON data: ids are
 * numbers (SQLite rowids) or strings (UUIDs), times are epoch milliseconds, no classes, no Dates.
 */

// ---------------------------------------------------------------------------------------------------------------
// Results and errors
// ---------------------------------------------------------------------------------------------------------------

export const ERROR_CODES = [
  "E_VALIDATION",
  "E_UNKNOWN_METHOD",
  "E_NOT_FOUND",
  "E_CONFLICT",
  "E_NO_PROJECT",
  "E_IO",
  "E_DB",
  "E_DB_DAMAGED",
  "E_SCHEMA_TOO_NEW",
  "E_MODEL_FORMAT",
  "E_DATASET_FORMAT",
  "E_CANCELLED",
  "E_WORKER_CRASHED",
  "E_FORBIDDEN",
  "E_INTERNAL",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorData {
  code: ErrorCode;
  message: string;
  /** The file the problem is about, where there is one. */
  file?: string;
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiErrorData };

// ---------------------------------------------------------------------------------------------------------------
// Domain data crossing the boundary
// ---------------------------------------------------------------------------------------------------------------

export const SPLITS = ["train", "val", "test", "pool"] as const;
export type Split = (typeof SPLITS)[number];

/** unlabeled: no labels yet; labeled: has boxes; empty: a person confirmed there is nothing to label. */
export const IMAGE_STATUSES = ["unlabeled", "labeled", "empty"] as const;
export type ImageStatus = (typeof IMAGE_STATUSES)[number];

export const LABEL_SOURCES = ["manual", "import", "prediction", "oracle"] as const;
export type LabelSource = (typeof LABEL_SOURCES)[number];

export const REVIEW_STATES = ["pending", "approved", "rejected"] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** An axis-aligned box in image pixels: (x, y) is the top-left corner, w and h are ≥ 0. */
export interface BoxPx {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ClassInfo {
  id: number;
  name: string;
  /** CSS colour, `#rrggbb`. */
  color: string;
  /** 0-based order used for model class indices and the 1–9 keys. */
  position: number;
}

export interface ProjectInfo {
  /** Stable UUID of the project, kept when the folder is copied elsewhere. */
  id: string;
  name: string;
  /** Absolute path of the `<name>.loupe` folder. */
  path: string;
  createdAt: number;
  schemaVersion: number;
  classes: ClassInfo[];
}

export interface RecentProject {
  path: string;
  name: string;
  openedAt: number;
  /** False when the folder is no longer there. */
  exists: boolean;
}

export interface ProjectStatus {
  project: ProjectInfo;
  imageCount: number;
  labelCount: number;
  bySplit: Record<Split, number>;
  byStatus: Record<ImageStatus, number>;
  /** Image count per split and status. */
  bySplitAndStatus: Record<Split, Record<ImageStatus, number>>;
  labelsByClass: { classId: number; name: string; count: number }[];
  dataRoots: { id: number; path: string; imageCount: number; exists: boolean }[];
}

export interface ImageInfo {
  id: number;
  rootId: number;
  /** Path relative to the data root, always with forward slashes. */
  relPath: string;
  fileName: string;
  sizeBytes: number;
  /** sha256 of the file's bytes, hex. */
  contentHash: string;
  width: number;
  height: number;
  split: Split;
  status: ImageStatus;
  labelCount: number;
  createdAt: number;
  updatedAt: number;
}

/** The boxes of one image as thumbnails draw them (images.boxes), in image pixels. */
export interface ImageBoxes {
  imageId: number;
  labels: { classId: number; source: LabelSource; reviewState: ReviewState; box: BoxPx }[];
  /** Empty unless a model was asked for; classId is the project class the model's class maps to, or null. */
  predictions: { classId: number | null; className: string; score: number; box: BoxPx }[];
}

export interface LabelFlags {
  iscrowd?: boolean;
  difficult?: boolean;
  truncated?: boolean;
}

export interface LabelInfo {
  /** UUID; the renderer may choose it when it creates a box (so undo can re-create the same box). */
  id: string;
  imageId: number;
  classId: number;
  box: BoxPx;
  source: LabelSource;
  author: string;
  reviewState: ReviewState;
  flags: LabelFlags;
  /** Confidence of the prediction an accepted box came from, if any. */
  score: number | null;
  createdAt: number;
  updatedAt: number;
  /** Incremented on every change; edits may state the version they expect (optimistic concurrency). */
  version: number;
}

export type LabelEdit =
  | {
      kind: "create";
      id?: string;
      imageId: number;
      classId: number;
      box: BoxPx;
      source?: LabelSource;
      score?: number | null;
      flags?: LabelFlags;
    }
  | {
      kind: "update";
      id: string;
      box?: BoxPx;
      classId?: number;
      reviewState?: ReviewState;
      flags?: LabelFlags;
      expectVersion?: number;
    }
  | { kind: "delete"; id: string; expectVersion?: number }
  /** Mark an image confirmed-empty (only allowed when it has no labels) or take the mark back. */
  | { kind: "setImageEmpty"; imageId: number; empty: boolean };

export interface EditBatchInfo {
  batchId: string;
  at: number;
  actor: string;
  /** The batch this one reverted, when it was an undo. */
  revertsBatchId: string | null;
  imageIds: number[];
  changeCount: number;
}

export interface AuditEvent {
  id: number;
  batchId: string;
  at: number;
  actor: string;
  entity: "label" | "image";
  entityId: string;
  action: "create" | "update" | "delete" | "status";
  before: unknown;
  after: unknown;
}

export interface Settings {
  /** Name recorded on every edit; set once per machine. */
  annotatorName: string;
  /** Confidence threshold for showing predictions in review, 0..1. */
  reviewScoreThreshold: number;
  /** Seed for deterministic choices (split assignment, random selection). */
  seed: number;
  /** Per user: review shortcuts that REPLACE an action's default keys (action id → chords). */
  keymapOverrides: Record<string, KeyOverrideData>;
}

export interface KeyOverrideData {
  keys: string[];
  macKeys?: string[];
}

export const TASK_STATUSES = ["pending", "done", "skipped", "flagged", "approved", "rejected"] as const;
/** pending → done | skipped | flagged (annotator) → approved | rejected (reviewer); see core/review/task-status.ts. */
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface ReviewBatchInfo {
  id: number;
  name: string;
  source: "selection" | "filter" | "list";
  /** The model whose predictions the tasks show, if any. */
  modelId: string | null;
  createdBy: string;
  createdAt: number;
  total: number;
  byStatus: Record<TaskStatus, number>;
  /** What a task's score means: a hard-example score (a selection), a count of the model's errors, or none. */
  scoreMeaning: "hardness" | "errors" | null;
  /** Progress per assigned person (null: tasks nobody was assigned), in first-assignment order. */
  byAssignee: AssigneeProgress[];
}

export interface AssigneeProgress {
  assignee: string | null;
  total: number;
  /** Tasks finished (done, skipped, flagged) or decided (approved, rejected). */
  finished: number;
  approved: number;
  rejected: number;
  /** Time spent on these tasks, summed. */
  timeSpentMs: number;
}

/** How a batch is split among annotators: in turn (task 1 to the first, 2 to the second…) or in blocks of a count each. */
export interface AssignmentRequest {
  annotators: string[];
  mode?: "round-robin" | "counts";
  /** For "counts": how many tasks each annotator gets, in order; the rest stay unassigned. */
  counts?: number[];
}

export interface ReviewTaskInfo {
  id: number;
  batchId: number;
  /** 1-based order in the batch (score order for a selection). */
  position: number;
  image: ImageInfo;
  score: number | null;
  /** Why this image was chosen, in words ("rare class: weed (4% of labels)"). */
  reasons: string[];
  /** Region of interest to open zoomed on, in image pixels; null for the whole image. */
  roi: BoxPx | null;
  status: TaskStatus;
  /** The person the task is assigned to, or null. */
  assignee: string | null;
  /** Who finished it. */
  annotator: string | null;
  comment: string | null;
  reviewer: string | null;
  reviewComment: string | null;
  /** The region a reviewer pinned the rejection to (image pixels), or null. */
  reviewRegion: BoxPx | null;
  timeSpentMs: number;
  finishedAt: number | null;
  reviewedAt: number | null;
  updatedAt: number;
}

/** A review decision on one stored prediction; "pending" takes a decision back (undo). */
export interface PredictionDecision {
  predictionId: number;
  status: "pending" | "accepted" | "rejected";
  /** The label id an accepted prediction became. */
  acceptedAs: string | null;
}

/** A prediction as the review canvas shows it: the stored box plus the decision on it. */
export interface ReviewPrediction {
  id: number;
  classId: number | null;
  className: string;
  score: number;
  box: BoxPx;
  status: "pending" | "accepted" | "rejected";
  acceptedAs: string | null;
}

export const CHANGE_KINDS = ["accepted", "moved", "reclassified", "rejected", "pending", "drawn", "kept"] as const;
/**
 * What happened to one box between the model's predictions and the final labels: a prediction accepted as is,
 * accepted and then moved or reclassified, rejected, still pending; a label drawn by a person; a label that was
 * there before (imported) and kept.
 */
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface BoxChange {
  kind: ChangeKind;
  predictionId: number | null;
  labelId: string | null;
  classId: number | null;
  className: string;
  /** The prediction's class when it was reclassified. */
  fromClassName: string | null;
  score: number | null;
  /** The final box (the label's), or the prediction's when there is no label. */
  box: BoxPx;
  /** The prediction's box when the label differs from it. */
  predictedBox: BoxPx | null;
}

/** The difference between the model's predictions and the final labels of one task (`review.changes`). */
export interface TaskChanges {
  taskId: number;
  modelId: string | null;
  annotator: string | null;
  timeSpentMs: number;
  counts: Record<ChangeKind, number>;
  items: BoxChange[];
}

/** Precision, recall and F1 at one confidence threshold. */
export interface PrfPointInfo {
  confidence: number;
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

/** A model evaluated on a split from stored predictions and labels (`evaluation.run`). */
export interface EvaluationReport {
  /** The stored evaluation row. */
  id: number;
  modelId: string;
  split: Split;
  imageCount: number;
  labelCount: number;
  predictionCount: number;
  /** Images of the split the model has not predicted yet (they count as predicted with nothing). */
  unpredictedImages: number;
  /** Confidence for P/R/F1 and the error analysis. */
  confidence: number;
  /** pycocotools' 12 numbers: AP, AP50, AP75, APs, APm, APl, AR1, AR10, AR100, ARs, ARm, ARl (-1 where none). */
  coco: Record<string, number>;
  /** Pascal VOC all-point AP at IoU 0.5, mean over classes with labels. */
  vocMap50: number;
  perClass: {
    classId: number;
    name: string;
    gtCount: number;
    ap: number;
    ap50: number;
    vocAp50: number;
    atConfidence: PrfPointInfo;
    atOptimal: PrfPointInfo;
  }[];
  prf: { atConfidence: PrfPointInfo; atOptimal: PrfPointInfo };
  errors: { fn: { total: number; byCategory: Record<string, number> }; fp: { total: number; byCategory: Record<string, number> } };
  /** Folder holding error_report.json, fn_crops/ and fp_crops/, when written. */
  reportDir: string | null;
  /** The review batch of images with errors, when asked. */
  batch: ReviewBatchInfo | null;
}

/** A stored evaluation without its curves (`evaluation.list`); the numbers of `evaluation.run`'s report. */
export interface EvaluationSummary {
  id: number;
  modelId: string;
  split: Split;
  /** The loop iteration it belongs to, or null when run by hand. */
  iteration: number | null;
  createdAt: number;
  confidence: number;
  imageCount: number;
  labelCount: number;
  coco: Record<string, number>;
  vocMap50: number;
  prf: { atConfidence: PrfPointInfo; atOptimal: PrfPointInfo } | null;
  perClass: EvaluationReport["perClass"];
  errors: EvaluationReport["errors"];
  /** Whether error_report.json and the crops were written (the crop grid needs them). */
  hasErrorReport: boolean;
}

/** One stored evaluation whole: PR curves per class at IoU 0.5 and averaged over 0.5:0.95, and the confusion matrix. */
export interface EvaluationDetail extends EvaluationSummary {
  /** 101 recall points shared by every curve; precision (and score at IoU 0.5) per class at each point. */
  prCurves: {
    recall: number[];
    iou50: { classId: number; precision: number[]; score: number[] }[];
    iou50to95: { classId: number; precision: number[] }[];
  };
  /** Rows are true classes, columns predicted; the last row and column (index classIds.length) are background. */
  confusion: { classIds: number[]; counts: number[][] };
}

export const ERROR_KINDS = ["fn", "fp"] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** One missed (fn) or false (fp) box of an evaluation, with its crop when one was written. */
export interface ErrorItemInfo {
  kind: ErrorKind;
  /** Position in the evaluation's list of that kind; with the kind and the evaluation it names the crop. */
  index: number;
  imageId: number;
  fileName: string;
  classId: number;
  className: string;
  /** The main category (fn: its primary one), and every category (fn boxes can be small and crowded). */
  category: string;
  categories: string[];
  box: BoxPx;
  /** fp: the prediction's score; fn: the score of the best same-class prediction, or null. */
  score: number | null;
  iou: number;
  /** Whether a crop exists (see `media.cropUrl`). */
  hasCrop: boolean;
}

export interface ErrorItemFilter {
  kind?: ErrorKind;
  category?: string;
  classId?: number;
  /** Score range, inclusive (fn without a near prediction count as score 0). */
  minScore?: number;
  maxScore?: number;
}

/**
 * Selection strategies. Baselines: random, least-confidence, entropy, margin. multi-factor: class balance, size and
 * spatial diversity, uncertainty. localization-stability: boxes that move under flip/scale test-time augmentation
 * (Kao et al. 2018). coverage: k-center greedy over cheap image descriptors (Sener & Savarese 2018).
 * uncertainty-coverage: entropy × coverage distance.
 */
export const SELECTION_STRATEGIES = [
  "multi-factor",
  "random",
  "least-confidence",
  "entropy",
  "margin",
  "localization-stability",
  "coverage",
  "uncertainty-coverage",
] as const;
export type SelectionStrategyName = (typeof SELECTION_STRATEGIES)[number];

/** Hard examples chosen from the pool (`selection.run`). */
export interface SelectionReport {
  modelId: string;
  strategy: SelectionStrategyName;
  aggregation: "max" | "mean" | "sum";
  seed: number;
  budget: number;
  /** What the budget counted: images, or the chosen images' predicted boxes. */
  budgetUnit: "images" | "boxes";
  poolSize: number;
  /** Predicted boxes in the chosen images. */
  predictedBoxes: number;
  chosen: {
    rank: number;
    imageId: number;
    fileName: string;
    score: number;
    /** Multi-factor parts (value, weight, part) by factor; null for the baselines. */
    factors: Record<string, { value: number; weight: number; part: number }> | null;
    reasons: string[];
    /** Pool images left out of the round as duplicates of this one (same content or near-identical). */
    duplicateImageIds: number[];
  }[];
  quotaShortfalls: { classId: number; wanted: number; got: number }[];
  /** The review batch made from the choice, when asked. */
  batch: ReviewBatchInfo | null;
}

export type JobKind = "import" | "export" | "inference" | "training" | "evaluation" | "selection" | "demo";
export type JobState = "queued" | "running" | "succeeded" | "failed" | "cancelled";

export interface JobInfo {
  id: string;
  kind: JobKind;
  state: JobState;
  title: string;
  phase: string;
  done: number;
  total: number;
  /** Items per second over the running phase, when known. */
  ratePerSec: number | null;
  startedAt: number;
  finishedAt: number | null;
  error: ApiErrorData | null;
  result: unknown;
}

/** The trainers Loupe can drive (DESIGN.md "Trainer protocol"). */
export const TRAINER_ADAPTERS = ["builtin", "ultralytics", "command"] as const;
export type TrainerAdapterName = (typeof TRAINER_ADAPTERS)[number];

/** One Python interpreter as the environment probe found it. */
export interface TrainingPythonInfo {
  /** The command tried (a path or a name looked up on PATH). */
  python: string;
  /** The interpreter's sys.executable, when it ran. */
  executable: string | null;
  version: string | null;
  torch: string | null;
  torchError: string | null;
  /** torch.get_num_threads() right after import (Debian's torch says 1; the runner sets it). */
  torchThreads: number | null;
  cudaAvailable: boolean;
  cudaDevices: string[];
  mpsAvailable: boolean;
  numpy: string | null;
  pil: string | null;
  ultralytics: string | null;
  /** Why the interpreter could not be probed at all (not found, timed out). */
  problem: string | null;
}

/** What the trainers can use on this machine, with the exact install command for anything missing. */
export interface TrainingEnvironment {
  platform: string;
  isDebian: boolean;
  cpuThreads: number;
  probes: TrainingPythonInfo[];
  /** Interpreter for the built-in trainer (torch ≥ 1.13, numpy, Pillow), if any. */
  python: string | null;
  builtinReady: boolean;
  ultralyticsPython: string | null;
  ultralyticsReady: boolean;
  problems: string[];
  notes: string[];
  /**
   * The trainers the user configured in trainers.json (per-user app data): the names `training.start` and
   * `training.environment` accept in `command` and `python`. The page can pick one; only the file defines them.
   */
  trainers: { file: string; pythons: string[]; commands: string[]; problem: string | null };
}

/** Live progress of a training job (also in `training.progress` events). */
export interface TrainingProgressInfo {
  /** "running" = a plain command that prints no protocol lines. */
  phase: "starting" | "training" | "exporting" | "running" | "finished";
  epoch: number;
  epochs: number;
  /** Epochs finished so far. */
  epochsDone: number;
  step: number;
  steps: number;
  loss: number | null;
  metrics: Record<string, unknown>;
  elapsedSec: number;
  /** An estimate from the pace so far, null until there is one. */
  etaSec: number | null;
  secondsPerEpoch: number | null;
}

export interface TrainingStartRequest {
  adapter?: TrainerAdapterName;
  /** Minimum epochs (default: 30 from scratch, 5 for a warm start). */
  epochs?: number;
  /** Minimum optimiser steps (default: 1500 from scratch, 200 warm); small sets train more epochs. */
  steps?: number;
  /** Square input size in px (default 320). */
  imgsz?: number;
  batch?: number;
  seed?: number;
  /** CPU threads for the trainer (default: all cores). */
  threads?: number;
  device?: string;
  /** Warm start from this model's checkpoint (see training.history); "latest" = the newest model. */
  initModelId?: string;
  /** "labeled" (default): finished images, every label not rejected; "approved": fully approved images only. */
  labels?: "labeled" | "approved";
  /**
   * For the "command" adapter: the NAME of a command trainer in trainers.json (its command line has {data} {out}
   * {epochs} {imgsz} {init} placeholders). Never a command line: a page cannot choose what runs.
   */
  command?: string;
  /** The NAME of a Python interpreter in trainers.json to use instead of the probed one (never a path). */
  python?: string;
  /** Ultralytics model (architecture .yaml or a local .pt) when not warm-starting. */
  model?: string;
}

/** A model a training run produced, with its metrics and lineage. */
export interface TrainedModelInfo {
  id: string;
  name: string;
  adapter: TrainerAdapterName;
  createdAt: number;
  /** Absolute paths inside the project's models/ folder. */
  onnxPath: string;
  checkpointPath: string | null;
  /** The trainer's final validation metrics (mAP50, mAP50_95, …). */
  metrics: Record<string, unknown>;
  parentModelId: string | null;
  /** manifest.json of the exact dataset the model was trained on. */
  datasetManifestPath: string;
  trainImages: number;
  valImages: number;
  labelCount: number;
  labelRule: "labeled" | "approved";
  imgsz: number;
  classNames: string[];
  epochs: number;
  seconds: number;
  /** training_log.txt of the run. */
  logPath: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Models and inference
// ---------------------------------------------------------------------------------------------------------------

/** Output layouts Loupe decodes: YOLOv5 [1,N,5+nc], YOLOv8/11/12 [1,4+nc,N], end-to-end [1,K,6], YOLOX (raw grid). */
export const MODEL_LAYOUTS = ["yolov5", "yolov8", "end-to-end", "yolox"] as const;
export type ModelLayout = (typeof MODEL_LAYOUTS)[number];

/** How one model class maps onto the project's classes (null: predictions of it get no project class). */
export interface ModelClassMapping {
  modelIndex: number;
  modelName: string;
  classId: number | null;
  className: string | null;
  how: "exact" | "loose" | "explicit" | null;
}

export interface ModelInfo {
  /** UUID; the file is `models/<fileName>` inside the project. */
  id: string;
  name: string;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  layout: ModelLayout;
  /** How the layout was decided ("Ultralytics metadata, output [1, 4+nc, N]", "chosen by the user", …). */
  layoutReason: string;
  inputWidth: number;
  inputHeight: number;
  inputType: "float32" | "float16";
  classNames: string[];
  classMapping: ModelClassMapping[];
  /** True when model and project classes are the same names in the same order. */
  classesMatchProject: boolean;
  unmatchedModelClasses: string[];
  unmatchedProjectClasses: string[];
  /** The ONNX file's metadata_props. */
  metadata: Record<string, string>;
  parentModelId: string | null;
  createdAt: number;
  metrics: Record<string, unknown> | null;
  /** What training recorded, for models a training run (or the loop) produced; null for added files. */
  training: ModelTrainingInfo | null;
  /** True for the loop's best model (promoted by the loop or by hand). */
  isBest: boolean;
}

/** A trained model's lineage: which iteration, which dataset, how. Paths are relative to the project folder. */
export interface ModelTrainingInfo {
  adapter: TrainerAdapterName;
  iteration: number | null;
  datasetManifest: string;
  trainImages: number;
  valImages: number;
  labelCount: number;
  imgsz: number;
  epochs: number;
  seconds: number;
}

export interface PredictionInfo {
  id: number;
  modelId: string;
  imageId: number;
  /** The model's class index and name. */
  classIndex: number;
  className: string;
  /** The project class it maps to (see ModelInfo.classMapping), or null. */
  classId: number | null;
  score: number;
  box: BoxPx;
}

/** The result of an `inference.run` job. */
export interface InferenceRunReport {
  modelId: string;
  total: number;
  /** Images this model had already predicted with compatible settings. */
  skipped: number;
  done: number;
  failed: number;
  boxes: number;
  restarts: number;
  seconds: number;
  imagesPerSec: number;
  /** onnxruntime and sharp thread settings the worker applied. */
  threads: { intraOpThreads: number; interOpThreads: number; executionMode: string; graphOptimizationLevel: string; imageThreads: number; allowSpinning: boolean };
  /** How JPEGs were decoded: "image addon (libjpeg-turbo 2.1.5)", or "sharp" where the addon is not built. */
  jpegDecoding: string;
  /** The first few per-image errors, with the image id. */
  errors: { imageId: number; code: ErrorCode; message: string }[];
}

export interface AppInfo {
  version: string;
  /** Where new projects go unless the user picks another folder. */
  defaultProjectsDir: string;
  host: "electron" | "cli" | "test-bridge";
}

// ---------------------------------------------------------------------------------------------------------------
// Datasets: import and export
// ---------------------------------------------------------------------------------------------------------------

export const DATASET_IMPORT_FORMATS = ["auto", "folder", "yolo", "coco", "voc"] as const;
export type DatasetImportFormat = (typeof DATASET_IMPORT_FORMATS)[number];
export const DATASET_EXPORT_FORMATS = ["yolo", "coco", "voc", "csv"] as const;
export type DatasetExportFormat = (typeof DATASET_EXPORT_FORMATS)[number];

/** A problem with one input file: an error left the item (image, box, line) out; a warning kept it, perhaps changed. */
export interface DatasetIssue {
  file: string;
  line?: number;
  severity: "error" | "warning";
  message: string;
}

/** The outcome of an import (the result of a `datasets.import` job). */
export interface DatasetImportReport {
  format: Exclude<DatasetImportFormat, "auto">;
  source: string;
  /** The data root the images are registered under. */
  root: string;
  durationMs: number;
  imagesPerSec: number;
  counts: {
    found: number;
    imported: number;
    /** Known content found at a new place with the old file gone: re-linked, not duplicated. */
    relinked: number;
    /** Already in the project, same place and content. */
    unchanged: number;
    duplicates: number;
    failed: number;
    labeled: number;
    empty: number;
    unlabeled: number;
    labels: number;
    errors: number;
    warnings: number;
  };
  /** New images per split. */
  bySplit: Record<Split, number>;
  classesAdded: string[];
  /** Errors first; at most 1000, `issuesLeftOut` more. */
  issues: DatasetIssue[];
  issuesLeftOut: number;
}

export interface DatasetExportFilter {
  split?: Split;
  approvedOnly?: boolean;
  reviewedOnly?: boolean;
  sinceLastExport?: boolean;
  /** Accepted, but refused until the loop's iterations exist. */
  iteration?: number;
}

/** A past export (also the result of a `datasets.export` job, with the manifest's counts). */
export interface DatasetExportInfo {
  id: number;
  createdAt: number;
  format: DatasetExportFormat;
  outDir: string;
  filter: DatasetExportFilter;
  imageCount: number;
  labelCount: number;
  counts: { byClass: Record<string, number>; bySplit: Partial<Record<Split, { images: number; labels: number }>>; emptyImages: number };
}

// ---------------------------------------------------------------------------------------------------------------
// The loop
// ---------------------------------------------------------------------------------------------------------------

/** The steps of one iteration, in order (iteration 0, the baseline, starts at "baseline"). */
export const LOOP_STEPS = ["baseline", "infer", "analyze", "select", "review", "train", "evaluate", "decide"] as const;
export type LoopStep = (typeof LOOP_STEPS)[number];
/** idle: never started; running: an engine works on it now; waiting: paused in review for people (or paused on request). */
export type LoopStatus = "idle" | "running" | "waiting" | "stopping" | "stopped" | "converged" | "failed";
export type ReviewMode = "human" | "auto" | "oracle";
export type LoopMetric = "mAP50-95" | "mAP50" | "F1" | "PR-AUC";

/** The loop's configuration (`loop.yaml` in the project), every default filled in. */
export interface LoopConfig {
  /** The unlabeled pool (a split) and the splits the labeled data lives in. */
  data: { pool: Split; train: Split; val: Split };
  model: {
    adapter: TrainerAdapterName;
    /** Steps (optimiser updates) and epochs per training round; the larger of the two wins. */
    steps: number;
    epochs: number;
    /** Steps and epochs of the baseline (iteration 0) when it trains from scratch. */
    baselineSteps: number;
    baselineEpochs: number;
    imgsz: number;
    batch: number;
    /** Each round starts from the best model's checkpoint (true) or from scratch (false). */
    warmStart: boolean;
    /** A model of the project to use as the baseline instead of training one (id, or null). */
    baselineModelId: string | null;
    /** Extra trainer arguments: the Ultralytics architecture (.yaml/.pt) for that adapter. */
    ultralyticsModel: string | null;
    /** The `command` adapter's trainer: the NAME of an entry in the app's trainers.json (never a command line). */
    trainer: string | null;
  };
  compare: { metric: LoopMetric; iou: number; minMargin: number; split: Split };
  selection: {
    strategy: SelectionStrategyName;
    weights: { classBalance: number; sizeDiversity: number; spatialDiversity: number; uncertainty: number };
    /** Chosen per iteration: images, or the chosen images' predicted boxes (see budgetUnit). */
    budget: number;
    /** images (default): the budget counts images; boxes: it counts their predicted boxes (crowded images cost more). */
    budgetUnit: "images" | "boxes";
    seed: number;
  };
  convergence: {
    targetF1: number;
    /** Minimum gain (F1 points) over `plateauWindow` iterations before the loop calls it a plateau. */
    plateauMinGainPts: number;
    plateauWindow: number;
    overfitGapPts: number;
    maxIterations: number;
    /** Measure train F1 on at most this many train images (the overfitting rule). */
    trainSample: number;
  };
  review: {
    mode: ReviewMode;
    /** human: the loop also waits for a reviewer's approval of every task. */
    approval: boolean;
    /** auto: predictions at or above this score become labels. */
    autoThreshold: number;
    /** oracle: ground truth of the pool held apart (YOLO labels folder, COCO JSON or VOC folder). */
    oraclePath: string | null;
  };
  inference: { confThreshold: number; iouThreshold: number; maxDetections: number };
}

/** One convergence rule that fired, in words. */
export interface FiredRuleInfo {
  rule: "target_f1" | "plateau" | "overfitting" | "max_iterations" | "pool_exhausted";
  message: string;
}

/** What decide stored for an iteration. */
export interface LoopDecisionInfo {
  iteration: number;
  promoted: boolean;
  candidateModelId: string | null;
  /** The best model after the decision. */
  bestModelId: string | null;
  metric: string;
  candidateValue: number | null;
  bestValue: number | null;
  minMargin: number;
  /** Why promoted or kept, then the convergence summary. */
  reasons: string[];
  stop: boolean;
  firedRules: FiredRuleInfo[];
  dryRun: boolean;
}

/** The metrics of an iteration's row in convergence_tracking.csv. */
export interface IterationMetrics {
  /** Labels (boxes) and images labeled in the project when the iteration's model was trained. */
  labelsSpent: number;
  imagesLabeled: number;
  mAP50_95: number;
  mAP50: number;
  precision: number;
  recall: number;
  f1: number;
  trainF1: number | null;
}

export interface IterationStepInfo {
  step: LoopStep;
  attempt: number;
  state: "running" | "done" | "failed" | "cancelled" | "interrupted";
  startedAt: number;
  finishedAt: number | null;
  error: ApiErrorData | null;
  outputs: Record<string, unknown> | null;
}

export interface IterationInfo {
  number: number;
  /** The step it is in, or "done". */
  state: LoopStep | "done";
  dryRun: boolean;
  startedAt: number;
  finishedAt: number | null;
  /** The best model when the iteration started, and the one it trained. */
  bestModelId: string | null;
  candidateModelId: string | null;
  batchId: number | null;
  selectionId: number | null;
  /** Metrics of the candidate (or the best when there is no candidate) on the comparison split. */
  metrics: IterationMetrics | null;
  decision: LoopDecisionInfo | null;
  /** Folder of the iteration's outputs. */
  dir: string;
}

export interface IterationDetail extends IterationInfo {
  steps: IterationStepInfo[];
  /** Stored evaluations of the iteration (ids for evaluation details). */
  evaluationIds: number[];
}

/** What the loop waits for while in review. */
export interface LoopWaitInfo {
  batchId: number;
  batchName: string;
  total: number;
  /** Tasks still to finish (or to approve, when approval is on). */
  left: number;
  approval: boolean;
  /** e.g. "batch 'round 3': 12 of 20 tasks left". */
  message: string;
}

export interface LoopStatusInfo {
  status: LoopStatus;
  /** The current (or last) iteration and its step. */
  iteration: number | null;
  step: LoopStep | "done" | null;
  bestModelId: string | null;
  bestMetrics: IterationMetrics | null;
  waitingFor: LoopWaitInfo | null;
  /** Why it stopped, converged, failed or waits, in words. */
  reason: string | null;
  lastDecision: LoopDecisionInfo | null;
  /** True while an engine (in this or another process) holds the loop. */
  locked: boolean;
  /** The process holding it ("host:pid"), when locked. */
  lockedBy: string | null;
  pauseRequested: boolean;
  dryRun: boolean;
  iterationsDone: number;
}

/** One problem of a loop configuration, by key ("selection.budget"). */
export interface ConfigIssue {
  key: string;
  message: string;
}


// ---------------------------------------------------------------------------------------------------------------
// Simulation (`loupe simulate`): strategies side by side with an oracle answering reviews
// ---------------------------------------------------------------------------------------------------------------

/** Mean and spread of a figure over seeds (sample standard deviation; 0 for one seed; NaN-free values only). */
export interface SpreadInfo {
  n: number;
  mean: number;
  std: number;
  min: number;
  max: number;
}

/** One point of a run's learning curve: the state after a round's model was trained and evaluated on val. */
export interface SimulationRound {
  /** 0 is the starting state (the baseline model on the labelled start set). */
  round: number;
  /** Labels (boxes) and images labelled so far, the start set included. */
  labels: number;
  images: number;
  /** Review actions bought so far (the start set excluded): boxes drawn, model boxes verified, rejected, corrected. */
  drawn: number;
  verified: number;
  rejected: number;
  corrected: number;
  /** Estimated annotator time so far, seconds (actions × the per-action costs). */
  annotatorSeconds: number;
  mAP50_95: number;
  mAP50: number;
  f1: number;
}

/** One strategy × seed run. `pending`: not finished (killed, or still running). */
export interface SimulationRun {
  strategy: string;
  seed: number;
  status: "done" | "failed" | "pending";
  error: string | null;
  rounds: SimulationRound[];
}

export interface SimulationStrategySummary {
  strategy: string;
  /** Seeds of the finished runs the figures come from. */
  seeds: number[];
  /** Mean over seeds, round by round (x values are the mean labels / images / seconds at that round). */
  curve: { round: number; labels: number; images: number; annotatorSeconds: number; mAP50_95: number; mAP50_95Std: number; mAP50: number; mAP50Std: number; f1: number; f1Std: number }[];
  /** Normalised area under mAP50-95 (its mean value over `summary.range`), against labels and against images. */
  auc: { labels: SpreadInfo; images: SpreadInfo };
  final: { mAP50_95: SpreadInfo; mAP50: SpreadInfo; f1: SpreadInfo; labels: SpreadInfo; annotatorSeconds: SpreadInfo };
  /**
   * Labels needed to reach random's final mAP50-95, as a ratio to the labels random needed (paired by seed); null
   * entries never reached it. Null for random itself or when random did not run.
   */
  labelsToMatchRandom: { perSeed: (number | null)[]; ratio: SpreadInfo; reachedIn: number } | null;
  cost: { drawn: SpreadInfo; verified: SpreadInfo; rejected: SpreadInfo; corrected: SpreadInfo };
}

export interface SimulationSummary {
  /** The x range every finished run covered (areas are measured over it). */
  range: { labels: [number, number]; images: [number, number] };
  strategies: SimulationStrategySummary[];
  /** Lowest mean labels-to-match ratio among strategies that reached random's final value with every seed. */
  best: { strategy: string; ratio: number } | null;
}

/** Seconds an annotator spends per action (see core/simulation/cost.ts for the published sources). */
export interface AnnotationCostsInfo {
  drawBoxSec: number;
  verifyBoxSec: number;
  rejectBoxSec: number;
  correctBoxSec: number;
  imageSec: number;
}

/** `simulations/<id>/results.json`, exactly. */
export interface SimulationResultsInfo {
  version: 1;
  id: string;
  projectDir: string;
  createdAt: number;
  /** Null while runs are still to do. */
  finishedAt: number | null;
  settings: {
    strategies: SelectionStrategyName[];
    seeds: number[];
    rounds: number;
    /** Chosen per round, in `budgetUnit`. */
    budget: number;
    /** images, or the predicted boxes of the chosen images. Absent in results written before it existed: images. */
    budgetUnit?: "images" | "boxes";
    oraclePath: string;
    model: { steps?: number; epochs?: number; baselineSteps?: number; baselineEpochs?: number; imgsz?: number; batch?: number; adapter?: TrainerAdapterName };
    costs: AnnotationCostsInfo;
    /** Model boxes at or above this score count as shown to the annotator (verified, corrected or rejected). */
    reviewThreshold: number;
  };
  /** The shared starting state (null until the baseline is trained). */
  start: { labeledImages: number; labels: number; valImages: number; poolImages: number; mAP50_95: number; mAP50: number; f1: number } | null;
  runs: SimulationRun[];
  summary: SimulationSummary;
}

/** A simulation of the open project, as listed. */
export interface SimulationListItem {
  id: string;
  createdAt: number;
  finishedAt: number | null;
  strategies: string[];
  seeds: number[];
  runsDone: number;
  runsTotal: number;
  best: { strategy: string; ratio: number } | null;
  /** Folder of its outputs (results.json, curves.csv, learning_curves.svg/.png, report.md). */
  dir: string;
}

// ---------------------------------------------------------------------------------------------------------------
// The API: areas → methods (request → response)
// ---------------------------------------------------------------------------------------------------------------

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

export interface LoupeApi {
  app: {
    info(req: Record<string, never>): Promise<Result<AppInfo>>;
    /**
     * The system's folder chooser (Electron's dialog). `path` is null when the person cancelled or the host has no
     * dialogs (CLI, test bridge: `supported` is false and the view keeps its typed field).
     */
    chooseFolder(req: { title?: string; defaultPath?: string }): Promise<Result<{ path: string | null; supported: boolean }>>;
    /** The system's file chooser, optionally limited to extensions (["onnx"]); same answer as chooseFolder. */
    chooseFile(req: { title?: string; defaultPath?: string; extensions?: string[] }): Promise<Result<{ path: string | null; supported: boolean }>>;
  };
  projects: {
    /** Creates `<parentDir>/<name>.loupe/` and opens it. */
    create(req: { parentDir: string; name: string; classes?: string[] }): Promise<Result<ProjectInfo>>;
    open(req: { path: string }): Promise<Result<ProjectInfo>>;
    current(req: Record<string, never>): Promise<Result<ProjectInfo | null>>;
    recent(req: Record<string, never>): Promise<Result<RecentProject[]>>;
    close(req: Record<string, never>): Promise<Result<null>>;
    status(req: Record<string, never>): Promise<Result<ProjectStatus>>;
  };
  classes: {
    list(req: Record<string, never>): Promise<Result<ClassInfo[]>>;
    create(req: { name: string; color?: string }): Promise<Result<ClassInfo>>;
    update(req: { id: number; name?: string; color?: string }): Promise<Result<ClassInfo>>;
  };
  images: {
    /** A page of images in id order; every filter given must hold. */
    list(req: {
      split?: Split;
      status?: ImageStatus;
      /** Images with a label of this class. */
      classId?: number;
      /** Images with a label from this source (manual, import, prediction, oracle). */
      labelSource?: LabelSource;
      search?: string;
      /** With minScore/maxScore: images with a prediction of this model scored in [minScore, maxScore]. */
      modelId?: string;
      minScore?: number;
      maxScore?: number;
      offset?: number;
      limit?: number;
    }): Promise<Result<Page<ImageInfo>>>;
    get(req: { imageId: number }): Promise<Result<{ image: ImageInfo; labels: LabelInfo[] }>>;
    /** The boxes to draw on thumbnails: each image's labels, and a model's predictions scored ≥ minScore when asked. */
    boxes(req: { imageIds: number[]; modelId?: string; minScore?: number }): Promise<Result<ImageBoxes[]>>;
    setSplit(req: { imageIds: number[]; split: Split }): Promise<Result<{ changed: number }>>;
  };
  labels: {
    /** Applies the edits as ONE transaction with its audit events; all or nothing. */
    applyEdits(req: {
      edits: LabelEdit[];
      author?: string;
      /** Review decisions on predictions made by the same edit, stored in the same transaction. */
      predictionDecisions?: { modelId: string; decisions: PredictionDecision[] };
    }): Promise<
      Result<{ batchId: string; labels: LabelInfo[]; deletedIds: string[]; images: ImageInfo[] }>
    >;
    /** Reverts a batch (default: the newest batch not yet reverted) through the event log, as a new batch. */
    undo(req: { batchId?: string; imageId?: number; author?: string }): Promise<
      Result<{ batchId: string; revertedBatchId: string; labels: LabelInfo[]; deletedIds: string[]; images: ImageInfo[] }>
    >;
    history(req: { imageId?: number; limit?: number }): Promise<Result<EditBatchInfo[]>>;
    events(req: { imageId?: number; batchId?: string; limit?: number }): Promise<Result<AuditEvent[]>>;
  };
  settings: {
    get(req: Record<string, never>): Promise<Result<Settings>>;
    update(req: { patch: Partial<Settings> }): Promise<Result<Settings>>;
  };
  review: {
    /** A batch of tasks: explicit images in order (e.g. a selection, with scores and reasons) or every image matching a filter. */
    createBatch(req: {
      name: string;
      tasks?: { imageId: number; score?: number | null; reasons?: string[]; roi?: BoxPx | null }[];
      filter?: { split?: Split; status?: ImageStatus; classId?: number };
      source?: "selection" | "filter" | "list";
      modelId?: string;
      /** Split the tasks among annotators as they are made. */
      assign?: AssignmentRequest;
    }): Promise<Result<ReviewBatchInfo>>;
    /** Splits a batch's pending tasks among annotators (finished tasks keep theirs); an empty list unassigns them. */
    assign(req: { batchId: number; annotators: string[]; mode?: "round-robin" | "counts"; counts?: number[] }): Promise<Result<ReviewBatchInfo>>;
    /** A model's predictions on an image with the review decisions taken on them. */
    predictions(req: { modelId: string; imageId: number; minScore?: number }): Promise<Result<ReviewPrediction[]>>;
    batches(req: Record<string, never>): Promise<Result<ReviewBatchInfo[]>>;
    /** Tasks in order; `assignee` keeps one person's queue ("" = the unassigned tasks). */
    tasks(req: { batchId: number; status?: TaskStatus; assignee?: string; offset?: number; limit?: number }): Promise<Result<Page<ReviewTaskInfo>>>;
    /**
     * The annotator finishes a task; the time spent is added to the task's total. `edits` and `predictionDecisions`
     * (the annotator's last edit: what Enter accepted and rejected) are stored in the same transaction. "done" means
     * the image is now right: predictions of the batch's model still pending become labels from `acceptAbove`
     * (default: the review threshold of the settings) and are rejected below it, and an image left with no box is
     * marked empty.
     */
    finish(req: {
      taskId: number;
      outcome: "done" | "skipped" | "flagged";
      comment?: string;
      timeSpentMs?: number;
      edits?: LabelEdit[];
      predictionDecisions?: PredictionDecision[];
      acceptAbove?: number;
    }): Promise<Result<ReviewTaskInfo>>;
    /**
     * The reviewer approves (the image's labels become approved) or rejects with a comment the annotator sees,
     * optionally pinned to a region of the image.
     */
    decide(req: { taskId: number; decision: "approved" | "rejected"; comment?: string; region?: BoxPx | null }): Promise<Result<ReviewTaskInfo>>;
    /** Back to pending; `edits` and `predictionDecisions` (undoing what finishing stored) go in the same transaction. */
    reopen(req: { taskId: number; edits?: LabelEdit[]; predictionDecisions?: PredictionDecision[] }): Promise<Result<ReviewTaskInfo>>;
    /** What changed between the model's predictions and the labels on a task's image, with who and how long. */
    changes(req: { taskId: number }): Promise<Result<TaskChanges>>;
  };
  models: {
    /** Copies an ONNX file into the project's models/ folder and records it (the same file twice gives the same model). */
    add(req: { path: string; name?: string; layout?: ModelLayout; parentModelId?: string }): Promise<Result<ModelInfo>>;
    list(req: Record<string, never>): Promise<Result<ModelInfo[]>>;
    get(req: { modelId: string }): Promise<Result<ModelInfo>>;
    /** Explicit choices: model class index (as a string key) → project class id, or null to drop that class. */
    setClassMap(req: { modelId: string; map: Record<string, number | null> }): Promise<Result<ModelInfo>>;
    /** Makes this model the loop's best by hand (the next iteration infers with it and compares against it). */
    promote(req: { modelId: string }): Promise<Result<ModelInfo>>;
  };
  inference: {
    /** Predicts every image of a split (or the listed images) as a job; the job's result is an InferenceRunReport. */
    run(req: {
      modelId: string;
      split?: Split;
      imageIds?: number[];
      confThreshold?: number;
      iouThreshold?: number;
      maxDetections?: number;
    }): Promise<Result<JobInfo>>;
    predictions(req: { modelId: string; imageId: number; minScore?: number }): Promise<Result<PredictionInfo[]>>;
  };
  evaluation: {
    /** P/R/F1, COCO mAP and VOC AP of a model on a split, with error analysis written into the project. */
    run(req: {
      modelId: string;
      split?: Split;
      confidence?: number;
      writeReport?: boolean;
      /** Also make a review batch of the images with errors, each opening on its first missed or false box. */
      batchName?: string;
    }): Promise<Result<EvaluationReport>>;
    /** Stored evaluations, newest first; of one model, split or loop iteration when given. */
    list(req: { modelId?: string; split?: Split; iteration?: number }): Promise<Result<EvaluationSummary[]>>;
    /** One stored evaluation with its PR curves and confusion matrix. */
    get(req: { evaluationId: number }): Promise<Result<EvaluationDetail>>;
    /** The FN and FP boxes of an evaluation, filtered, in report order, with the facets to filter by. */
    errors(req: { evaluationId: number; filter?: ErrorItemFilter; offset?: number; limit?: number }): Promise<
      Result<Page<ErrorItemInfo> & { categories: { kind: ErrorKind; category: string; count: number }[] }>
    >;
  };
  selection: {
    /** Scores the unlabeled pool images a model predicted and chooses a budget of hard examples, with reasons. */
    run(req: {
      modelId: string;
      strategy?: SelectionStrategyName;
      budget: number;
      seed?: number;
      weights?: { classBalance?: number; sizeDiversity?: number; spatialDiversity?: number; uncertainty?: number };
      aggregation?: "max" | "mean" | "sum";
      quotas?: { classId: number; images: number }[];
      /** The budget counts images (default) or the predicted boxes of the chosen images. */
      budgetUnit?: "images" | "boxes";
      /** Also make a review batch of the chosen images, in rank order, with their reasons. */
      batchName?: string;
    }): Promise<Result<SelectionReport>>;
  };
  jobs: {
    list(req: Record<string, never>): Promise<Result<JobInfo[]>>;
    get(req: { jobId: string }): Promise<Result<JobInfo>>;
    cancel(req: { jobId: string }): Promise<Result<JobInfo>>;
  };
  datasets: {
    /** Imports an image folder or a YOLO/COCO/VOC dataset as a job; the job's result is a DatasetImportReport. */
    import(req: {
      path: string;
      format?: DatasetImportFormat;
      /** Every image into this split (overrides the source and the ratios). */
      split?: Split;
      /** Assign splits by ratio, deterministically with `seed` (default: the settings' seed). */
      splitRatios?: { train: number; val: number; test: number; pool?: number };
      seed?: number;
    }): Promise<Result<{ jobId: string }>>;
    /** Exports labeled images atomically with a manifest as a job; the job's result is a DatasetExportInfo. */
    export(req: { format: DatasetExportFormat; outDir: string; link?: boolean; filter?: DatasetExportFilter }): Promise<Result<{ jobId: string }>>;
    /** Past exports, newest first. */
    exports(req: { limit?: number }): Promise<Result<DatasetExportInfo[]>>;
  };
  training: {
    /** Python, PyTorch, GPUs and Ultralytics as the trainers see them, with what to install for anything missing. */
    /** `python`: the name of an interpreter configured in trainers.json to try first. */
    environment(req: { python?: string }): Promise<Result<TrainingEnvironment>>;
    /** Exports the dataset, trains, checks and registers the model; a job whose result is a TrainedModelInfo. */
    start(req: TrainingStartRequest): Promise<Result<JobInfo>>;
    /** Models trained in this project, newest first. */
    history(req: Record<string, never>): Promise<Result<TrainedModelInfo[]>>;
  };
  loop: {
    status(req: Record<string, never>): Promise<Result<LoopStatusInfo>>;
    /**
     * Runs the loop in this host's process until it waits for people, converges, stops or fails (returns at once;
     * follow `loop.stateChanged`). Resumes where it left off; refused while another engine holds the loop.
     */
    start(req: { dryRun?: boolean }): Promise<Result<LoopStatusInfo>>;
    /** Stops at the next step boundary (the current step finishes); `resume` (or start) goes on from there. */
    pause(req: Record<string, never>): Promise<Result<LoopStatusInfo>>;
    /** Cancels the current step cleanly and leaves a resumable state. */
    stop(req: Record<string, never>): Promise<Result<LoopStatusInfo>>;
    /** Goes on after a pause, a stop, a wait in review or a restart of the app. */
    resume(req: { dryRun?: boolean }): Promise<Result<LoopStatusInfo>>;
    getConfig(req: Record<string, never>): Promise<Result<{ config: LoopConfig; path: string; exists: boolean }>>;
    /** Checks a configuration (whole or partial, merged over the defaults); nothing is written. */
    validateConfig(req: { config: unknown }): Promise<Result<{ ok: boolean; issues: ConfigIssue[]; config: LoopConfig | null }>>;
    /** Merges a patch into loop.yaml after validating it; refused with every bad key named, nothing written. */
    updateConfig(req: { patch: unknown }): Promise<Result<LoopConfig>>;
    iterations(req: Record<string, never>): Promise<Result<IterationInfo[]>>;
    iteration(req: { number: number }): Promise<Result<IterationDetail>>;
  };
  simulation: {
    /** Simulations of the open project (`simulations/<id>/`), newest first; run them with `loupe simulate`. */
    list(req: Record<string, never>): Promise<Result<SimulationListItem[]>>;
    /** One simulation's results.json (E_NOT_FOUND for an unknown id). */
    results(req: { id: string }): Promise<Result<SimulationResultsInfo>>;
  };
}

export type Area = keyof LoupeApi;
export type MethodOf<A extends Area> = keyof LoupeApi[A] & string;
type MethodFn<A extends Area, M extends MethodOf<A>> = LoupeApi[A][M] extends (req: infer Q) => Promise<Result<infer R>>
  ? { req: Q; res: R }
  : never;
export type RequestOf<A extends Area, M extends MethodOf<A>> = MethodFn<A, M>["req"];
export type ResponseOf<A extends Area, M extends MethodOf<A>> = MethodFn<A, M>["res"];
/** `area.method`, the channel name without the `loupe:` prefix. */
export type Channel = { [A in Area]: `${A}.${MethodOf<A>}` }[Area];

// ---------------------------------------------------------------------------------------------------------------
// Events: main → renderer
// ---------------------------------------------------------------------------------------------------------------

export interface LoupeEvents {
  "job.progress": JobInfo;
  "job.finished": JobInfo;
  "project.changed": { project: ProjectInfo | null };
  "labels.changed": { batchId: string; imageIds: number[]; actor: string };
  "training.progress": { jobId: string; progress: TrainingProgressInfo };
  "loop.stateChanged": LoopStatusInfo;
  /** Progress inside the current step (inference, training, …), for the dashboard. */
  "loop.progress": { iteration: number; step: LoopStep; phase: string; done: number; total: number; training: TrainingProgressInfo | null };
}
export type EventName = keyof LoupeEvents;
export const EVENT_NAMES = ["job.progress", "job.finished", "project.changed", "labels.changed", "training.progress", "loop.stateChanged", "loop.progress"] as const satisfies readonly EventName[];

/** What the preload (or the test bridge) exposes as `window.loupe`. */
export type LoupeBridge = LoupeApi & {
  events: {
    on<E extends EventName>(name: E, listener: (payload: LoupeEvents[E]) => void): () => void;
  };
  /** URL of an image through the media protocol; the main process resolves ids, never paths. */
  media: {
    imageUrl(projectId: string, imageId: number): string;
    /** URL of the image's small picture (at most 320 px a side, made once per content), for grids of many images. */
    thumbUrl(projectId: string, imageId: number): string;
    /** URL of an error crop of a stored evaluation, by ids only. */
    cropUrl(projectId: string, evaluationId: number, kind: ErrorKind, index: number): string;
  };
};

// ---------------------------------------------------------------------------------------------------------------
// The one runtime constant: every method of every area, exactly once (checked below at compile time).
// ---------------------------------------------------------------------------------------------------------------

export const API_METHODS = {
  app: ["info", "chooseFolder", "chooseFile"],
  projects: ["create", "open", "current", "recent", "close", "status"],
  classes: ["list", "create", "update"],
  images: ["list", "get", "boxes", "setSplit"],
  labels: ["applyEdits", "undo", "history", "events"],
  settings: ["get", "update"],
  review: ["createBatch", "assign", "batches", "tasks", "finish", "decide", "reopen", "predictions", "changes"],
  evaluation: ["run", "list", "get", "errors"],
  selection: ["run"],
  jobs: ["list", "get", "cancel"],
  models: ["add", "list", "get", "setClassMap", "promote"],
  inference: ["run", "predictions"],
  datasets: ["import", "export", "exports"],
  training: ["environment", "start", "history"],
  loop: ["status", "start", "pause", "stop", "resume", "getConfig", "validateConfig", "updateConfig", "iterations", "iteration"],
  simulation: ["list", "results"],
} as const satisfies { [A in Area]: readonly MethodOf<A>[] };

type ListedMethods = { [A in Area]: (typeof API_METHODS)[A][number] };
type Missing = { [A in Area]: Exclude<MethodOf<A>, ListedMethods[A]> }[Area];
type ExtraAreas = Exclude<keyof typeof API_METHODS, Area>;
/** Fails to compile when a method of LoupeApi is missing from API_METHODS (or an unknown area is listed). */
export const API_TABLE_IS_COMPLETE: [Missing, ExtraAreas] extends [never, never] ? true : never = true;

export const CHANNEL_PREFIX = "loupe:";
export const EVENT_CHANNEL = "loupe:event";
export const MEDIA_SCHEME = "media";
