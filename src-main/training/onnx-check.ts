import { readFileSync } from "node:fs";
import type * as Ort from "onnxruntime-node";
import { LoupeError } from "../errors";
import type { ParityInfo } from "./protocol";

/**
 * Checks an exported model against the trainer's own PyTorch output before the app accepts it. The built-in
 * trainer has no Python onnxruntime, so it writes one real input and PyTorch's output for it (raw float32); here
 * onnxruntime-node runs the ONNX on the same input and the two are compared: class scores within 1e-4 absolute,
 * box values (cx, cy, w, h in px) within 1e-4 relative (|Δ| ≤ 1e-4 · max(|ref|, 1 px)) — float32 convolution
 * arithmetic multiplied by the stride differs by up to ~1e-5 relative, so an absolute pixel tolerance would be
 * wrong (TRAINER-NOTES §5).
 */

export const SCORE_ATOL = 1e-4;
export const BOX_RTOL = 1e-4;

export interface ParityReport {
  ok: boolean;
  maxScoreAbsDiff: number;
  maxBoxAbsDiff: number;
  maxBoxRelDiff: number;
  outputShape: number[];
  inputName: string;
  outputName: string;
  /** Milliseconds of one ORT run (after session creation). */
  runMs: number;
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
export async function compareWithReference(onnxPath: string, parity: ParityInfo): Promise<ParityReport> {
  const input = readFloat32(parity.input, product(parity.inputShape));
  const expected = readFloat32(parity.output, product(parity.outputShape));
  // Loaded on first use: the app's main process never pays for onnxruntime at start-up, only when a training run
  // ends and its model is checked (inference itself runs in the worker process).
  const ort: typeof Ort = await import("onnxruntime-node");
  let session: Ort.InferenceSession;
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

/** Like compareWithReference, but a mismatch is an E_MODEL_FORMAT error naming the numbers. */
export async function verifyParity(onnxPath: string, parity: ParityInfo): Promise<ParityReport> {
  const r = await compareWithReference(onnxPath, parity);
  if (!r.ok) {
    throw new LoupeError(
      "E_MODEL_FORMAT",
      `${onnxPath}: the ONNX model does not reproduce the trainer's PyTorch output (scores max |Δ| ${r.maxScoreAbsDiff.toExponential(2)} > ${SCORE_ATOL} or boxes max relative Δ ${r.maxBoxRelDiff.toExponential(2)} > ${BOX_RTOL}; output shape [${r.outputShape.join(", ")}] vs [${parity.outputShape.join(", ")}])`,
      { file: onnxPath, details: r },
    );
  }
  return r;
}

/**
 * ONNX `metadata_props` (ModelProto field 14: repeated {1: key, 2: value}) read straight from the protobuf; the
 * graph and everything else is skipped by length. onnxruntime-node does not expose custom metadata.
 */
export function readOnnxMetadata(bytes: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  const dec = new TextDecoder();
  const varint = (buf: Uint8Array, at: { p: number }): number => {
    let result = 0;
    let mul = 1;
    for (;;) {
      if (at.p >= buf.length) throw new LoupeError("E_MODEL_FORMAT", "onnx: truncated varint");
      const b = buf[at.p++] as number;
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return result;
      mul *= 128;
    }
  };
  const skip = (buf: Uint8Array, at: { p: number }, wire: number): [number, number] | null => {
    if (wire === 0) varint(buf, at);
    else if (wire === 1) at.p += 8;
    else if (wire === 5) at.p += 4;
    else if (wire === 2) {
      const len = varint(buf, at);
      const start = at.p;
      at.p += len;
      return [start, len];
    } else throw new LoupeError("E_MODEL_FORMAT", `onnx: unsupported wire type ${wire}`);
    return null;
  };
  const at = { p: 0 };
  while (at.p < bytes.length) {
    const tag = varint(bytes, at);
    const field = Math.floor(tag / 8);
    const span = skip(bytes, at, tag & 7);
    if (field === 14 && span) {
      const entry = bytes.subarray(span[0], span[0] + span[1]);
      const e = { p: 0 };
      let key = "";
      let value = "";
      while (e.p < entry.length) {
        const t = varint(entry, e);
        const s = skip(entry, e, t & 7);
        if (s && t >> 3 === 1) key = dec.decode(entry.subarray(s[0], s[0] + s[1]));
        if (s && t >> 3 === 2) value = dec.decode(entry.subarray(s[0], s[0] + s[1]));
      }
      out[key] = value;
    }
  }
  return out;
}
