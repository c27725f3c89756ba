import { SELECTION_STRATEGIES, SPLITS, TRAINER_ADAPTERS, type ConfigIssue, type LoopConfig } from "../../../src-preload/api";

/** One field of the loop configuration form: where it lives in LoopConfig and how it is edited. */
export interface ConfigField {
  key: string;
  label: string;
  /** "model": one of the project's models, or none (null). */
  kind: "int" | "number" | "select" | "bool" | "text" | "model";
  options?: readonly string[];
  /** Text fields: an empty input means null. */
  nullable?: boolean;
  hint?: string;
  step?: number;
}

export interface ConfigGroup {
  key: keyof LoopConfig;
  title: string;
  fields: ConfigField[];
}

const unit = { kind: "number", step: 0.01 } as const;

/** The form, group by group, in the order a user thinks about a loop (data → model → selection → review → stopping). */
export const CONFIG_GROUPS: ConfigGroup[] = [
  {
    key: "data",
    title: "Data",
    fields: [
      { key: "data.pool", label: "Unlabeled pool", kind: "select", options: SPLITS },
      { key: "data.train", label: "Train split", kind: "select", options: SPLITS },
      { key: "data.val", label: "Validation split", kind: "select", options: SPLITS },
    ],
  },
  {
    key: "model",
    title: "Model and training",
    fields: [
      { key: "model.adapter", label: "Trainer", kind: "select", options: TRAINER_ADAPTERS },
      { key: "model.steps", label: "Steps per round", kind: "int", hint: "optimiser updates; the larger of steps and epochs wins" },
      { key: "model.epochs", label: "Epochs per round", kind: "int" },
      { key: "model.baselineSteps", label: "Baseline steps", kind: "int" },
      { key: "model.baselineEpochs", label: "Baseline epochs", kind: "int" },
      { key: "model.imgsz", label: "Image size (px)", kind: "int", hint: "a multiple of 32", step: 32 },
      { key: "model.batch", label: "Batch size", kind: "int" },
      { key: "model.warmStart", label: "Warm start from the best model", kind: "bool" },
      { key: "model.baselineModelId", label: "Baseline model", kind: "model", nullable: true, hint: "none: the newest model of the project, else train one" },
      { key: "model.ultralyticsModel", label: "Ultralytics model", kind: "text", nullable: true, hint: ".yaml or .pt, for that trainer" },
    ],
  },
  {
    key: "compare",
    title: "Promotion",
    fields: [
      { key: "compare.metric", label: "Compare on", kind: "select", options: ["mAP50-95", "mAP50", "F1", "PR-AUC"] },
      { key: "compare.iou", label: "IoU", ...unit, hint: "0.5–0.95" },
      { key: "compare.minMargin", label: "Minimum margin", kind: "number", step: 0.001, hint: "0–1, the candidate must win by this" },
      { key: "compare.split", label: "On split", kind: "select", options: SPLITS },
    ],
  },
  {
    key: "selection",
    title: "Selection",
    fields: [
      { key: "selection.strategy", label: "Strategy", kind: "select", options: SELECTION_STRATEGIES },
      { key: "selection.budget", label: "Budget per iteration", kind: "int" },
      { key: "selection.budgetUnit", label: "Budget counts", kind: "select", options: ["images", "boxes"], hint: "boxes: a crowded image costs its predicted boxes" },
      { key: "selection.weights.classBalance", label: "Weight: class balance", ...unit },
      { key: "selection.weights.sizeDiversity", label: "Weight: size diversity", ...unit },
      { key: "selection.weights.spatialDiversity", label: "Weight: spatial diversity", ...unit },
      { key: "selection.weights.uncertainty", label: "Weight: uncertainty", ...unit },
      { key: "selection.seed", label: "Seed", kind: "int" },
    ],
  },
  {
    key: "review",
    title: "Review",
    fields: [
      { key: "review.mode", label: "Who answers", kind: "select", options: ["human", "auto", "oracle"], hint: "human waits for people; auto and oracle are for tests and simulation" },
      { key: "review.approval", label: "Wait for a reviewer's approval", kind: "bool" },
      { key: "review.autoThreshold", label: "Auto: accept from score", ...unit },
      { key: "review.oraclePath", label: "Oracle: ground truth of the pool", kind: "text", nullable: true, hint: "YOLO labels folder, COCO JSON or VOC folder" },
    ],
  },
  {
    key: "convergence",
    title: "Stopping",
    fields: [
      { key: "convergence.targetF1", label: "Target F1", ...unit },
      { key: "convergence.plateauMinGainPts", label: "Plateau: min gain (F1 points)", kind: "number", step: 0.1 },
      { key: "convergence.plateauWindow", label: "Plateau: over iterations", kind: "int" },
      { key: "convergence.overfitGapPts", label: "Overfitting gap (F1 points)", kind: "number", step: 0.5 },
      { key: "convergence.maxIterations", label: "At most iterations", kind: "int" },
      { key: "convergence.trainSample", label: "Train F1 on at most images", kind: "int" },
    ],
  },
  {
    key: "inference",
    title: "Inference",
    fields: [
      { key: "inference.confThreshold", label: "Keep predictions from score", kind: "number", step: 0.001 },
      { key: "inference.iouThreshold", label: "NMS IoU", ...unit },
      { key: "inference.maxDetections", label: "At most boxes per image", kind: "int" },
    ],
  },
];

/** The value at a dotted key of a nested object. */
export function getAt(obj: unknown, key: string): unknown {
  return key.split(".").reduce<unknown>((o, k) => (typeof o === "object" && o !== null ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/** A copy of `obj` with the value at a dotted key replaced. */
export function setAt<T>(obj: T, key: string, value: unknown): T {
  const [head, ...rest] = key.split(".");
  const base = (typeof obj === "object" && obj !== null ? obj : {}) as Record<string, unknown>;
  if (head === undefined) return obj;
  return { ...base, [head]: rest.length === 0 ? value : setAt(base[head], rest.join("."), value) } as T;
}

/** What an input's text means for a field: a number, a boolean, null for an empty nullable text, or the text. */
export function parseFieldInput(field: ConfigField, raw: string | boolean): unknown {
  if (field.kind === "bool") return Boolean(raw);
  const text = String(raw);
  if (field.kind === "int" || field.kind === "number") return text.trim() === "" ? text : Number(text);
  if ((field.nullable || field.kind === "model") && text.trim() === "") return null;
  return text;
}

/** Issues by the field they belong to; what matches no field (a group, the root) stays in `other`. */
export function issuesByField(issues: readonly ConfigIssue[]): { byKey: Map<string, string[]>; other: ConfigIssue[] } {
  const keys = new Set(CONFIG_GROUPS.flatMap((g) => g.fields.map((f) => f.key)));
  const byKey = new Map<string, string[]>();
  const other: ConfigIssue[] = [];
  for (const i of issues) {
    if (keys.has(i.key)) byKey.set(i.key, [...(byKey.get(i.key) ?? []), i.message]);
    else other.push(i);
  }
  return { byKey, other };
}
