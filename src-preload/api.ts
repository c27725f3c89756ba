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
}

export const TASK_STATUSES = ["pending", "done", "skipped", "flagged", "approved", "rejected"] as const;
/** pending → done | skipped | flagged (annotator) → approved | rejected (reviewer); see core/review/task-status.ts. */
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface ReviewBatchInfo {
  id: number;
  name: string;
  source: "selection" | "filter" | "list";
  createdBy: string;
  createdAt: number;
  total: number;
  byStatus: Record<TaskStatus, number>;
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
  annotator: string | null;
  comment: string | null;
  reviewer: string | null;
  reviewComment: string | null;
  timeSpentMs: number;
  finishedAt: number | null;
  reviewedAt: number | null;
  updatedAt: number;
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

export interface AppInfo {
  version: string;
  /** Where new projects go unless the user picks another folder. */
  defaultProjectsDir: string;
  host: "electron" | "cli" | "test-bridge";
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
    list(req: {
      split?: Split;
      status?: ImageStatus;
      classId?: number;
      search?: string;
      offset?: number;
      limit?: number;
    }): Promise<Result<Page<ImageInfo>>>;
    get(req: { imageId: number }): Promise<Result<{ image: ImageInfo; labels: LabelInfo[] }>>;
    setSplit(req: { imageIds: number[]; split: Split }): Promise<Result<{ changed: number }>>;
  };
  labels: {
    /** Applies the edits as ONE transaction with its audit events; all or nothing. */
    applyEdits(req: { edits: LabelEdit[]; author?: string }): Promise<
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
    }): Promise<Result<ReviewBatchInfo>>;
    batches(req: Record<string, never>): Promise<Result<ReviewBatchInfo[]>>;
    tasks(req: { batchId: number; status?: TaskStatus; offset?: number; limit?: number }): Promise<Result<Page<ReviewTaskInfo>>>;
    /** The annotator finishes a task; the time spent is added to the task's total. */
    finish(req: { taskId: number; outcome: "done" | "skipped" | "flagged"; comment?: string; timeSpentMs?: number }): Promise<Result<ReviewTaskInfo>>;
    /** The reviewer approves (the image's labels become approved) or rejects with a comment the annotator sees. */
    decide(req: { taskId: number; decision: "approved" | "rejected"; comment?: string }): Promise<Result<ReviewTaskInfo>>;
    reopen(req: { taskId: number }): Promise<Result<ReviewTaskInfo>>;
  };
  jobs: {
    list(req: Record<string, never>): Promise<Result<JobInfo[]>>;
    get(req: { jobId: string }): Promise<Result<JobInfo>>;
    cancel(req: { jobId: string }): Promise<Result<JobInfo>>;
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
}
export type EventName = keyof LoupeEvents;
export const EVENT_NAMES = ["job.progress", "job.finished", "project.changed", "labels.changed"] as const satisfies readonly EventName[];

/** What the preload (or the test bridge) exposes as `window.loupe`. */
export type LoupeBridge = LoupeApi & {
  events: {
    on<E extends EventName>(name: E, listener: (payload: LoupeEvents[E]) => void): () => void;
  };
  /** URL of an image through the media protocol; the main process resolves ids, never paths. */
  media: { imageUrl(projectId: string, imageId: number): string };
};

// ---------------------------------------------------------------------------------------------------------------
// The one runtime constant: every method of every area, exactly once (checked below at compile time).
// ---------------------------------------------------------------------------------------------------------------

export const API_METHODS = {
  app: ["info"],
  projects: ["create", "open", "current", "recent", "close", "status"],
  classes: ["list", "create", "update"],
  images: ["list", "get", "setSplit"],
  labels: ["applyEdits", "undo", "history", "events"],
  settings: ["get", "update"],
  review: ["createBatch", "batches", "tasks", "finish", "decide", "reopen"],
  jobs: ["list", "get", "cancel"],
} as const satisfies { [A in Area]: readonly MethodOf<A>[] };

type ListedMethods = { [A in Area]: (typeof API_METHODS)[A][number] };
type Missing = { [A in Area]: Exclude<MethodOf<A>, ListedMethods[A]> }[Area];
type ExtraAreas = Exclude<keyof typeof API_METHODS, Area>;
/** Fails to compile when a method of LoupeApi is missing from API_METHODS (or an unknown area is listed). */
export const API_TABLE_IS_COMPLETE: [Missing, ExtraAreas] extends [never, never] ? true : never = true;

export const CHANNEL_PREFIX = "loupe:";
export const EVENT_CHANNEL = "loupe:event";
export const MEDIA_SCHEME = "media";
