import { z } from "zod";
import {
  SELECTION_STRATEGIES, SPLITS, type ConfigIssue, type LoopConfig, type LoopMetric, type ReviewMode, type TrainerAdapterName,
} from "../../src-preload/api";
import { DEFAULT_SELECTION_STRATEGY } from "../core/selection/types";

/**
 * The loop's configuration: every default in one place, and validation whose messages name the key
 * ("selection.budget: must be at least 1"). Pure: loop/config-file.ts reads and writes loop.yaml.
 */
export const DEFAULT_LOOP_CONFIG: LoopConfig = {
  data: { pool: "pool", train: "train", val: "val" },
  model: {
    adapter: "builtin",
    steps: 200,
    epochs: 5,
    baselineSteps: 1500,
    baselineEpochs: 30,
    imgsz: 320,
    batch: 16,
    warmStart: true,
    baselineModelId: null,
    ultralyticsModel: null,
    trainer: null,
  },
  compare: { metric: "mAP50-95", iou: 0.5, minMargin: 0.005, split: "val" },
  selection: {
    strategy: DEFAULT_SELECTION_STRATEGY,
    weights: { classBalance: 0.3, sizeDiversity: 0.3, spatialDiversity: 0.2, uncertainty: 0.2 },
    budget: 20,
    budgetUnit: "images",
    seed: 0,
  },
  convergence: { targetF1: 0.98, plateauMinGainPts: 0.5, plateauWindow: 2, overfitGapPts: 5, maxIterations: 10, trainSample: 200 },
  review: { mode: "human", approval: false, autoThreshold: 0.5, oraclePath: null },
  inference: { confThreshold: 0.001, iouThreshold: 0.7, maxDetections: 300 },
};

const split = z.enum(SPLITS);
const unit = z.number().min(0).max(1);
const ADAPTERS = ["builtin", "ultralytics", "command"] as const satisfies readonly TrainerAdapterName[];
const METRICS = ["mAP50-95", "mAP50", "F1", "PR-AUC"] as const satisfies readonly LoopMetric[];
const MODES = ["human", "auto", "oracle"] as const satisfies readonly ReviewMode[];
const count = (min: number, max: number) => z.number().int().min(min).max(max);

const schema = z.strictObject({
  data: z.strictObject({ pool: split, train: split, val: split }),
  model: z.strictObject({
    adapter: z.enum(ADAPTERS),
    steps: count(1, 1_000_000),
    epochs: count(1, 10_000),
    baselineSteps: count(1, 1_000_000),
    baselineEpochs: count(1, 10_000),
    imgsz: count(32, 4096).refine((v) => v % 32 === 0, "must be a multiple of 32"),
    batch: count(1, 1024),
    warmStart: z.boolean(),
    baselineModelId: z.string().min(1).max(64).nullable(),
    ultralyticsModel: z.string().min(1).max(4096).nullable(),
    trainer: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "must be the name of a trainers.json entry (letters, digits, . _ -)").nullable(),
  }),
  compare: z.strictObject({
    metric: z.enum(METRICS),
    iou: unit.refine((v) => v >= 0.5 && v <= 0.95, "must be between 0.5 and 0.95"),
    minMargin: unit,
    split,
  }),
  selection: z.strictObject({
    strategy: z.enum(SELECTION_STRATEGIES),
    weights: z.strictObject({ classBalance: unit, sizeDiversity: unit, spatialDiversity: unit, uncertainty: unit }),
    budget: count(1, 100_000),
    budgetUnit: z.enum(["images", "boxes"]),
    seed: count(0, 2 ** 31 - 1),
  }),
  convergence: z.strictObject({
    targetF1: unit,
    plateauMinGainPts: z.number().min(0).max(100),
    plateauWindow: count(1, 100),
    overfitGapPts: z.number().min(0).max(100),
    maxIterations: count(1, 1000),
    trainSample: count(1, 1_000_000),
  }),
  review: z.strictObject({
    mode: z.enum(MODES),
    approval: z.boolean(),
    autoThreshold: unit,
    oraclePath: z.string().min(1).max(4096).nullable(),
  }),
  inference: z.strictObject({ confThreshold: unit, iouThreshold: unit, maxDetections: count(1, 10_000) }),
});

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === "object" && v !== null && !Array.isArray(v);

/** `patch` merged over `base`, object by object (arrays and scalars replace). */
export function mergeConfig(base: unknown, patch: unknown): unknown {
  if (!isPlain(base) || !isPlain(patch)) return patch === undefined ? base : patch;
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = k in base ? mergeConfig(base[k], v) : v;
  return out;
}

/** Messages for people: the key, then what is wrong with it. */
function issuesOf(error: z.ZodError): ConfigIssue[] {
  return error.issues.map((i) => {
    const key = i.path.map(String).join(".");
    if (i.code === "unrecognized_keys") {
      const keys = (i as { keys?: string[] }).keys ?? [];
      return { key: keys.map((k) => (key ? `${key}.${k}` : k)).join(", "), message: "unknown key (check the spelling)" };
    }
    return { key: key || "(root)", message: i.message };
  });
}

/** Cross-field rules zod cannot see. */
function extraIssues(c: LoopConfig): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  const w = c.selection.weights;
  if (c.selection.strategy === "multi-factor" && w.classBalance + w.sizeDiversity + w.spatialDiversity + w.uncertainty <= 0) {
    out.push({ key: "selection.weights", message: "at least one weight must be above 0 for the multi-factor strategy" });
  }
  if (c.review.mode === "oracle" && c.review.oraclePath === null) {
    out.push({ key: "review.oraclePath", message: "oracle review needs the pool's ground truth (a YOLO labels folder, COCO JSON or VOC folder)" });
  }
  if (c.data.pool === c.data.train || c.data.pool === c.data.val) out.push({ key: "data.pool", message: "the pool must be a split of its own, not the train or val split" });
  if (c.model.adapter === "command" && c.model.trainer === null) {
    out.push({ key: "model.trainer", message: "the command adapter needs the name of a command trainer from trainers.json" });
  }
  if (c.data.train === c.data.val) out.push({ key: "data.val", message: "validation must not be the train split" });
  return out;
}

/**
 * A configuration (whole or partial) merged over the defaults and checked. Every bad key is reported, each once.
 * @example validateLoopConfig({ selection: { budget: 0 } }).issues // [{ key: "selection.budget", message: "…≥1" }]
 */
export function validateLoopConfig(input: unknown, base: LoopConfig = DEFAULT_LOOP_CONFIG): { ok: boolean; issues: ConfigIssue[]; config: LoopConfig | null } {
  if (input !== undefined && input !== null && !isPlain(input)) {
    return { ok: false, issues: [{ key: "(root)", message: "the configuration must be a mapping of keys to values" }], config: null };
  }
  const parsed = schema.safeParse(mergeConfig(base, input ?? {}));
  if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error), config: null };
  const config = parsed.data as LoopConfig;
  const extra = extraIssues(config);
  return extra.length > 0 ? { ok: false, issues: extra, config: null } : { ok: true, issues: [], config };
}
