/**
 * From one raw output tensor to final detections in original-image pixels: decode by layout, class-wise NMS (not
 * for end-to-end heads), map back through the letterbox and clip to the image.
 */
import { mapBoxesToImage, type Letterbox } from "../geometry/letterbox";
import { decodeEndToEnd } from "./end-to-end";
import { DEFAULT_IOU_THRESHOLD, DEFAULT_MAX_DETECTIONS, nms } from "./nms";
import type { Candidates, Detection, Layout, OutputTensor } from "./types";
import { decodeYoloV5 } from "./yolo-v5";
import { decodeYoloV8 } from "./yolo-v8";
import { decodeYolox } from "./yolox";

export interface PostprocessOptions {
  layout: Layout;
  /** Strict confidence threshold 0..1 (predict 0.25, evaluation 0.001). */
  confThreshold: number;
  /** NMS IoU threshold 0..1 (default 0.7). */
  iouThreshold?: number;
  /** At most this many detections per image (default 300). */
  maxDetections?: number;
  /** Model classes, when known (v8 outputs of segmentation models carry extra rows). */
  numClasses?: number;
  letterbox: Letterbox;
}

/** Confidence threshold Loupe uses for evaluation runs (as Ultralytics' validator), keeping low-score boxes. */
export const EVAL_CONF_THRESHOLD = 0.001;
export const DEFAULT_CONF_THRESHOLD = 0.25;

/**
 * Decodes, suppresses and maps one image's output. Detections come sorted by descending score, boxes in
 * original-image pixels clipped to the image, class = the model's class index.
 * @example
 * // v8 output with one box centred (32, 32) of 16×16 on a 64×64 input letterboxed from a 128×64 image:
 * postprocess({ data, dims: [1, 5, 1] }, { layout: "yolov8", confThreshold: 0.25, letterbox: computeLetterbox(128, 64, 64, 64) })
 * // → [{ x1: 48, y1: 16, x2: 80, y2: 48, score, classIndex: 0 }]
 */
export function postprocess(out: OutputTensor, opts: PostprocessOptions): Detection[] {
  const maxDetections = opts.maxDetections ?? DEFAULT_MAX_DETECTIONS;
  const lb = opts.letterbox;
  let cand: Candidates;
  let keep: number[];
  switch (opts.layout) {
    case "yolov8":
      cand = decodeYoloV8(out, opts.numClasses === undefined ? { confThreshold: opts.confThreshold } : { confThreshold: opts.confThreshold, numClasses: opts.numClasses });
      break;
    case "yolov5":
      cand = decodeYoloV5(out, { confThreshold: opts.confThreshold });
      break;
    case "yolox":
      cand = decodeYolox(out, { confThreshold: opts.confThreshold, inputWidthPx: lb.dstWidthPx, inputHeightPx: lb.dstHeightPx });
      break;
    case "end-to-end":
      cand = decodeEndToEnd(out, { confThreshold: opts.confThreshold, maxDetections });
      break;
  }
  if (opts.layout === "end-to-end") {
    keep = Array.from({ length: cand.count }, (_, i) => i);
  } else {
    keep = nms(cand, { iouThreshold: opts.iouThreshold ?? DEFAULT_IOU_THRESHOLD, maxDetections });
  }
  const xyxy = new Float64Array(4 * keep.length);
  keep.forEach((k, j) => xyxy.set(cand.xyxy.subarray(4 * k, 4 * k + 4), 4 * j));
  mapBoxesToImage(xyxy, lb);
  const dets = keep.map((k, j) => ({
    x1: xyxy[4 * j] as number,
    y1: xyxy[4 * j + 1] as number,
    x2: xyxy[4 * j + 2] as number,
    y2: xyxy[4 * j + 3] as number,
    score: cand.scores[k] as number,
    classIndex: cand.classes[k] as number,
  }));
  // End-to-end rows come sorted already; a stable sort keeps that order for equal scores.
  return opts.layout === "end-to-end" ? dets.sort((p, q) => q.score - p.score) : dets;
}
