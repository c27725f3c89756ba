/**
 * YOLOX output (Megvii's export without `decode_in_inference`): `[1, N, 5 + nc]` of RAW head values, one row per
 * grid cell of the strides 8, 16, 32 in that order, row-major per level. It has YOLOv5's shape but not its
 * meaning: cx, cy = (out[0..1] + cell) · stride, w, h = exp(out[2..3]) · stride; objectness and class scores are
 * sigmoided. YOLOX's own preprocessing differs too (BGR, 0–255, top-left padding; see model spec).
 */
import { CandidateBuffer, expectDims, type Candidates, type DecodeOptions, type OutputTensor } from "./types";

export const YOLOX_STRIDES = [8, 16, 32] as const;

/**
 * Number of grid cells of a `widthPx` × `heightPx` input over the given strides (one row each in YOLOX and the
 * v8 family; YOLOv5 has three anchors per cell).
 * @example gridCellCount(416, 416) // 52² + 26² + 13² = 3549
 */
export function gridCellCount(widthPx: number, heightPx: number, strides: readonly number[] = YOLOX_STRIDES): number {
  let n = 0;
  for (const s of strides) n += Math.floor(heightPx / s) * Math.floor(widthPx / s);
  return n;
}

/**
 * Decodes a raw YOLOX tensor for a `inputWidthPx` × `inputHeightPx` input into candidates (corners in model-input
 * pixels); score = objectness × best class score, kept when > `confThreshold`.
 * @example
 * // an 8×8 input has one stride-8 cell (and no 16/32 cells): raw (0.5, 0.5, ln 2, ln 2), obj 1, class 0.9
 * decodeYolox({ data: Float32Array.of(0.5, 0.5, Math.LN2, Math.LN2, 1, 0.9), dims: [1, 1, 6] },
 *   { confThreshold: 0.25, inputWidthPx: 8, inputHeightPx: 8 })
 * // → centre (4, 4), size 16×16 → xyxy [-4, -4, 12, 12], score 0.9
 */
export function decodeYolox(
  out: OutputTensor,
  opts: DecodeOptions & { inputWidthPx: number; inputHeightPx: number; strides?: readonly number[] },
): Candidates {
  expectDims(out.dims, 3, "yolox output");
  const n = out.dims[1] as number;
  const width = out.dims[2] as number;
  const nc = width - 5;
  const strides = opts.strides ?? YOLOX_STRIDES;
  const cells = gridCellCount(opts.inputWidthPx, opts.inputHeightPx, strides);
  if (nc < 1 || n !== cells) {
    throw new RangeError(
      `yolox output: [1, ${n}, ${width}] does not match a ${opts.inputWidthPx}x${opts.inputHeightPx} input (${cells} cells over strides ${strides.join("/")})`,
    );
  }
  const d = out.data;
  const conf = opts.confThreshold;
  const buf = new CandidateBuffer();
  let r = 0;
  for (const s of strides) {
    const gw = Math.floor(opts.inputWidthPx / s);
    const gh = Math.floor(opts.inputHeightPx / s);
    for (let gy = 0; gy < gh; gy++) {
      for (let gx = 0; gx < gw; gx++, r++) {
        const o = r * width;
        const obj = d[o + 4] as number;
        if (!(obj > conf)) continue;
        let best = d[o + 5] as number;
        let cls = 0;
        for (let c = 1; c < nc; c++) {
          const v = d[o + 5 + c] as number;
          if (v > best) {
            best = v;
            cls = c;
          }
        }
        const score = obj * best;
        if (!(score > conf)) continue;
        const cx = ((d[o] as number) + gx) * s;
        const cy = ((d[o + 1] as number) + gy) * s;
        const hw = (Math.exp(d[o + 2] as number) * s) / 2;
        const hh = (Math.exp(d[o + 3] as number) * s) / 2;
        buf.push(cx - hw, cy - hh, cx + hw, cy + hh, score, cls);
      }
    }
  }
  return buf.finish();
}
