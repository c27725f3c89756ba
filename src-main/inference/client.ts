/**
 * The main-side inference client: keeps one worker process, loads a model in it, streams images through it with a
 * small window of items in flight, and hands every answer to a `PredictionSink` (the store adapter, or a fake in
 * tests). A per-image failure is recorded and the run goes on; a worker crash restarts the worker and resends only
 * what was in flight (answered items are never redone). Those suspects are then sent one at a time, so an image
 * that crashes the worker again while alone in it is known to be the cause and is recorded as failed (a crash
 * while decoding the next image can happen during the current one's inference). Cancellation is an AbortSignal: queued images are dropped, the running one finishes and is stored.
 */
import type { ApiErrorData } from "../../src-preload/api";
import type { Detection, Layout } from "../core/decode/types";
import { createLogger, type Logger } from "../log";
import { LoupeError, cancelled } from "../errors";
import {
  PROTOCOL_VERSION, fromWorkerMessage, type Augment, type FromWorker, type LoadedModel, type ParityReport, type ThreadSettings, type WorkerExit,
  type WorkerTransport, type WorkerTransportFactory,
} from "./protocol";

export interface InferenceItem {
  imageId: number;
  /** Absolute path of the image file. */
  path: string;
  /** Test-time augmentation: run on a mirrored or down-scaled copy (boxes still in original pixels). */
  augment?: Augment;
}

export interface ImagePrediction {
  imageId: number;
  /** Original size after EXIF orientation, pixels. */
  widthPx: number;
  heightPx: number;
  /** Boxes in original-image pixels, sorted by descending score; classIndex is the model's. */
  detections: Detection[];
  timingMs: { prepare: number; run: number; decode: number };
}

export interface ImageFailure {
  imageId: number;
  error: ApiErrorData;
}

/** Where results go (a port: the store adapter implements it; tests use an in-memory fake). */
export interface PredictionSink {
  put(prediction: ImagePrediction): void | Promise<void>;
  fail(failure: ImageFailure): void | Promise<void>;
  /** Called once at the end of a run (also when cancelled): everything put so far must be durable after it. */
  flush(): void | Promise<void>;
}

export interface InferenceProgress {
  done: number;
  failed: number;
  total: number;
  /** Answered images per second since the run started; null before the first answer. */
  imagesPerSec: number | null;
  restarts: number;
}

export interface RunRequest {
  modelPath: string;
  layout?: Layout | undefined;
  items: readonly InferenceItem[];
  /** Strict confidence threshold 0..1 (default 0.25; evaluation runs use 0.001). */
  confThreshold?: number;
  /** NMS IoU threshold 0..1 (default 0.7). */
  iouThreshold?: number;
  maxDetections?: number;
  sink: PredictionSink;
  signal?: AbortSignal | undefined;
  onProgress?: (p: InferenceProgress) => void;
}

export interface RunSummary {
  total: number;
  done: number;
  failed: number;
  restarts: number;
  seconds: number;
  imagesPerSec: number;
  model: LoadedModel;
}

export interface InferenceClientOptions {
  transport: WorkerTransportFactory;
  threads: ThreadSettings;
  /** Worker restarts allowed per run before it fails with E_WORKER_CRASHED (default 3). */
  maxRestarts?: number;
  /** Items sent ahead of the one running (default 4): enough to keep the worker's prefetch fed. */
  window?: number;
  /** How long a fresh worker may take to say it is ready, ms (default 60 000). */
  startTimeoutMs?: number;
  now?: () => number;
  logger?: Logger;
}

type WorkerEvent =
  | { kind: "message"; msg: FromWorker }
  | { kind: "bad"; raw: unknown }
  | { kind: "exit"; exit: WorkerExit }
  | { kind: "abort" }
  | { kind: "timeout" };

/** One worker process and its event queue. */
class WorkerHandle {
  private readonly events: WorkerEvent[] = [];
  private waiter: ((e: WorkerEvent) => void) | null = null;
  exited = false;

  constructor(readonly transport: WorkerTransport) {
    transport.onMessage((raw) => {
      const parsed = fromWorkerMessage.safeParse(raw);
      this.push(parsed.success ? { kind: "message", msg: parsed.data } : { kind: "bad", raw });
    });
    transport.onExit((exit) => {
      this.exited = true;
      this.push({ kind: "exit", exit });
    });
  }

  push(e: WorkerEvent): void {
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      w(e);
    } else {
      this.events.push(e);
    }
  }

  next(): Promise<WorkerEvent> {
    const e = this.events.shift();
    if (e) return Promise.resolve(e);
    return new Promise((resolve) => (this.waiter = resolve));
  }
}

class WorkerCrash extends LoupeError {
  constructor(exit: WorkerExit) {
    const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
    const tail = exit.stderrTail?.trim().split("\n").slice(-3).join(" | ");
    super("E_WORKER_CRASHED", `the inference worker stopped (${how})${tail ? `: ${tail}` : ""}`, { details: { ...exit } });
  }
}

interface Entry {
  itemId: number;
  item: InferenceItem;
}

