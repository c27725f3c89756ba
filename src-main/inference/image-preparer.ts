/**
 * Where the inference worker gets its input tensors. onnxruntime-node's `session.run` is synchronous on the worker's
 * JS thread, so an image prepared on that thread (file read, sharp's callbacks, the letterbox pass) waits for the run
 * before it and for the run after it: decoding never overlapped inference. The thread preparer reads, decodes and
 * letterboxes on a worker thread of its own, so image N+1 is ready while image N runs; tensor buffers travel to it and
 * back by transfer (no copy) and are reused from image to image. Where a worker thread cannot start, images are
 * prepared inline as before.
 */
import { Worker } from "node:worker_threads";
import type { ApiErrorData } from "../../src-preload/api";
import type { Letterbox } from "../core/geometry/letterbox";
import { LoupeError } from "../errors";
import { createLogger } from "../log";
import { prepareImage, type Augment, type InputFormat, type PreparedImage } from "./preprocess";
import { TensorPool } from "./tensor-pool";

export interface ImagePreparer {
  /** Reads, decodes and letterboxes one image file; rejects with the LoupeError prepareImage gives. */
  prepare(path: string, fmt: InputFormat, augment?: Augment): Promise<PreparedImage>;
  /** Hands a tensor buffer back once onnxruntime is done with it. */
  release(data: Float32Array | Uint16Array): void;
  /** Drops the free buffers (another model, another input size). */
  clearBuffers(): void;
  close(): Promise<void>;
}

/** Main thread → preparing thread. `buffer`, when given, is a free tensor buffer to fill (transferred). */
export interface PrepareRequest {
  id: number;
  path: string;
  fmt: InputFormat;
  augment?: Augment;
  buffer?: ArrayBuffer;
}

/** Preparing thread → main thread: once `ready`, then one reply per request (`data`'s buffer is transferred). */
export type PrepareReply =
  | { type: "ready" }
  | { type: "prepared"; id: number; data: Float32Array | Uint16Array; letterbox: Letterbox; widthPx: number; heightPx: number }
  | { type: "failed"; id: number; error: ApiErrorData };

/**
 * Starts the preparing thread beside the module at `entryUrl` (the worker entry): prepare-thread.ts through tsx
 * under the sources (a worker thread does not inherit the `--import` of tsx), the bundled prepare-thread.js in a build.
 */
