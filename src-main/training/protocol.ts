import type { TrainingProgressInfo } from "../../src-preload/api";
import { z } from "zod";
import { etaSeconds, initialEta, observeEta, type EtaModel } from "./eta";

/**
 * The trainer protocol (DESIGN.md "Trainer protocol"), shared by every adapter: a JSON job file goes in, one JSON
 * object per line comes out on stdout. Pure: message schemas, the line parser and the progress/ETA reducer; the
 * process handling lives in runner.ts.
 *
 * Messages: `start` → (`step`)* `epoch`* → `done` | `stopped` (after SIGTERM, with a checkpoint) | `error`;
 * `log` anywhere. Unknown fields are kept (trainers may say more than we read); a line that is not a protocol
 * message is plain text for training_log.txt, never an error.
 */

export const TRAINER_PROTOCOL_VERSION = 1;

const finite = z.number().refine(Number.isFinite, "must be a finite number");
const count = z.number().int().min(0);
/** Losses and metrics by name; a trainer may report null for a value it could not compute (NaN in Python). */
const numberMap = z.record(z.string(), z.union([finite, z.null()]));

/** The job file every adapter receives (`--job <file>`); paths are absolute. */
export const trainerJobSchema = z.object({
  version: z.literal(TRAINER_PROTOCOL_VERSION).default(TRAINER_PROTOCOL_VERSION),
  /** data.yaml of a YOLO-format dataset (absolute `path`, `train`, `val`, `names`). */
  data: z.string().min(1),
  /** Class names in model index order. */
  names: z.array(z.string().min(1)).min(1),
  /** Output folder: the ONNX model, the checkpoint and the trainer's own files go here. */
  out: z.string().min(1),
  /** Minimum number of epochs. */
  epochs: z.number().int().min(1).max(10_000),
  /** Minimum number of optimiser steps: small sets train for more epochs (TRAINER-NOTES §4, "steps matter"). */
  steps: z.number().int().min(1).max(1_000_000).nullable().default(null),
  /** Square input size in px (letterboxed). */
  imgsz: z.number().int().min(32).max(4096),
  batch: z.number().int().min(1).max(1024),
  seed: z.number().int().min(0).max(2 ** 32 - 1),
  /** "cpu", "cuda", "cuda:0", "mps", … as the trainer understands it. */
  device: z.string().min(1),
  /** CPU threads for the trainer (0 = all cores). */
  threads: z.number().int().min(0).max(1024),
  /** Weights to start from (a checkpoint of the same trainer), or null to train from scratch. */
  init: z.string().min(1).nullable().default(null),
  /** Learning rate override; the trainer picks its own default when null. */
  lr: z.number().positive().nullable().default(null),
  /** Model architecture/weights name for trainers that take one (Ultralytics: "yolo11n.yaml", a local .pt). */
  model: z.string().min(1).nullable().default(null),
  /** Built-in trainer: validate every N epochs (the last epoch always). */
  valEvery: z.number().int().min(1).optional(),
  /** Built-in trainer: validate the starting weights first; reported as `initialMetrics` on the start message. */
  evalBefore: z.boolean().optional(),
  /** Built-in trainer: random channel permutation; only valid when colour carries no class information. */
  channelShuffle: z.boolean().optional(),
});
export type TrainerJob = z.output<typeof trainerJobSchema>;
export type TrainerJobInput = z.input<typeof trainerJobSchema>;

export const startMessageSchema = z.looseObject({
  type: z.literal("start"),
  trainer: z.string().optional(),
  epochs: count.optional(),
  steps: count.optional(),
  stepsPerEpoch: count.optional(),
  trainImages: count.optional(),
  valImages: count.optional(),
  warmStart: z.boolean().optional(),
  batch: count.optional(),
  /** Epochs between validations (the last epoch always validates); 1 when absent. */
  valEvery: count.optional(),
  /** Seconds the validation of the starting weights took (`evalBefore`), for the time-left estimate. */
  initialEvalSeconds: z.union([finite.min(0), z.null()]).optional(),
  /** Validation metrics of the starting weights, when the job asked for them (`evalBefore`). */
  initialMetrics: z.record(z.string(), z.unknown()).optional(),
});

export const stepMessageSchema = z.looseObject({
  type: z.literal("step"),
  epoch: count,
  epochs: count,
  step: count,
  steps: count,
  loss: z.union([finite, z.null()]).optional(),
});

