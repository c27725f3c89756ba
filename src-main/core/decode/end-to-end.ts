/**
 * End-to-end output (YOLOv10, YOLO26 default, and any export with nms=True): `[1, K, 6]` rows of x1, y1, x2, y2
 * (model-input pixels), score, class id (as a float). Extra columns (segmentation coefficients) are ignored.
 */
import { CandidateBuffer, expectDims, type Candidates, type DecodeOptions, type OutputTensor } from "./types";

/**
 * Keeps rows with score > `confThreshold`, in their order, up to `maxDetections` — exactly Ultralytics' end2end
 * branch (`pred[pred[:, 4] > conf][:max_det]`). No NMS: an end-to-end head may list the same box twice with
 * different classes (a top-K over anchor × class), and Ultralytics keeps both, so do we. The zero-padded rows of
 * an nms=True export have score 0 and are dropped by the strict threshold.
 * @example
 * decodeEndToEnd({ data: Float32Array.of(1, 2, 11, 12, 0.9, 3,  1, 2, 11, 12, 0.6, 5,  0, 0, 0, 0, 0, 0), dims: [1, 3, 6] },
 *   { confThreshold: 0.25, maxDetections: 300 })
 * // → count 2: the same box as class 3 (0.9) and class 5 (0.6)
 */
export function decodeEndToEnd(out: OutputTensor, opts: DecodeOptions & { maxDetections: number }): Candidates {
  expectDims(out.dims, 3, "end-to-end output");
  const k = out.dims[1] as number;
  const width = out.dims[2] as number;
  if (width < 6) throw new RangeError(`end-to-end output: rows of ${width} values, expected at least 6`);
  const d = out.data;
  const buf = new CandidateBuffer();
  let kept = 0;
  for (let r = 0; r < k && kept < opts.maxDetections; r++) {
    const o = r * width;
    const score = d[o + 4] as number;
    if (!(score > opts.confThreshold)) continue;
    buf.push(d[o] as number, d[o + 1] as number, d[o + 2] as number, d[o + 3] as number, score, Math.round(d[o + 5] as number));
    kept++;
  }
  return buf.finish();
}