export function startPrepareThread(entryUrl: string): Worker {
  if (entryUrl.endsWith(".ts")) {
    const entry = new URL("./prepare-thread.ts", entryUrl).href;
    const boot = `import { register } from ${JSON.stringify(import.meta.resolve("tsx/esm/api"))}; register(); await import(${JSON.stringify(entry)});`;
    return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`));
  }
  return new Worker(new URL("./prepare-thread.js", entryUrl));
}

/** Prepares on the calling thread, reusing buffers through a TensorPool. */
export class InlinePreparer implements ImagePreparer {
  private readonly pool = new TensorPool();

  prepare(path: string, fmt: InputFormat, augment?: Augment): Promise<PreparedImage> {
    return prepareImage(path, fmt, (type, length) => this.pool.acquire(type, length), augment);
  }

  release(data: Float32Array | Uint16Array): void {
    this.pool.release(data);
  }

  clearBuffers(): void {
    this.pool.clear();
  }

  async close(): Promise<void> {
    this.pool.clear();
  }
}

interface Waiting {
  resolve(p: PreparedImage): void;
  reject(err: unknown): void;
  request: Omit<PrepareRequest, "id" | "buffer">;
}

/** How many free tensor buffers are kept for reuse. */
const MAX_FREE_BUFFERS = 4;
/** After this many deaths of the preparing thread, images are prepared inline. */
const MAX_THREAD_DEATHS = 3;
const log = createLogger("inference.prepare");

/**
 * Prepares on one worker thread (see startPrepareThread). If the thread dies, what it held fails with E_INTERNAL
 * and the next request starts a new one; if it dies before it says it is ready (no worker threads where the worker
 * runs, a missing entry file), or dies too often, images are prepared inline from then on, the waiting ones included.
 */
export class ThreadPreparer implements ImagePreparer {
  private thread: Worker | null = null;
  private isReady = false;
  private deaths = 0;
  private inline: InlinePreparer | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private readonly free: ArrayBuffer[] = [];
  private nextId = 1;

  constructor(private readonly start: () => Worker) {}

  prepare(path: string, fmt: InputFormat, augment?: Augment): Promise<PreparedImage> {
    const thread = this.inline ? null : this.ensureThread();
    if (!thread) return (this.inline ??= new InlinePreparer()).prepare(path, fmt, augment);
    const id = this.nextId++;
    const request = { path, fmt, ...(augment ? { augment } : {}) };
    const bytes = 3 * fmt.widthPx * fmt.heightPx * (fmt.type === "float32" ? 4 : 2);
    const i = this.free.findIndex((b) => b.byteLength === bytes);
    const buffer = i >= 0 ? this.free.splice(i, 1)[0] : undefined;
    return new Promise<PreparedImage>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, request });
      const msg: PrepareRequest = { id, ...request, ...(buffer ? { buffer } : {}) };
      thread.postMessage(msg, buffer ? [buffer] : []);
    });
  }

  release(data: Float32Array | Uint16Array): void {
    if (this.inline) return this.inline.release(data);
    const buf = data.buffer as ArrayBuffer;
    if (buf.byteLength === 0 || data.byteOffset !== 0 || data.byteLength !== buf.byteLength) return; // detached or a view
    if (this.free.length < MAX_FREE_BUFFERS && !this.free.includes(buf)) this.free.push(buf);
  }

  clearBuffers(): void {
    this.free.length = 0;
    this.inline?.clearBuffers();
  }

  async close(): Promise<void> {
    const t = this.thread;
    this.thread = null;
    this.free.length = 0;
    this.failAll(new LoupeError("E_CANCELLED", "image preparation was stopped"));
    if (t) await t.terminate();
    await this.inline?.close();
  }

  private ensureThread(): Worker | null {
    if (this.thread) return this.thread;
    let t: Worker;
    try {
      t = this.start();
    } catch {
      return null; // no worker threads here: the caller prepares inline
    }
    this.thread = t;
    this.isReady = false;
    t.on("message", (reply: PrepareReply) => this.answer(reply));
    t.on("error", (err) => this.lost(t, err));
    t.on("exit", (code) => this.lost(t, new Error(`exit code ${code}`)));
    t.unref(); // an idle preparing thread never keeps the worker process alive
    return t;
  }

  private answer(reply: PrepareReply): void {
    if (reply.type === "ready") {
      this.isReady = true;
      return;
    }
    const w = this.waiting.get(reply.id);
    if (!w) return;
    this.waiting.delete(reply.id);
    if (reply.type === "prepared") {
      w.resolve({ data: reply.data, letterbox: reply.letterbox, widthPx: reply.widthPx, heightPx: reply.heightPx });
    } else {
      const e = reply.error;
      w.reject(new LoupeError(e.code, e.message, { ...(e.file !== undefined ? { file: e.file } : {}), details: e.details }));
    }
  }

  private lost(t: Worker, err: Error): void {
    if (this.thread !== t) return;
    this.thread = null;
    this.deaths++;
    if (!this.isReady || this.deaths >= MAX_THREAD_DEATHS) {
      log.warn("the image preparing thread stopped; preparing on the inference thread from now on", { error: err.message, deaths: this.deaths });
      this.inline = new InlinePreparer();
      const inline = this.inline;
      const pending = [...this.waiting.values()];
      this.waiting.clear();
      for (const w of pending) inline.prepare(w.request.path, w.request.fmt, w.request.augment).then(w.resolve, w.reject);
      return;
    }
    this.failAll(new LoupeError("E_INTERNAL", `the image decoding thread stopped: ${err.message}`));
  }

  private failAll(err: LoupeError): void {
    const pending = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of pending) w.reject(err);
  }
}
