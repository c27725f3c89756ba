/**
 * Letterbox geometry: how an image of any size is scaled and padded into a model's fixed input, and how boxes
 * found in that input are mapped back to the original image's pixels.
 *
 * Two pad modes exist in the wild:
 * - `center` (Ultralytics `LetterBox`, YOLOv5's `letterbox`): scale r = min(H/h0, W/w0), new size rounded with
 *   Python's round-half-to-even, padding split between both sides with `round(d/2 ∓ 0.1)` so an odd padding puts the
 *   extra pixel bottom/right. Back-mapping reproduces Ultralytics' `scale_boxes` (gain r, pad recomputed from
 *   `(W − w0·r)/2 − 0.1`), which can differ from the forward pad by one pixel; we keep that for parity of numbers.
 * - `top-left` (YOLOX demos): new size truncated (`int(w0·r)`), the image pasted at (0, 0), pad right and bottom;
 *   back-mapping divides by r.
 */

export type PadMode = "center" | "top-left";

/** Everything needed to letterbox one image and map its boxes back. All sizes and pads in pixels. */
export interface Letterbox {
  srcWidthPx: number;
  srcHeightPx: number;
  dstWidthPx: number;
  dstHeightPx: number;
  /** Scale factor applied to the source, dimensionless (r = min(dstH/srcH, dstW/srcW)). */
  scale: number;
  resizedWidthPx: number;
  resizedHeightPx: number;
  padLeftPx: number;
  padTopPx: number;
  padRightPx: number;
  padBottomPx: number;
  /** Offsets used when mapping boxes back (Ultralytics' `scale_boxes` pads for `center`, 0 for `top-left`). */
  mapOffsetXPx: number;
  mapOffsetYPx: number;
  mode: PadMode;
}

/**
 * Python 3's `round()` for doubles: nearest integer, halves to the even neighbour.
 * @example pyRound(2.5) // 2
 * @example pyRound(3.5) // 4
 * @example pyRound(-0.5) // -0
 */
export function pyRound(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * Computes the letterbox of a `srcWidthPx` × `srcHeightPx` image into a `dstWidthPx` × `dstHeightPx` model input.
 * Upscaling is allowed (as Ultralytics' predictor does). Sizes must be positive integers.
 * @example computeLetterbox(650, 417, 640, 640) // scale 0.9846…, resized 640×411, pads left 0, top 114, bottom 115
 */
export function computeLetterbox(
  srcWidthPx: number,
  srcHeightPx: number,
  dstWidthPx: number,
  dstHeightPx: number,
  mode: PadMode = "center",
): Letterbox {
  if (!(srcWidthPx > 0 && srcHeightPx > 0 && dstWidthPx > 0 && dstHeightPx > 0)) {
    throw new RangeError(`letterbox sizes must be positive (source ${srcWidthPx}x${srcHeightPx}, input ${dstWidthPx}x${dstHeightPx})`);
  }
  const scale = Math.min(dstHeightPx / srcHeightPx, dstWidthPx / srcWidthPx);
  if (mode === "top-left") {
    const resizedWidthPx = Math.min(dstWidthPx, Math.max(1, Math.trunc(srcWidthPx * scale)));
    const resizedHeightPx = Math.min(dstHeightPx, Math.max(1, Math.trunc(srcHeightPx * scale)));
    return {
      srcWidthPx, srcHeightPx, dstWidthPx, dstHeightPx, scale, resizedWidthPx, resizedHeightPx,
      padLeftPx: 0, padTopPx: 0, padRightPx: dstWidthPx - resizedWidthPx, padBottomPx: dstHeightPx - resizedHeightPx,
      mapOffsetXPx: 0, mapOffsetYPx: 0, mode,
    };
  }
  const resizedWidthPx = Math.max(1, pyRound(srcWidthPx * scale));
  const resizedHeightPx = Math.max(1, pyRound(srcHeightPx * scale));
  const dw = (dstWidthPx - resizedWidthPx) / 2;
  const dh = (dstHeightPx - resizedHeightPx) / 2;
  return {
    srcWidthPx, srcHeightPx, dstWidthPx, dstHeightPx, scale, resizedWidthPx, resizedHeightPx,
    padLeftPx: pyRound(dw - 0.1),
    padRightPx: pyRound(dw + 0.1),
    padTopPx: pyRound(dh - 0.1),
    padBottomPx: pyRound(dh + 0.1),
    mapOffsetXPx: pyRound((dstWidthPx - srcWidthPx * scale) / 2 - 0.1),
    mapOffsetYPx: pyRound((dstHeightPx - srcHeightPx * scale) / 2 - 0.1),
    mode,
  };
}

/**
 * Maps corner boxes from model-input pixels back to original-image pixels and clips them to the image, in place.
 * `xyxy` holds `[x1, y1, x2, y2]` quadruples (length a multiple of 4).
 * @example
 * const lb = computeLetterbox(100, 50, 64, 64); // scale 0.64, offset y 16
 * mapBoxesToImage(Float64Array.of(0, 16, 64, 48), lb) // → [0, 0, 100, 50]
 */
export function mapBoxesToImage(xyxy: Float32Array | Float64Array | number[], lb: Letterbox): void {
  const { scale, mapOffsetXPx: ox, mapOffsetYPx: oy, srcWidthPx: w, srcHeightPx: h } = lb;
  for (let i = 0; i + 3 < xyxy.length; i += 4) {
    xyxy[i] = clip(((xyxy[i] as number) - ox) / scale, w);
    xyxy[i + 1] = clip(((xyxy[i + 1] as number) - oy) / scale, h);
    xyxy[i + 2] = clip(((xyxy[i + 2] as number) - ox) / scale, w);
    xyxy[i + 3] = clip(((xyxy[i + 3] as number) - oy) / scale, h);
  }
}

/**
 * Maps one point from original-image pixels into model-input pixels (the forward direction of `mapBoxesToImage`,
 * without clipping). Useful for tests and for drawing.
 * @example mapPointToInput(100, 50, computeLetterbox(100, 50, 64, 64)) // { x: 64, y: 48 }
 */
export function mapPointToInput(xPx: number, yPx: number, lb: Letterbox): { x: number; y: number } {
  return { x: xPx * lb.scale + lb.mapOffsetXPx, y: yPx * lb.scale + lb.mapOffsetYPx };
}

function clip(v: number, max: number): number {
  return v < 0 ? 0 : v > max ? max : v;
}