export const epochMessageSchema = z.looseObject({
  type: z.literal("epoch"),
  /** 1-based. */
  epoch: count,
  epochs: count,
  step: count.optional(),
  steps: count.optional(),
  losses: numberMap.default({}),
  /** Validation metrics of this epoch (mAP50, mAP50_95, …); empty when the epoch was not validated. */
  metrics: z.record(z.string(), z.unknown()).default({}),
  seconds: finite.min(0),
  /** Of `seconds`: the optimiser steps, and the validation (0 when the epoch was not validated). */
  trainSeconds: z.union([finite.min(0), z.null()]).optional(),
  valSeconds: z.union([finite.min(0), z.null()]).optional(),
});

export const logMessageSchema = z.looseObject({
  type: z.literal("log"),
  level: z.enum(["debug", "info", "warn", "error"]).default("info"),
  message: z.string(),
});

export const parityInfoSchema = z.looseObject({
  /** Raw little-endian float32 input [1,3,S,S] and the PyTorch output [1,4+nc,N] for it. */
  input: z.string().min(1),
  output: z.string().min(1),
  inputShape: z.array(count),
  outputShape: z.array(count),
});

export const doneMessageSchema = z.looseObject({
  type: z.literal("done"),
  onnx: z.string().min(1),
  checkpoint: z.string().min(1).nullable().default(null),
  metrics: z.record(z.string(), z.unknown()).default({}),
  /** Built-in trainer: reference tensors the app checks the ONNX against before accepting it. */
  parity: parityInfoSchema.optional(),
});

export const stoppedMessageSchema = z.looseObject({
  type: z.literal("stopped"),
  checkpoint: z.string().min(1).nullable().default(null),
  epoch: count.optional(),
  step: count.optional(),
  reason: z.string().optional(),
});

export const errorMessageSchema = z.looseObject({
  type: z.literal("error"),
  message: z.string(),
});

export const trainerMessageSchema = z.discriminatedUnion("type", [
  startMessageSchema,
  stepMessageSchema,
  epochMessageSchema,
  logMessageSchema,
  doneMessageSchema,
  stoppedMessageSchema,
  errorMessageSchema,
]);

export type TrainerMessage = z.output<typeof trainerMessageSchema>;
export type StartMessage = z.output<typeof startMessageSchema>;
export type StepMessage = z.output<typeof stepMessageSchema>;
export type EpochMessage = z.output<typeof epochMessageSchema>;
export type LogMessage = z.output<typeof logMessageSchema>;
export type DoneMessage = z.output<typeof doneMessageSchema>;
export type StoppedMessage = z.output<typeof stoppedMessageSchema>;
export type ErrorMessage = z.output<typeof errorMessageSchema>;
export type ParityInfo = z.output<typeof parityInfoSchema>;

export const MESSAGE_TYPES = ["start", "step", "epoch", "log", "done", "stopped", "error"] as const;

/**
 * What one line of trainer output is:
 * - `message`: a valid protocol message;
 * - `text`: anything else (library output, tracebacks, blank lines) — goes to the log;
 * - `malformed`: a JSON object with a known `type` whose fields do not fit; treated as text, with the problem
 *   named so the log says why it was ignored.
 */
export type ParsedLine =
  | { kind: "message"; message: TrainerMessage }
  | { kind: "text"; text: string }
  | { kind: "malformed"; text: string; problem: string };

/** Parses one line of trainer stdout (without its newline). Never throws. */
export function parseTrainerLine(line: string): ParsedLine {
  const text = line.endsWith("\r") ? line.slice(0, -1) : line;
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) return { kind: "text", text };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return { kind: "text", text };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { kind: "text", text };
  const type = (value as Record<string, unknown>).type;
  if (typeof type !== "string" || !(MESSAGE_TYPES as readonly string[]).includes(type)) return { kind: "text", text };
  const parsed = trainerMessageSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    return { kind: "malformed", text, problem: `"${type}" message ignored: ${where}${issue?.message ?? "invalid"}` };
  }
  return { kind: "message", message: parsed.data };
}

/** Splits a stream chunk into complete lines; returns them and the unfinished rest to prepend to the next chunk. */
export function splitLines(pending: string, chunk: string): { lines: string[]; rest: string } {
  const parts = (pending + chunk).split("\n");
  const rest = parts.pop() ?? "";
  return { lines: parts, rest };
}