export class InferenceClient {
  private handle: WorkerHandle | null = null;
  private loadedKey: string | null = null;
  private loaded: LoadedModel | null = null;
  private requestId = 0;
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(private readonly opts: InferenceClientOptions) {
    this.log = opts.logger ?? createLogger("inference.client");
    this.now = opts.now ?? (() => Date.now());
  }

  /** Pid of the current worker process, if one runs (tests use it to kill the worker). */
  get workerPid(): number | undefined {
    return this.handle && !this.handle.exited ? this.handle.transport.pid : undefined;
  }

  /** Loads a model in the worker and returns what it found (layout, classes, input, metadata, threads). */
  async inspect(modelPath: string, layout?: Layout): Promise<LoadedModel> {
    const h = await this.ensureWorker();
    return this.ensureModel(h, modelPath, layout);
  }

  /** Runs a model on a trainer's reference input in the worker and compares with the reference output. */
  async checkParity(modelPath: string, files: { input: string; output: string; inputShape: number[]; outputShape: number[] }): Promise<ParityReport> {
    const h = await this.ensureWorker();
    const requestId = ++this.requestId;
    h.transport.send({ v: PROTOCOL_VERSION, type: "checkParity", requestId, modelPath, ...files });
    for (;;) {
      const ev = await h.next();
      if (ev.kind === "exit") throw new WorkerCrash(ev.exit);
      if (ev.kind !== "message") continue;
      const m = ev.msg;
      if (m.type === "parity" && m.requestId === requestId) return m.report;
      if (m.type === "parityFailed" && m.requestId === requestId) {
        throw new LoupeError(m.error.code, m.error.message, { file: m.error.file, details: m.error.details });
      }
    }
  }

  /** Runs every item through the model; resolves with a summary, or rejects with E_CANCELLED / E_WORKER_CRASHED. */
  async run(req: RunRequest): Promise<RunSummary> {
    const options = {
      confThreshold: req.confThreshold ?? 0.25,
      iouThreshold: req.iouThreshold ?? 0.7,
      maxDetections: req.maxDetections ?? 300,
    };
    const pending: Entry[] = req.items.map((item, itemId) => ({ itemId, item }));
    /** Items that were in flight when a worker died: resent one at a time until each is answered. */
    const suspects = new Set<number>();
    const inFlight = new Map<number, Entry>();
    const total = pending.length;
    const started = this.now();
    const maxRestarts = this.opts.maxRestarts ?? 3;
    const window = this.opts.window ?? 4;
    let done = 0;
    let failed = 0;
    let restarts = 0;
    let cancelling = false;
    let model: LoadedModel | null = null;
    const progress = (): void => {
      const seconds = (this.now() - started) / 1000;
      const answered = done + failed;
      req.onProgress?.({ done, failed, total, imagesPerSec: answered > 0 && seconds > 0 ? answered / seconds : null, restarts });
    };
    const onAbort = (): void => this.handle?.push({ kind: "abort" });
    req.signal?.addEventListener("abort", onAbort);
    const crashed = async (exit: WorkerExit): Promise<void> => {
      this.handle = null;
      restarts++;
      this.log.warn("worker crashed", { code: exit.code, signal: exit.signal, inFlight: inFlight.size, restarts });
      const only = inFlight.size === 1 ? inFlight.values().next().value : undefined;
      if (only && suspects.has(only.itemId)) {
        // it crashed the worker a second time, alone this time: it is the cause
        inFlight.delete(only.itemId);
        suspects.delete(only.itemId);
        failed++;
        const err = new WorkerCrash(exit).toData();
        await req.sink.fail({ imageId: only.item.imageId, error: { ...err, message: `${only.item.path}: ${err.message}, twice while on this image; skipped` } });
      }
      for (const id of inFlight.keys()) suspects.add(id);
      pending.unshift(...inFlight.values());
      inFlight.clear();
      if (restarts > maxRestarts) throw new LoupeError("E_WORKER_CRASHED", `the inference worker crashed ${restarts} times; giving up`, { details: { ...exit } });
    };
    try {
      progress();
      while (pending.length > 0 || inFlight.size > 0) {
        if (req.signal?.aborted && !cancelling) {
          cancelling = true;
          pending.length = 0;
          if (inFlight.size === 0 || !this.handle) break;
          this.handle.transport.send({ v: PROTOCOL_VERSION, type: "cancel" });
        }
        let h: WorkerHandle;
        try {
          h = await this.ensureWorker(req.signal);
          model = await this.ensureModel(h, req.modelPath, req.layout, req.signal);
        } catch (err) {
          if (err instanceof WorkerCrash && !cancelling) {
            await crashed(err.details as WorkerExit);
            continue;
          }
          throw err;
        }
        const careful = pending.length > 0 && suspects.has((pending[0] as Entry).itemId);
        const room = careful ? (inFlight.size === 0 ? 1 : 0) : window - inFlight.size;
        if (!cancelling && pending.length > 0 && room > 0) {
          const stop = pending.findIndex((e, i) => i >= room || suspects.has(e.itemId));
          const batch = pending.splice(0, careful ? 1 : stop < 0 ? pending.length : stop);
          for (const e of batch) inFlight.set(e.itemId, e);
          h.transport.send({ v: PROTOCOL_VERSION, type: "infer", items: batch.map((e) => ({ itemId: e.itemId, path: e.item.path, ...(e.item.augment ? { augment: e.item.augment } : {}) })), options });
        }
        const ev = await h.next();
        if (ev.kind === "exit") {
          if (cancelling) {
            this.handle = null;
            break;
          }
          await crashed(ev.exit);
        } else if (ev.kind === "abort") {
          continue; // handled at the top of the loop
        } else if (ev.kind === "bad" || ev.kind === "timeout") {
          this.log.error("unreadable message from the worker; restarting it", { raw: String(ev.kind === "bad" ? JSON.stringify(ev.raw)?.slice(0, 200) : "timeout") });
          h.transport.kill();
        } else if (ev.msg.type === "result" || ev.msg.type === "itemFailed") {
          const entry = inFlight.get(ev.msg.itemId);
          if (!entry) continue;
          inFlight.delete(entry.itemId);
          suspects.delete(entry.itemId);
          if (ev.msg.type === "result") {
            const dets = ev.msg.detections.map(([x1, y1, x2, y2, score, classIndex]) => ({ x1, y1, x2, y2, score, classIndex }));
            await req.sink.put({ imageId: entry.item.imageId, widthPx: ev.msg.widthPx, heightPx: ev.msg.heightPx, detections: dets, timingMs: ev.msg.timingMs });
            done++;
          } else {
            await req.sink.fail({ imageId: entry.item.imageId, error: ev.msg.error });
            failed++;
          }
          progress();
        } else if (ev.msg.type === "cancelled") {
          for (const id of ev.msg.dropped) inFlight.delete(id);
        } else if (ev.msg.type === "fatal") {
          this.log.error("worker reported a fatal error", { error: ev.msg.error });
        }
      }
    } finally {
      req.signal?.removeEventListener("abort", onAbort);
      await req.sink.flush();
    }
    if (cancelling) throw cancelled("inference");
    const seconds = (this.now() - started) / 1000;
    if (!model) model = this.loaded;
    if (!model) model = await this.inspect(req.modelPath, req.layout);
    return { total, done, failed, restarts, seconds, imagesPerSec: seconds > 0 ? (done + failed) / seconds : 0, model };
  }

