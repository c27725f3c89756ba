/**
 * Ultralytics YOLOv8 / v9 / YOLO11 / YOLO12 / YOLOv5u (and YOLO26 with end2end=False) output: `[1, 4 + nc, N]`.
 * Rows 0–3 are cx, cy, w, h in model-input pixels, rows 4.. the per-class scores, already sigmoided; no objectness.
 */
import { CandidateBuffer, expectDims, type Candidates, type DecodeOptions, type OutputTensor } from "./types";

/**
 * Decodes a v8-family tensor into candidates: best class per anchor, kept when its score > `confThreshold`.
 * Boxes are corners in model-input pixels. Extra rows beyond `4 + numClasses` (segmentation mask coefficients) are
 * ignored when `numClasses` is given.
 * @example
 * // 1 class, 2 anchors: anchor 0 = box centred (10, 10) size 4×2 with score 0.9, anchor 1 scores 0.1
 * decodeYoloV8({ data: Float32Array.of(10, 50, 10, 50, 4, 4, 2, 2, 0.9, 0.1), dims: [1, 5, 2] }, { confThreshold: 0.25 })
 * // → count 1, xyxy [8, 9, 12, 11], score 0.9, class 0
 */
export function decodeYoloV8(out: OutputTensor, opts: DecodeOptions & { numClasses?: number }): Candidates {
  expectDims(out.dims, 3, "yolov8 output");
  const rows = out.dims[1] as number;
  const n = out.dims[2] as number;
  const nc = opts.numClasses ?? rows - 4;
  if (nc < 1 || 4 + nc > rows) throw new RangeError(`yolov8 output: [1, ${rows}, ${n}] cannot hold 4 box rows and ${nc} classes`);
  const d = out.data;
  // Walk class rows one after another (contiguous memory), keeping the best score and class per anchor.
  const best = new Float32Array(n);
  const bestClass = new Int32Array(n);
  best.set(d.subarray(4 * n, 5 * n));
  for (let c = 1; c < nc; c++) {
    const base = (4 + c) * n;
    for (let a = 0; a < n; a++) {
      const s = d[base + a] as number;
      if (s > (best[a] as number)) {
        best[a] = s;
        bestClass[a] = c;
      }
    }
  }
  const buf = new CandidateBuffer();
  const conf = opts.confThreshold;
  for (let a = 0; a < n; a++) {
    const s = best[a] as number;
    if (!(s > conf)) continue;
    const cx = d[a] as number;
    const cy = d[n + a] as number;
    const hw = (d[2 * n + a] as number) / 2;
    const hh = (d[3 * n + a] as number) / 2;
    buf.push(cx - hw, cy - hh, cx + hw, cy + hh, s, bestClass[a] as number);
  }
  return buf.finish();
}
