/**
 * Opens an ONNX model with onnxruntime-node in the worker: reads the metadata from the file bytes, creates the
 * session with explicit thread settings, and resolves the layout and input format. onnxruntime and sharp load on
 * the first call, not when this module is imported, so a process that only might open a model (the CLI, the main
 * process) does not pay for their native libraries at start-up.
 */
import { basename } from "node:path";
import { readFile } from "node:fs/promises";
import type * as ort from "onnxruntime-node";
import { resolveModelSpec, type ModelSpec, type TensorInfo } from "../core/decode/layout";
import { readYoloMetadata } from "../core/decode/model-metadata";
import { readOnnxFacts } from "../core/decode/onnx-metadata";
import type { Layout } from "../core/decode/types";
import { LoupeError } from "../errors";
import { imageAddon } from "./image-addon";
import type { LoadedModel, ThreadSettings } from "./protocol";

export interface OpenModel {
  session: ort.InferenceSession;
  spec: ModelSpec;
  info: LoadedModel;
}

function tensorInfo(m: ort.InferenceSession.ValueMetadata): TensorInfo {
  if (!m.isTensor) return { name: m.name, type: "non-tensor", dims: [] };
  return { name: m.name, type: m.type, dims: m.shape.map((d) => (typeof d === "number" && d >= 0 ? d : typeof d === "string" ? d : null)) };
}

/** Loads a model file, or throws E_MODEL_FORMAT / E_IO naming the file and what was found. */
export async function openModel(path: string, threads: ThreadSettings, layout?: Layout): Promise<OpenModel> {
  const file = basename(path);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new LoupeError("E_IO", `${path}: cannot read the model: ${(err as Error).message}`, { file: path, cause: err });
  }
  const [ortModule, { default: sharp }] = await Promise.all([import("onnxruntime-node"), import("sharp")]);
  const facts = readOnnxFacts(bytes, file);
  const metadata = readYoloMetadata(facts.metadata);
  let session: ort.InferenceSession;
  try {
    session = await ortModule.InferenceSession.create(bytes, {
      intraOpNumThreads: threads.intraOpThreads,
      interOpNumThreads: threads.interOpThreads,
      executionMode: threads.executionMode,
      graphOptimizationLevel: threads.graphOptimizationLevel,
      logSeverityLevel: 3,
      extra: { session: { intra_op: { allow_spinning: threads.allowSpinning ? "1" : "0" }, inter_op: { allow_spinning: threads.allowSpinning ? "1" : "0" } } },
    });
  } catch (err) {
    throw new LoupeError("E_MODEL_FORMAT", `${file}: onnxruntime cannot load the model: ${(err as Error).message}`, { file, cause: err });
  }
  sharp.concurrency(threads.imageThreads);
  sharp.cache(false); // every image is decoded once: libvips' operation cache only costs (about 0.5 ms per call)
  try {
    const spec = resolveModelSpec({
      file,
      inputs: session.inputMetadata.map(tensorInfo),
      outputs: session.outputMetadata.map(tensorInfo),
      metadata,
      layout,
    });
    const info: LoadedModel = {
      spec,
      metadata: Object.fromEntries(facts.metadata),
      irVersion: facts.irVersion,
      producerName: facts.producerName,
      opsets: facts.opsets,
      metadataProblems: metadata.problems,
      threads,
      versions: {
        "onnxruntime-node": ortModule.env.versions.node ?? "unknown",
        sharp: sharp.versions.sharp ?? "unknown",
        node: process.versions.node,
        // the preparing thread loads the same file: JPEGs decode through it, or through sharp when it is "off"
        "image addon": imageAddon()?.library ?? "off",
      },
    };
    return { session, spec, info };
  } catch (err) {
    await session.release();
    throw err;
  }
}