  /** Stops the worker (politely, then by force after `graceMs`). */
  async dispose(graceMs = 2000): Promise<void> {
    const h = this.handle;
    this.handle = null;
    this.loadedKey = null;
    if (!h || h.exited) return;
    h.transport.send({ v: PROTOCOL_VERSION, type: "shutdown" });
    const timer = setTimeout(() => h.transport.kill(), graceMs);
    while (!h.exited) {
      const ev = await h.next();
      if (ev.kind === "exit") break;
    }
    clearTimeout(timer);
  }

  private async ensureWorker(signal?: AbortSignal): Promise<WorkerHandle> {
    if (this.handle && !this.handle.exited) return this.handle;
    if (signal?.aborted) throw cancelled("inference");
    this.loadedKey = null;
    this.loaded = null;
    const h = new WorkerHandle(this.opts.transport());
    this.handle = h;
    const timer = setTimeout(() => h.push({ kind: "timeout" }), this.opts.startTimeoutMs ?? 60_000);
    try {
      for (;;) {
        const ev = await h.next();
        if (ev.kind === "message" && ev.msg.type === "ready") return h;
        if (ev.kind === "exit") throw new WorkerCrash(ev.exit);
        if (ev.kind === "timeout" || ev.kind === "bad") {
          h.transport.kill();
          throw new LoupeError("E_WORKER_CRASHED", ev.kind === "timeout" ? "the inference worker did not start in time" : `the inference worker speaks another protocol (expected v${PROTOCOL_VERSION})`);
        }
        if (ev.kind === "abort") {
          h.transport.kill();
          throw cancelled("inference");
        }
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private async ensureModel(h: WorkerHandle, modelPath: string, layout?: Layout, signal?: AbortSignal): Promise<LoadedModel> {
    const key = `${modelPath}\u0000${layout ?? ""}`;
    if (this.loadedKey === key && this.loaded) return this.loaded;
    if (signal?.aborted) throw cancelled("inference");
    const requestId = ++this.requestId;
    h.transport.send({ v: PROTOCOL_VERSION, type: "load", requestId, modelPath, ...(layout ? { layout } : {}), threads: this.opts.threads });
    for (;;) {
      const ev = await h.next();
      if (ev.kind === "exit") throw new WorkerCrash(ev.exit);
      if (ev.kind === "abort") throw cancelled("inference");
      if (ev.kind !== "message") continue;
      const m = ev.msg;
      if (m.type === "loaded" && m.requestId === requestId) {
        this.loadedKey = key;
        this.loaded = m.model;
        return m.model;
      }
      if (m.type === "loadFailed" && m.requestId === requestId) {
        throw new LoupeError(m.error.code, m.error.message, { file: m.error.file, details: m.error.details });
      }
    }
  }
}
