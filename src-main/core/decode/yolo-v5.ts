/**
 * YOLOv5-repo output (also YOLOv7-style exports): `[1, N, 5 + nc]`, rows of cx, cy, w, h (model-input pixels),
 * objectness and nc class scores, all already sigmoided. Score = objectness × class score.
 */
import { CandidateBuffer, expectDims, type Candidates, type DecodeOptions, type OutputTensor } from "./types";

/**
 * Decodes a YOLOv5 tensor into candidates, as YOLOv5's `non_max_suppression` does before NMS: rows with
 * objectness ≤ `confThreshold` are skipped, then the best class by objectness × class score is kept when that
 * product > `confThreshold`. Boxes are corners in model-input pixels.
 * @example
 * // 1 row, 2 classes: box centred (20, 20) size 10×10, objectness 0.8, classes 0.5 / 0.9 → class 1, score 0.72
 * decodeYoloV5({ data: Float32Array.of(20, 20, 10, 10, 0.8, 0.5, 0.9), dims: [1, 1, 7] }, { confThreshold: 0.25 })
 * // → count 1, xyxy [15, 15, 25, 25], score 0.72, class 1
 */
export function decodeYoloV5(out: OutputTensor, opts: DecodeOptions): Candidates {
  expectDims(out.dims, 3, "yolov5 output");
  const n = out.dims[1] as number;
  const width = out.dims[2] as number;
  const nc = width - 5;
  if (nc < 1) throw new RangeError(`yolov5 output: rows of ${width} values cannot hold a box, objectness and a class`);
  const d = out.data;
  const conf = opts.confThreshold;
  const buf = new CandidateBuffer();
  for (let r = 0; r < n; r++) {
    const o = r * width;
    const obj = d[o + 4] as number;
    if (!(obj > conf)) continue;
    let best = d[o + 5] as number;
    let cls = 0;
    for (let c = 1; c < nc; c++) {
      const s = d[o + 5 + c] as number;
      if (s > best) {
        best = s;
        cls = c;
      }
    }
    const score = best * obj;
    if (!(score > conf)) continue;
    const cx = d[o] as number;
    const cy = d[o + 1] as number;
    const hw = (d[o + 2] as number) / 2;
    const hh = (d[o + 3] as number) / 2;
    buf.push(cx - hw, cy - hh, cx + hw, cy + hh, score, cls);
  }
  return buf.finish();
}