// ---------------------------------------------------------------------------------------------------------------
// Progress and ETA
// ---------------------------------------------------------------------------------------------------------------

export type TrainingPhase = TrainingProgressInfo["phase"];

/** What the UI and the CLI show while a trainer runs: the contract's TrainingProgressInfo (fields documented there). */
export type TrainingProgress = TrainingProgressInfo;

export interface ProgressState {
  startedAtMs: number;
  progress: TrainingProgress;
  /** What the time-left estimate has measured so far (eta.ts), the epoch times included. */
  eta: EtaModel;
  /** True once any protocol message arrived (a plain command prints none: its phase stays "running"). */
  sawProtocol: boolean;
}

export function initialProgress(nowMs: number): ProgressState {
  return {
    startedAtMs: nowMs,
    progress: {
      phase: "starting", epoch: 0, epochs: 0, epochsDone: 0, step: 0, steps: 0, loss: null, metrics: {}, elapsedSec: 0, etaSec: null,
      secondsPerEpoch: null,
    },
    eta: initialEta(),
    sawProtocol: false,
  };
}

function lossOf(losses: Record<string, number | null>): number | null {
  if (typeof losses.total === "number") return losses.total;
  const values = Object.values(losses).filter((v): v is number => typeof v === "number");
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) : null;
}

/** Folds one message into the progress (pure; the caller passes the time). */
export function advanceProgress(state: ProgressState, message: TrainerMessage | null, nowMs: number): ProgressState {
  const s: ProgressState = { ...state, progress: { ...state.progress } };
  const p = s.progress;
  if (message) {
    s.sawProtocol = true;
    s.eta = observeEta(s.eta, message, nowMs);
    switch (message.type) {
      case "start":
        p.phase = "training";
        p.epochs = message.epochs ?? p.epochs;
        p.steps = message.steps ?? p.steps;
        break;
      case "step":
        p.phase = "training";
        p.epoch = message.epoch;
        p.epochs = message.epochs;
        p.step = message.step;
        p.steps = message.steps;
        if (typeof message.loss === "number") p.loss = message.loss;
        break;
      case "epoch":
        p.phase = message.epoch >= message.epochs ? "exporting" : "training";
        p.epoch = message.epoch;
        p.epochs = message.epochs;
        if (message.step !== undefined) p.step = message.step;
        if (message.steps !== undefined) p.steps = message.steps;
        p.loss = lossOf(message.losses) ?? p.loss;
        if (Object.keys(message.metrics).length > 0) p.metrics = message.metrics;
        // observeEta (above) has added this epoch's seconds
        p.epochsDone = s.eta.epochSeconds.length;
        p.secondsPerEpoch = s.eta.epochSeconds.reduce((a, b) => a + b, 0) / s.eta.epochSeconds.length;
        break;
      case "done":
        p.phase = "finished";
        if (Object.keys(message.metrics).length > 0) p.metrics = message.metrics;
        break;
      case "stopped":
      case "error":
        p.phase = "finished";
        break;
      case "log":
        break;
    }
  } else if (!s.sawProtocol) {
    p.phase = "running";
  }
  p.elapsedSec = Math.max(0, (nowMs - s.startedAtMs) / 1000);
  p.etaSec = p.phase === "finished" ? 0 : etaSeconds(s.eta, nowMs);
  return s;
}

/** "epoch 3/30 · step 111/1110 · loss 2.341 · mAP50 0.412 · ~4m 10s left" — one line for the CLI and job titles. */
export function formatProgress(p: TrainingProgress): string {
  if (p.phase === "running") return `running · ${formatDuration(p.elapsedSec)} elapsed`;
  if (p.phase === "starting") return "starting";
  const parts = [`epoch ${p.epoch}/${p.epochs}`];
  if (p.steps > 0) parts.push(`step ${p.step}/${p.steps}`);
  if (p.loss !== null) parts.push(`loss ${p.loss.toFixed(3)}`);
  const map50 = p.metrics.mAP50;
  if (typeof map50 === "number") parts.push(`mAP50 ${map50.toFixed(3)}`);
  if (p.phase === "exporting") parts.push("exporting");
  else if (p.etaSec !== null && p.phase !== "finished") parts.push(`~${formatDuration(p.etaSec)} left`);
  return parts.join(" · ");
}

/** 75 → "1m 15s"; 3700 → "1h 1m"; 9 → "9s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}
