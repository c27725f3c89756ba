/**
 * The inference worker process: onnxruntime-node + sharp, driven by protocol.ts messages. Runs under Electron's
 * utilityProcess (messages through `process.parentPort`) and under Node's child_process.fork (`process.send`).
 *
 * Pipeline: while image N runs in onnxruntime (synchronously, on this thread), image N+1 is already being read,
 * decoded and letterboxed on the preparing thread (image-preparer.ts), so the session is rarely kept waiting for
 * pixels. Items are answered in order, one `result` or `itemFailed` each; a failing image never stops the queue.
 */
import * as ort from "onnxruntime-node";
import { postprocess } from "../core/decode/postprocess";
import { toErrorData } from "../errors";
import { float16ArrayToFloat32 } from "./float16";
import { openModel, type OpenModel } from "./model-session";
import { compareWithReference } from "./parity";
import { ThreadPreparer, startPrepareThread } from "./image-preparer";
import type { InputFormat, PreparedImage } from "./preprocess";
import { PROTOCOL_VERSION, toWorkerMessage, type FromWorker, type ToWorker, type WirePostprocessOptions } from "./protocol";

interface Port {
  post(message: FromWorker): void;
  onMessage(listener: (message: unknown) => void): void;
}

type Utility = { parentPort?: { postMessage(m: unknown): void; on(ev: "message", cb: (e: { data: unknown }) => void): void } };

function connect(): Port {
  const pp = (process as unknown as Utility).parentPort;
  if (pp) return { post: (m) => pp.postMessage(m), onMessage: (cb) => pp.on("message", (e) => cb(e.data)) };
  const send = process.send?.bind(process);
  if (!send) throw new Error("the inference worker must be started as a child process with an IPC channel");
  return { post: (m) => void send(m), onMessage: (cb) => process.on("message", cb) };
}

type Item = Extract<ToWorker, { type: "infer" }>["items"][number];
interface Pending {
  item: Item;
  options: WirePostprocessOptions;
  prep: Promise<PreparedImage>;
}

const port = connect();
let model: OpenModel | null = null;
const queue: { item: Item; options: WirePostprocessOptions }[] = [];
let prefetched: Pending | null = null;
let pumping = false;
const preparer = new ThreadPreparer(() => startPrepareThread(import.meta.url));

function inputFormat(m: OpenModel): InputFormat {
  return { widthPx: m.spec.inputWidthPx, heightPx: m.spec.inputHeightPx, type: m.spec.inputType, preprocess: m.spec.preprocess };
}

function startPrepare(m: OpenModel, q: { item: Item; options: WirePostprocessOptions }): Pending {
  const prep = preparer.prepare(q.item.path, inputFormat(m), q.item.augment);
  prep.catch(() => undefined); // awaited later; avoid an unhandled rejection meanwhile
  return { ...q, prep };
}

async function runOne(m: OpenModel, p: Pending): Promise<void> {
  const t0 = performance.now();
  try {
    const prepared = await p.prep;
    const t1 = performance.now();
    const { spec } = m;
    const input = new ort.Tensor(spec.inputType, prepared.data, [1, 3, spec.inputHeightPx, spec.inputWidthPx]);
    const outputs = await m.session.run({ [spec.inputName]: input });
    const t2 = performance.now();
    const out = outputs[spec.outputName];
    if (!out) throw new Error(`the model produced no output named ${spec.outputName}`);
    const raw = out.data;
    const data = raw instanceof Float32Array ? raw : raw instanceof Uint16Array ? float16ArrayToFloat32(raw) : Float32Array.from(raw as ArrayLike<number>);
    const dets = postprocess(
      { data, dims: out.dims },
      {
        layout: spec.layout,
        confThreshold: p.options.confThreshold,
        iouThreshold: p.options.iouThreshold,
        maxDetections: p.options.maxDetections,
        letterbox: prepared.letterbox,
        ...(spec.layout === "yolov8" && spec.classNames.length > 0 ? { numClasses: spec.classNames.length } : {}),
      },
    );
    for (const t of Object.values(outputs)) t.dispose();
    preparer.release(prepared.data); // onnxruntime is done with the input
    port.post({
      v: PROTOCOL_VERSION,
      type: "result",
      itemId: p.item.itemId,
      widthPx: prepared.widthPx,
      heightPx: prepared.heightPx,
      // A mirrored run's boxes are mirrored back: x1' = W − x2, x2' = W − x1.
      detections: dets.map((d) =>
        p.item.augment === "hflip" ? [prepared.widthPx - d.x2, d.y1, prepared.widthPx - d.x1, d.y2, d.score, d.classIndex] : [d.x1, d.y1, d.x2, d.y2, d.score, d.classIndex],
      ),
      timingMs: { prepare: t1 - t0, run: t2 - t1, decode: performance.now() - t2 },
    });
  } catch (err) {
    port.post({ v: PROTOCOL_VERSION, type: "itemFailed", itemId: p.item.itemId, error: toErrorData(err) });
  }
}

