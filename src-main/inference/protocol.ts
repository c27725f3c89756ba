/**
 * The versioned message protocol between the main process (client.ts) and the inference worker (worker-entry.ts).
 * The same messages travel over Electron's utilityProcess and over Node's child_process.fork. Pure: types, zod
 * schemas and the transport interface only. Every message carries `v`; a worker answering another version is
 * treated as broken.
 */
import { z } from "zod";
import { ERROR_CODES } from "../../src-preload/api";
import type { ModelSpec } from "../core/decode/layout";
import { LAYOUTS } from "../core/decode/types";

export const PROTOCOL_VERSION = 1;

/** Test-time augmentations an item may ask for: a mirror, or a letterbox at 0.75 of the usual size (preprocess.ts). */
export const AUGMENTS = ["hflip", "scale"] as const;
export type Augment = (typeof AUGMENTS)[number];

const v = z.literal(PROTOCOL_VERSION);
const layout = z.enum(LAYOUTS);
const errorData = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  file: z.string().optional(),
  details: z.unknown().optional(),
});

/** onnxruntime session options the worker applies (and reports back as applied). */
export const threadSettings = z.object({
  /** Threads inside one operator (onnxruntime intraOpNumThreads). */
  intraOpThreads: z.number().int().min(1).max(256),
  /** Threads across independent operators (onnxruntime interOpNumThreads; 1 with sequential execution). */
  interOpThreads: z.number().int().min(1).max(256),
  executionMode: z.enum(["sequential", "parallel"]),
  graphOptimizationLevel: z.enum(["disabled", "basic", "extended", "all"]),
  /** Threads libvips (sharp) may use per image operation. */
  imageThreads: z.number().int().min(1).max(256),
  /**
   * Whether idle onnxruntime threads spin (session.intra_op.allow_spinning). Off by default: spinning threads burn
   * the cores that decode the next image while the current one runs.
   */
  allowSpinning: z.boolean(),
});
export type ThreadSettings = z.infer<typeof threadSettings>;

export const postprocessOptions = z.object({
  confThreshold: z.number().min(0).max(1),
  iouThreshold: z.number().min(0).max(1),
  maxDetections: z.number().int().min(1).max(100_000),
});
export type WirePostprocessOptions = z.infer<typeof postprocessOptions>;

// ---------------------------------------------------------------------------------------------------------------
// main → worker
// ---------------------------------------------------------------------------------------------------------------

export const toWorkerMessage = z.discriminatedUnion("type", [
  z.object({ v, type: z.literal("load"), requestId: z.number().int(), modelPath: z.string().min(1), layout: layout.optional(), threads: threadSettings }),
  /** Queues images; the worker answers one `result` or `itemFailed` per item, in order. */
  z.object({
    v,
    type: z.literal("infer"),
    /**
     * `augment` (optional): run on a transformed copy for test-time augmentation — "hflip" mirrors the image,
     * "scale" letterboxes it at 0.75 of the usual size; detections still come back in original-image pixels.
     */
    items: z.array(z.object({ itemId: z.number().int(), path: z.string().min(1), augment: z.enum(AUGMENTS).optional() })).max(10_000),
    options: postprocessOptions,
  }),
  /**
   * Runs a model on a reference input (raw float32 file) and compares with a reference output (another raw file):
   * a trainer's PyTorch output, so a training run's ONNX is checked where onnxruntime lives. Answered by `parity`.
   */
  z.object({
    v,
    type: z.literal("checkParity"),
    requestId: z.number().int(),
    modelPath: z.string().min(1),
    input: z.string().min(1),
    inputShape: z.array(z.number().int().positive()).min(1).max(8),
    output: z.string().min(1),
    outputShape: z.array(z.number().int().positive()).min(1).max(8),
  }),
  /** Drops every queued item (the one running finishes); answered by `cancelled`. */
  z.object({ v, type: z.literal("cancel") }),
  z.object({ v, type: z.literal("shutdown") }),
]);
export type ToWorker = z.infer<typeof toWorkerMessage>;

// ---------------------------------------------------------------------------------------------------------------
// worker → main
// ---------------------------------------------------------------------------------------------------------------

