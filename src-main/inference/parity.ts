import { readFileSync } from "node:fs";
import * as ort from "onnxruntime-node";
import { LoupeError } from "../errors";
import { BOX_RTOL, SCORE_ATOL, type ParityReport } from "./protocol";

/**
 * Checks an exported model against the trainer's own PyTorch output, inside the inference worker (the only process
 * that loads onnxruntime). The built-in trainer has no Python onnxruntime, so it writes one real input and
 * PyTorch's output for it (raw float32); here onnxruntime-node runs the ONNX on the same input and the two are
 * compared: class scores within 1e-4 absolute, box values (cx, cy, w, h in px) within 1e-4 relative
 * (|Δ| ≤ 1e-4 · max(|ref|, 1 px)) — float32 convolution arithmetic multiplied by the stride differs by up to ~1e-5
 * relative, so an absolute pixel tolerance would be wrong (TRAINER-NOTES §5).
 */
export interface ParityFiles {
  input: string;
  output: string;
  inputShape: number[];
  outputShape: number[];
}

function readFloat32(path: string, expected: number): Float32Array {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (err) {
    throw new LoupeError("E_IO", `${path}: cannot read the parity tensor: ${(err as Error).message}`, { file: path, cause: err });
  }
  if (buf.byteLength !== expected * 4) {
    throw new LoupeError("E_MODEL_FORMAT", `${path}: ${buf.byteLength} bytes, expected ${expected * 4} (float32 × ${expected})`, { file: path });
  }
  const copy = new Float32Array(expected);
  for (let i = 0; i < expected; i++) copy[i] = buf.readFloatLE(i * 4);
  return copy;
}

const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Runs the ONNX on the reference input and compares with the reference output; never throws on a mismatch. */
export async function compareWithReference(onnxPath: string, parity: ParityFiles): Promise<ParityReport> {
  const input = readFloat32(parity.input, product(parity.inputShape));
  const expected = readFloat32(parity.output, product(parity.outputShape));
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(onnxPath, { intraOpNumThreads: 1, graphOptimizationLevel: "all" });
  } catch (err) {
    throw new LoupeError("E_MODEL_FORMAT", `${onnxPath}: onnxruntime cannot load the model: ${(err as Error).message}`, { file: onnxPath, cause: err });
  }
  try {
    const inputName = session.inputNames[0] ?? "images";
    const outputName = session.outputNames[0] ?? "output0";
    const t0 = performance.now();
    const result = await session.run({ [inputName]: new ort.Tensor("float32", input, parity.inputShape) });
    const runMs = performance.now() - t0;
    const out = result[outputName];
    if (!out) throw new LoupeError("E_MODEL_FORMAT", `${onnxPath}: no output "${outputName}"`, { file: onnxPath });
    const shape = out.dims.map(Number);
    const got = out.data as Float32Array;
    const sameShape = shape.length === parity.outputShape.length && shape.every((d, i) => d === parity.outputShape[i]);
    if (!sameShape) {
      return { ok: false, maxScoreAbsDiff: Infinity, maxBoxAbsDiff: Infinity, maxBoxRelDiff: Infinity, outputShape: shape, inputName, outputName, runMs };
    }
    // YOLOv8 layout [1, 4+nc, N]: rows 0..3 boxes, rows 4.. scores.
    const n = shape[2] ?? 0;
    let maxScore = 0;
    let maxBoxAbs = 0;
    let maxBoxRel = 0;
    for (let i = 0; i < got.length; i++) {
      const a = got[i] as number;
      const b = expected[i] as number;
      const d = Math.abs(a - b);
      if (Number.isNaN(d)) {
        maxScore = Infinity;
        continue;
      }
      if (Math.floor(i / n) < 4) {
        maxBoxAbs = Math.max(maxBoxAbs, d);
        maxBoxRel = Math.max(maxBoxRel, d / Math.max(Math.abs(b), 1));
      } else {
        maxScore = Math.max(maxScore, d);
      }
    }
    return {
      ok: maxScore <= SCORE_ATOL && maxBoxRel <= BOX_RTOL,
      maxScoreAbsDiff: maxScore,
      maxBoxAbsDiff: maxBoxAbs,
      maxBoxRelDiff: maxBoxRel,
      outputShape: shape,
      inputName,
      outputName,
      runMs,
    };
  } finally {
    await session.release();
  }
}

