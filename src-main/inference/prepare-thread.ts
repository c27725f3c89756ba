/**
 * The inference worker's image-preparing thread (a worker_threads entry): reads, decodes and letterboxes the images
 * the worker asks for, into the tensor buffers it hands over, while onnxruntime runs on the worker's own thread.
 * See image-preparer.ts for the other side.
 */
import { parentPort } from "node:worker_threads";
import { toErrorData } from "../errors";
import type { PrepareReply, PrepareRequest } from "./image-preparer";
import { prepareImage, type TensorAllocator } from "./preprocess";
import { CpuYielder } from "./yield-cpu";

const port = parentPort;
if (!port) throw new Error("prepare-thread.ts runs as a worker thread of the inference worker");

const yielder = new CpuYielder(); // this thread and libvips' threads run in the gaps inference leaves

port.on("message", (req: PrepareRequest) => {
  const alloc: TensorAllocator = (type, length) => {
    const b = req.buffer;
    if (type === "float32") return b && b.byteLength === 4 * length ? new Float32Array(b) : new Float32Array(length);
    return b && b.byteLength === 2 * length ? new Uint16Array(b) : new Uint16Array(length);
  };
  prepareImage(req.path, req.fmt, alloc, req.augment).then(
    (p) => {
      yielder.refresh();
      const reply: PrepareReply = { type: "prepared", id: req.id, data: p.data, letterbox: p.letterbox, widthPx: p.widthPx, heightPx: p.heightPx };
      port.postMessage(reply, [p.data.buffer as ArrayBuffer]);
    },
    (err: unknown) => {
      const reply: PrepareReply = { type: "failed", id: req.id, error: toErrorData(err) };
      port.postMessage(reply);
    },
  );
});
port.postMessage({ type: "ready" } satisfies PrepareReply);