const modelSpec = z.object({
  layout,
  layoutReason: z.string(),
  inputName: z.string(),
  outputName: z.string(),
  inputType: z.enum(["float32", "float16"]),
  inputWidthPx: z.number().int().positive(),
  inputHeightPx: z.number().int().positive(),
  dynamicInput: z.boolean(),
  classNames: z.array(z.string()),
  preprocess: z.object({
    channelOrder: z.enum(["rgb", "bgr"]),
    pixelScale: z.number(),
    padMode: z.enum(["center", "top-left"]),
    padValue: z.number(),
  }),
}) satisfies z.ZodType<ModelSpec>;

/** What loading a model tells the main process (stored with the model). */
export const loadedModel = z.object({
  spec: modelSpec,
  metadata: z.record(z.string(), z.string()),
  irVersion: z.number().nullable(),
  producerName: z.string(),
  opsets: z.record(z.string(), z.number()),
  metadataProblems: z.array(z.string()),
  threads: threadSettings,
  /** Package versions in the worker (onnxruntime-node, sharp, node; "image addon": its libjpeg, or "off"). */
  versions: z.record(z.string(), z.string()),
});
export type LoadedModel = z.infer<typeof loadedModel>;

/** Parity tolerances: class scores absolute, box values relative to max(|reference|, 1 px). */
export const SCORE_ATOL = 1e-4;
export const BOX_RTOL = 1e-4;

/** ONNX vs reference output: largest differences (Infinity when the shapes differ or a value is NaN). */
export const parityReport = z.object({
  ok: z.boolean(),
  maxScoreAbsDiff: z.number(),
  maxBoxAbsDiff: z.number(),
  maxBoxRelDiff: z.number(),
  outputShape: z.array(z.number()),
  inputName: z.string(),
  outputName: z.string(),
  /** Milliseconds of one onnxruntime run (after session creation). */
  runMs: z.number(),
});
export type ParityReport = z.infer<typeof parityReport>;

/** One detection on the wire: [x1, y1, x2, y2, score, classIndex], original-image pixels. */
const wireDetection = z.tuple([z.number(), z.number(), z.number(), z.number(), z.number(), z.number().int()]);
export type WireDetection = z.infer<typeof wireDetection>;

export const fromWorkerMessage = z.discriminatedUnion("type", [
  z.object({ v, type: z.literal("ready"), pid: z.number().int() }),
  z.object({ v, type: z.literal("loaded"), requestId: z.number().int(), model: loadedModel }),
  z.object({ v, type: z.literal("loadFailed"), requestId: z.number().int(), error: errorData }),
  z.object({
    v,
    type: z.literal("result"),
    itemId: z.number().int(),
    /** Original image size after EXIF orientation, pixels. */
    widthPx: z.number().int().positive(),
    heightPx: z.number().int().positive(),
    detections: z.array(wireDetection),
    /** Milliseconds spent preparing the tensor (read, decode, letterbox), in session.run, and decoding. */
    timingMs: z.object({ prepare: z.number(), run: z.number(), decode: z.number() }),
  }),
  z.object({ v, type: z.literal("itemFailed"), itemId: z.number().int(), error: errorData }),
  z.object({ v, type: z.literal("parity"), requestId: z.number().int(), report: parityReport }),
  z.object({ v, type: z.literal("parityFailed"), requestId: z.number().int(), error: errorData }),
  z.object({ v, type: z.literal("cancelled"), dropped: z.array(z.number().int()) }),
  /** The worker cannot go on (it exits after sending this). */
  z.object({ v, type: z.literal("fatal"), error: errorData }),
]);
export type FromWorker = z.infer<typeof fromWorkerMessage>;

/** How the worker process ended. */
export interface WorkerExit {
  code: number | null;
  signal: string | null;
  /** The last lines the worker wrote on stderr, when the transport captured them. */
  stderrTail?: string;
}

/**
 * One worker process as the client sees it. Implementations: `fork-transport.ts` (child_process.fork, CLI and
 * tests) and the Electron utilityProcess transport in `src-main/app/`. Listeners are registered once, right after
 * creation; `send` after exit is ignored.
 */
export interface WorkerTransport {
  readonly pid: number | undefined;
  send(message: ToWorker): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (exit: WorkerExit) => void): void;
  /** Ends the process at once (SIGKILL or equivalent). */
  kill(): void;
}

/** Starts a fresh worker process. */
export type WorkerTransportFactory = () => WorkerTransport;
