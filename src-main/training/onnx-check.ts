import { LoupeError } from "../errors";
import { BOX_RTOL, SCORE_ATOL, type ParityReport } from "../inference/protocol";
import type { ParityInfo } from "./protocol";

/** Runs a model on a trainer's reference input and compares with its reference output (the inference worker does it). */
export type ParityChecker = (onnxPath: string, parity: ParityInfo) => Promise<ParityReport>;

/** Runs the parity check; a mismatch is an E_MODEL_FORMAT error naming the numbers. */
export async function verifyParity(check: ParityChecker, onnxPath: string, parity: ParityInfo): Promise<ParityReport> {
  const r = await check(onnxPath, parity);
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
