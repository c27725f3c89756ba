import { z } from "zod";
import type { Area, MethodOf, RequestOf } from "../../src-preload/api";
import { DATASET_EXPORT_FORMATS, DATASET_IMPORT_FORMATS } from "../../src-preload/api";
import { IMAGE_STATUSES, LABEL_SOURCES, REVIEW_STATES, SELECTION_STRATEGIES, SPLITS, TASK_STATUSES } from "../../src-preload/api";
import { TRAINER_ADAPTERS } from "../../src-preload/api";
import { ERROR_KINDS, MODEL_LAYOUTS } from "../../src-preload/api";
import { TRAINER_NAME, TRAINER_NAME_RULE } from "../training/trainer-config";

/**
 * One zod schema per request. `SCHEMAS_MATCH_CONTRACT` below fails to compile when a schema's output drifts from
 * the contract's request type, naming the channel.
 */
const empty = z.strictObject({});
const id = z.number().int().positive();
const finite = z.number().refine(Number.isFinite, "must be a finite number");
const box = z.strictObject({ x: finite, y: finite, w: finite.refine((v) => v >= 0, "must be ≥ 0"), h: finite.refine((v) => v >= 0, "must be ≥ 0") });
const flags = z.strictObject({ iscrowd: z.boolean().optional(), difficult: z.boolean().optional(), truncated: z.boolean().optional() });
const split = z.enum(SPLITS);
const labelId = z.string().min(1).max(64);
// A newline or tab in a name breaks line-based exports (VOC image sets, CSV readers); no name needs one.
// eslint-disable-next-line no-control-regex
const name = z.string().trim().min(1).max(200).refine((n) => !/[\u0000-\u001f\u007f]/.test(n), "must not contain control characters (newline, tab, NUL)");
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a #rrggbb colour");
// A NUL byte cannot be in a path; Node would throw a TypeError deep inside ("internal error") instead.
const path = z.string().min(1).max(4096).refine((p) => !p.includes("\0"), "a path must not contain a NUL byte");
/** Programs are named, never given: the name of an entry in the user's trainers.json. */
const trainerName = z.string().regex(TRAINER_NAME, `must be ${TRAINER_NAME_RULE}`);

const labelEdit = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("create"),
    id: labelId.optional(),
    imageId: id,
    classId: id,
    box,
    source: z.enum(LABEL_SOURCES).optional(),
    score: z.number().min(0).max(1).nullable().optional(),
    flags: flags.optional(),
  }),
  z.strictObject({
    kind: z.literal("update"),
    id: labelId,
    box: box.optional(),
    classId: id.optional(),
    reviewState: z.enum(REVIEW_STATES).optional(),
    flags: flags.optional(),
    expectVersion: z.number().int().positive().optional(),
  }),
  z.strictObject({ kind: z.literal("delete"), id: labelId, expectVersion: z.number().int().positive().optional() }),
  z.strictObject({ kind: z.literal("setImageEmpty"), imageId: id, empty: z.boolean() }),
]);

const person = z.string().trim().min(1, "a name must not be empty").max(200);
const assignment = {
  annotators: z.array(person).max(200),
  mode: z.enum(["round-robin", "counts"]).optional(),
  counts: z.array(z.number().int().min(0).max(1_000_000)).max(200).optional(),
};
const decisions = z
  .array(z.strictObject({ predictionId: id, status: z.enum(["pending", "accepted", "rejected"]), acceptedAs: labelId.nullable() }))
  .max(10_000);
const chooserText = { title: z.string().max(200).optional(), defaultPath: path.optional() };

