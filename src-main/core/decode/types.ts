/**
 * Shared shapes of the decoders. A decoder turns one model output tensor into candidate boxes in model-input
 * pixels; NMS and letterbox back-mapping happen afterwards (see postprocess.ts).
 */

/** The output layouts Loupe decodes (YOLO-CONTRACT.md 1.2). */
export const LAYOUTS = ["yolov5", "yolov8", "end-to-end", "yolox"] as const;
export type Layout = (typeof LAYOUTS)[number];

/** One output tensor as the decoders see it: flat row-major data and its dimensions. */
export interface OutputTensor {
  data: Float32Array;
  dims: readonly number[];
}

/**
 * Candidate boxes, struct-of-arrays: `xyxy[4i..4i+3]` are corners in model-input pixels, `scores[i]` a confidence
 * 0..1, `classes[i]` the model's 0-based class index. `count` entries are valid.
 */
export interface Candidates {
  count: number;
  xyxy: Float64Array;
  scores: Float64Array;
  classes: Int32Array;
}

/** One final detection in original-image pixels: corners, confidence 0..1 and the model's class index. */
export interface Detection {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  score: number;
  classIndex: number;
}

/** Decoder options. `confThreshold` is strict (score > threshold), as Ultralytics. */
export interface DecodeOptions {
  confThreshold: number;
}

/** A growable `Candidates` builder (decoders do not know the count in advance). */
export class CandidateBuffer {
  private xyxy = new Float64Array(4 * 256);
  private scores = new Float64Array(256);
  private classes = new Int32Array(256);
  private n = 0;

  push(x1: number, y1: number, x2: number, y2: number, score: number, classIndex: number): void {
    if (this.n === this.scores.length) this.grow();
    const i = this.n++;
    this.xyxy[4 * i] = x1;
    this.xyxy[4 * i + 1] = y1;
    this.xyxy[4 * i + 2] = x2;
    this.xyxy[4 * i + 3] = y2;
    this.scores[i] = score;
    this.classes[i] = classIndex;
  }

  finish(): Candidates {
    return { count: this.n, xyxy: this.xyxy, scores: this.scores, classes: this.classes };
  }

  private grow(): void {
    const cap = this.scores.length * 2;
    const xyxy = new Float64Array(4 * cap);
    xyxy.set(this.xyxy);
    const scores = new Float64Array(cap);
    scores.set(this.scores);
    const classes = new Int32Array(cap);
    classes.set(this.classes);
    this.xyxy = xyxy;
    this.scores = scores;
    this.classes = classes;
  }
}

/** Throws a RangeError naming the decoder when a tensor does not have the expected rank or sizes. */
export function expectDims(dims: readonly number[], rank: number, what: string): void {
  if (dims.length !== rank || dims.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new RangeError(`${what}: expected a ${rank}-d tensor, got [${dims.join(", ")}]`);
  }
  if (dims[0] !== 1) throw new RangeError(`${what}: expected batch 1, got [${dims.join(", ")}]`);
}