async function pump(): Promise<void> {
  if (pumping) return;
  pumping = true;
  try {
    for (;;) {
      const m = model;
      if (!m) break;
      const nextQueued = prefetched ? undefined : queue.shift();
      const current = prefetched ?? (nextQueued ? startPrepare(m, nextQueued) : null);
      if (!current) break;
      const after = queue.shift();
      prefetched = after ? startPrepare(m, after) : null;
      await runOne(m, current);
    }
  } finally {
    pumping = false;
  }
}

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case "load": {
      try {
        if (model) await model.session.release();
        model = null;
        preparer.clearBuffers();
        model = await openModel(msg.modelPath, msg.threads, msg.layout);
        port.post({ v: PROTOCOL_VERSION, type: "loaded", requestId: msg.requestId, model: model.info });
      } catch (err) {
        port.post({ v: PROTOCOL_VERSION, type: "loadFailed", requestId: msg.requestId, error: toErrorData(err) });
      }
      return;
    }
    case "infer": {
      if (!model) {
        for (const item of msg.items) {
          port.post({ v: PROTOCOL_VERSION, type: "itemFailed", itemId: item.itemId, error: { code: "E_INTERNAL", message: "no model is loaded in the worker" } });
        }
        return;
      }
      for (const item of msg.items) queue.push({ item, options: msg.options });
      void pump();
      return;
    }
    case "checkParity": {
      try {
        const report = await compareWithReference(msg.modelPath, msg);
        port.post({ v: PROTOCOL_VERSION, type: "parity", requestId: msg.requestId, report });
      } catch (err) {
        port.post({ v: PROTOCOL_VERSION, type: "parityFailed", requestId: msg.requestId, error: toErrorData(err) });
      }
      return;
    }
    case "cancel": {
      const dropped = queue.splice(0).map((q) => q.item.itemId);
      if (prefetched) dropped.unshift(prefetched.item.itemId);
      prefetched = null;
      port.post({ v: PROTOCOL_VERSION, type: "cancelled", dropped });
      return;
    }
    case "shutdown":
      queue.length = 0;
      prefetched = null;
      if (model) await model.session.release();
      process.exit(0);
  }
}

function fatal(err: unknown): void {
  try {
    port.post({ v: PROTOCOL_VERSION, type: "fatal", error: toErrorData(err) });
  } finally {
    setTimeout(() => process.exit(1), 50);
  }
}

process.on("uncaughtException", fatal);
process.on("unhandledRejection", fatal);
process.on("disconnect", () => process.exit(0));
port.onMessage((raw) => {
  const parsed = toWorkerMessage.safeParse(raw);
  if (!parsed.success) {
    fatal(new Error(`unreadable message from the main process (protocol v${PROTOCOL_VERSION}): ${parsed.error.issues[0]?.message ?? "?"}`));
    return;
  }
  void handle(parsed.data);
});
port.post({ v: PROTOCOL_VERSION, type: "ready", pid: process.pid });