export const schemas = {
  app: {
    info: empty,
    chooseFolder: z.strictObject(chooserText),
    chooseFile: z.strictObject({ ...chooserText, extensions: z.array(z.string().regex(/^[A-Za-z0-9]{1,16}$/, "an extension without the dot")).max(20).optional() }),
  },
  projects: {
    create: z.strictObject({ parentDir: path, name, classes: z.array(name).max(1000).optional() }),
    open: z.strictObject({ path }),
    current: empty,
    recent: empty,
    close: empty,
    status: empty,
  },
  classes: {
    list: empty,
    create: z.strictObject({ name, color: color.optional() }),
    update: z.strictObject({ id, name: name.optional(), color: color.optional() }),
  },
  images: {
    list: z.strictObject({
      split: split.optional(),
      status: z.enum(IMAGE_STATUSES).optional(),
      classId: id.optional(),
      labelSource: z.enum(LABEL_SOURCES).optional(),
      search: z.string().max(500).optional(),
      modelId: z.string().min(1).max(200).optional(),
      minScore: z.number().min(0).max(1).optional(),
      maxScore: z.number().min(0).max(1).optional(),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
    get: z.strictObject({ imageId: id }),
    boxes: z.strictObject({ imageIds: z.array(id).min(1).max(500), modelId: z.string().min(1).max(200).optional(), minScore: z.number().min(0).max(1).optional() }),
    setSplit: z.strictObject({ imageIds: z.array(id).min(1).max(100_000), split }),
  },
  labels: {
    applyEdits: z.strictObject({
      edits: z.array(labelEdit).max(10_000),
      author: z.string().max(200).optional(),
      predictionDecisions: z
        .strictObject({
          modelId: z.string().min(1).max(64),
          decisions: z
            .array(z.strictObject({ predictionId: id, status: z.enum(["pending", "accepted", "rejected"]), acceptedAs: labelId.nullable() }))
            .min(1)
            .max(10_000),
        })
        .optional(),
    }).refine((r) => r.edits.length > 0 || r.predictionDecisions !== undefined, "edits: give at least one edit or prediction decision"),
    undo: z.strictObject({ batchId: z.string().min(1).max(64).optional(), imageId: id.optional(), author: z.string().max(200).optional() }),
    history: z.strictObject({ imageId: id.optional(), limit: z.number().int().min(1).max(1000).optional() }),
    events: z.strictObject({ imageId: id.optional(), batchId: z.string().min(1).max(64).optional(), limit: z.number().int().min(1).max(5000).optional() }),
  },
  settings: {
    get: empty,
    update: z.strictObject({
      patch: z.strictObject({
        annotatorName: z.string().max(200).optional(),
        reviewScoreThreshold: z.number().min(0).max(1).optional(),
        seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
        keymapOverrides: z
          .record(
            z.string().regex(/^[a-zA-Z]+\.[a-zA-Z0-9]+$/, "must be an action id like canvas.toolDraw").max(64),
            z.strictObject({ keys: z.array(z.string().min(1).max(40)).max(6), macKeys: z.array(z.string().min(1).max(40)).max(6).optional() }),
          )
          .optional(),
      }),
    }),
  },
  review: {
    createBatch: z.strictObject({
      name,
      tasks: z
        .array(
          z.strictObject({
            imageId: id,
            score: z.number().refine(Number.isFinite, "must be finite").nullable().optional(),
            reasons: z.array(z.string().max(500)).max(50).optional(),
            roi: box.nullable().optional(),
          }),
        )
        .max(100_000)
        .optional(),
      filter: z.strictObject({ split: split.optional(), status: z.enum(IMAGE_STATUSES).optional(), classId: id.optional() }).optional(),
      source: z.enum(["selection", "filter", "list"]).optional(),
      modelId: z.string().min(1).max(64).optional(),
      assign: z.strictObject(assignment).optional(),
    }),
    assign: z.strictObject({ batchId: id, ...assignment }),
    predictions: z.strictObject({ modelId: z.string().min(1).max(64), imageId: id, minScore: z.number().min(0).max(1).optional() }),
    batches: empty,
    tasks: z.strictObject({
      batchId: id,
      status: z.enum(TASK_STATUSES).optional(),
      assignee: z.string().trim().max(200).optional(),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
    finish: z.strictObject({
      taskId: id,
      outcome: z.enum(["done", "skipped", "flagged"]),
      comment: z.string().max(2000).optional(),
      timeSpentMs: z.number().int().min(0).max(86_400_000).optional(),
      edits: z.array(labelEdit).max(10_000).optional(),
      predictionDecisions: decisions.optional(),
      acceptAbove: z.number().min(0).max(1).optional(),
    }),
    decide: z.strictObject({
      taskId: id,
      decision: z.enum(["approved", "rejected"]),
      comment: z.string().max(2000).optional(),
      region: box.nullable().optional(),
    }),
    reopen: z.strictObject({ taskId: id, edits: z.array(labelEdit).max(10_000).optional(), predictionDecisions: decisions.optional() }),
    changes: z.strictObject({ taskId: id }),
  },
  models: {
    add: z.strictObject({ path, name: name.optional(), layout: z.enum(MODEL_LAYOUTS).optional(), parentModelId: z.string().min(1).max(64).optional() }),
    list: empty,
    get: z.strictObject({ modelId: z.string().min(1).max(64) }),
    setClassMap: z.strictObject({
      modelId: z.string().min(1).max(64),
      map: z.record(z.string().regex(/^\d{1,6}$/, "keys are model class indices"), id.nullable()),
    }),

    promote: z.strictObject({ modelId: z.string().min(1).max(64) }),
  },
  inference: {
    run: z.strictObject({
      modelId: z.string().min(1).max(64),
      split: split.optional(),
      imageIds: z.array(id).min(1).max(1_000_000).optional(),
      confThreshold: z.number().min(0).max(1).optional(),
      iouThreshold: z.number().min(0).max(1).optional(),
      maxDetections: z.number().int().min(1).max(10_000).optional(),
    }),
    predictions: z.strictObject({ modelId: z.string().min(1).max(64), imageId: id, minScore: z.number().min(0).max(1).optional() }),
  },
  evaluation: {
    run: z.strictObject({
      modelId: z.string().min(1).max(64),
      split: split.optional(),
      confidence: z.number().min(0).max(1).optional(),
      writeReport: z.boolean().optional(),
      batchName: name.optional(),
    }),
    list: z.strictObject({ modelId: z.string().min(1).max(64).optional(), split: split.optional(), iteration: z.number().int().min(0).optional() }),
    get: z.strictObject({ evaluationId: id }),
    errors: z.strictObject({
      evaluationId: id,
      filter: z
        .strictObject({
          kind: z.enum(ERROR_KINDS).optional(),
          category: z.string().min(1).max(64).optional(),
          classId: id.optional(),
          minScore: z.number().min(0).max(1).optional(),
          maxScore: z.number().min(0).max(1).optional(),
        })
        .optional(),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
  },
  selection: {
    run: z.strictObject({
      modelId: z.string().min(1).max(64),
      strategy: z.enum(SELECTION_STRATEGIES).optional(),
      budget: z.number().int().min(1).max(100_000),
      seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
      weights: z
        .strictObject({
          classBalance: z.number().min(0).optional(),
          sizeDiversity: z.number().min(0).optional(),
          spatialDiversity: z.number().min(0).optional(),
          uncertainty: z.number().min(0).optional(),
        })
        .optional(),
      aggregation: z.enum(["max", "mean", "sum"]).optional(),
      quotas: z.array(z.strictObject({ classId: id, images: z.number().int().min(1) })).max(100).optional(),
      budgetUnit: z.enum(["images", "boxes"]).optional(),
      batchName: name.optional(),
    }),
  },
  jobs: {
    list: empty,
    get: z.strictObject({ jobId: z.string().min(1).max(64) }),
    cancel: z.strictObject({ jobId: z.string().min(1).max(64) }),
  },
  datasets: {
    import: z.strictObject({
      path,
      format: z.enum(DATASET_IMPORT_FORMATS).optional(),
      split: split.optional(),
      splitRatios: z
        .strictObject({ train: z.number().min(0).max(1), val: z.number().min(0).max(1), test: z.number().min(0).max(1), pool: z.number().min(0).max(1).optional() })
        .refine((r) => r.train + r.val + r.test + (r.pool ?? 0) > 0, "at least one ratio must be above 0")
        .optional(),
      seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
    }),
    export: z.strictObject({
      format: z.enum(DATASET_EXPORT_FORMATS),
      outDir: path,
      link: z.boolean().optional(),
      filter: z
        .strictObject({
          split: split.optional(),
          approvedOnly: z.boolean().optional(),
          reviewedOnly: z.boolean().optional(),
          sinceLastExport: z.boolean().optional(),
          iteration: z.number().int().min(1).optional(),
        })
        .optional(),
    }),
    exports: z.strictObject({ limit: z.number().int().min(1).max(1000).optional() }),
  },
  training: {
    environment: z.strictObject({ python: trainerName.optional() }),
    start: z.strictObject({
      adapter: z.enum(TRAINER_ADAPTERS).optional(),
      epochs: z.number().int().min(1).max(10_000).optional(),
      steps: z.number().int().min(1).max(1_000_000).optional(),
      imgsz: z.number().int().min(32).max(4096).refine((v) => v % 32 === 0, "must be a multiple of 32").optional(),
      batch: z.number().int().min(1).max(1024).optional(),
      seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
      threads: z.number().int().min(0).max(1024).optional(),
      device: z.string().min(1).max(64).optional(),
      initModelId: z.string().min(1).max(64).optional(),
      labels: z.enum(["labeled", "approved"]).optional(),
      command: trainerName.optional(),
      python: trainerName.optional(),
      model: z.string().min(1).max(4096).optional(),
    }),
    history: empty,
  },
  loop: {
    status: empty,
    start: z.strictObject({ dryRun: z.boolean().optional() }),
    pause: empty,
    stop: empty,
    resume: z.strictObject({ dryRun: z.boolean().optional() }),
    getConfig: empty,
    // The configuration itself is checked by loop/config.ts, which names every bad key.
    validateConfig: z.strictObject({ config: z.unknown() }),
    updateConfig: z.strictObject({ patch: z.unknown() }),
    iterations: empty,
    iteration: z.strictObject({ number: z.number().int().min(0).max(100_000) }),
  },
  simulation: {
    list: empty,
    results: z.strictObject({ id: z.string().regex(/^[\w.-]{1,64}$/, "a simulation id: letters, digits, dot, dash, underscore") }),
  },
} as const satisfies { [A in Area]: { [M in MethodOf<A>]: z.ZodType } };

type Equals<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
type Norm<T> = T extends Record<string, never> ? Record<string, never> : T;
type Schemas = typeof schemas;
type Drift = {
  [A in Area]: {
    [M in MethodOf<A>]: M extends keyof Schemas[A]
      ? Schemas[A][M] extends z.ZodType
        ? Equals<Norm<z.output<Schemas[A][M]>>, Norm<RequestOf<A, M>>> extends true
          ? never
          : `${A}.${M}`
        : `${A}.${M}`
      : `${A}.${M}`;
  }[MethodOf<A>];
}[Area];
/** Compile-time proof that every schema's output equals its contract request type. */
export const SCHEMAS_MATCH_CONTRACT: [Drift] extends [never] ? true : { drifted: Drift } = true;

export function schemaFor(area: string, method: string): z.ZodType | undefined {
  if (!Object.hasOwn(schemas, area)) return undefined;
  const table = schemas[area as Area] as Record<string, z.ZodType>;
  return Object.hasOwn(table, method) ? table[method] : undefined;
}
