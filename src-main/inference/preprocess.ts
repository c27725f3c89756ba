/**
 * Image → model input tensor, as Ultralytics prepares it: EXIF orientation applied, 3 channels (greyscale
 * expanded, alpha dropped), letterboxed (bilinear resize, pad 114), scaled (/255) and laid out NCHW, as float32 or
 * float16. Decoding and resizing run in sharp (libvips, off the JS thread); the layout change is one pass in JS
 * through a 256-entry lookup table.
 */
import { readFile } from "node:fs/promises";
import sharp, { type Sharp } from "sharp";
import type { PreprocessSpec } from "../core/decode/layout";
import { computeLetterbox, type Letterbox } from "../core/geometry/letterbox";
import { LoupeError } from "../errors";
import { float32ToFloat16Bits } from "./float16";

/** Test-time augmentation of one image: a mirror, or a letterbox at TTA_SCALE of the usual size. */
export type Augment = "hflip" | "scale";
/** The "scale" augmentation's factor on the letterboxed size. */
export const TTA_SCALE = 0.75;

export interface PreparedImage {
  data: Float32Array | Uint16Array;
  letterbox: Letterbox;
  /** Original size after EXIF orientation, pixels. */
  widthPx: number;
  heightPx: number;
}

export interface InputFormat {
  widthPx: number;
  heightPx: number;
  type: "float32" | "float16";
  preprocess: PreprocessSpec;
}

/** Lookup tables per (scale, type): pixel value 0..255 → tensor value. */
const luts = new Map<string, Float32Array | Uint16Array>();
function lutFor(scale: number, type: "float32" | "float16"): Float32Array | Uint16Array {
  const key = `${type}:${scale}`;
  let lut = luts.get(key);
  if (!lut) {
    const f = new Float32Array(256);
    for (let i = 0; i < 256; i++) f[i] = i * scale;
    lut = type === "float32" ? f : Uint16Array.from(f, (x) => float32ToFloat16Bits(x));
    luts.set(key, lut);
  }
  return lut;
}

/** Where tensor buffers come from (a TensorPool in the worker; fresh arrays by default). */
export type TensorAllocator = (type: "float32" | "float16", length: number) => Float32Array | Uint16Array;
const allocate: TensorAllocator = (type, length) => (type === "float32" ? new Float32Array(length) : new Uint16Array(length));

/** Reads, decodes, orients and letterboxes one image file into a model input tensor. */
export async function prepareImage(path: string, fmt: InputFormat, alloc: TensorAllocator = allocate, augment?: Augment): Promise<PreparedImage> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new LoupeError("E_IO", `${path}: cannot read the image: ${(err as Error).message}`, { file: path, cause: err });
  }
  try {
    return await prepareImageBytes(bytes, fmt, alloc, augment);
  } catch (err) {
    if (err instanceof LoupeError) throw err;
    throw new LoupeError("E_DATASET_FORMAT", `${path}: cannot decode the image: ${(err as Error).message}`, { file: path, cause: err });
  }
}

/**
 * The letterbox of the "scale" augmentation: the image resized to `factor` of its usual letterboxed size and
 * centred in the input with more padding; `scale` and the map offsets change with it, so the usual back-mapping
 * (`mapBoxesToImage`) returns original-image pixels.
 * @example scaledLetterbox(computeLetterbox(640, 640, 640, 640), 0.75) // resized 480×480, pads 80, scale 0.75
 */
export function scaledLetterbox(lb: Letterbox, factor: number): Letterbox {
  const resizedWidthPx = Math.max(1, Math.round(lb.resizedWidthPx * factor));
  const resizedHeightPx = Math.max(1, Math.round(lb.resizedHeightPx * factor));
  const padLeftPx = Math.floor((lb.dstWidthPx - resizedWidthPx) / 2);
  const padTopPx = Math.floor((lb.dstHeightPx - resizedHeightPx) / 2);
  return {
    ...lb,
    scale: resizedWidthPx / lb.srcWidthPx,
    resizedWidthPx,
    resizedHeightPx,
    padLeftPx,
    padTopPx,
    padRightPx: lb.dstWidthPx - resizedWidthPx - padLeftPx,
    padBottomPx: lb.dstHeightPx - resizedHeightPx - padTopPx,
    mapOffsetXPx: padLeftPx,
    mapOffsetYPx: padTopPx,
  };
}

/** Same as `prepareImage` for bytes already in memory. */
export async function prepareImageBytes(bytes: Buffer, fmt: InputFormat, alloc: TensorAllocator = allocate, augment?: Augment): Promise<PreparedImage> {
  const meta = await sharp(bytes).metadata();
  const widthPx = meta.autoOrient?.width ?? meta.width;
  const heightPx = meta.autoOrient?.height ?? meta.height;
  if (!widthPx || !heightPx) throw new Error("the image has no size");
  const usual = computeLetterbox(widthPx, heightPx, fmt.widthPx, fmt.heightPx, fmt.preprocess.padMode);
  const lb = augment === "scale" ? scaledLetterbox(usual, TTA_SCALE) : usual;
  const pad = fmt.preprocess.padValue;
  const { data: px, info } = await (augment === "hflip" ? await mirrored(bytes) : sharp(bytes).autoOrient())
    .removeAlpha()
    .toColourspace("srgb")
    // bilinear like OpenCV's INTER_LINEAR; no JPEG shrink-on-load, which would change pixels more than resampling
    .resize(lb.resizedWidthPx, lb.resizedHeightPx, { fit: "fill", kernel: "linear", fastShrinkOnLoad: false })
    .extend({
      top: lb.padTopPx,
      bottom: lb.padBottomPx,
      left: lb.padLeftPx,
      right: lb.padRightPx,
      background: { r: pad, g: pad, b: pad },
    })
    .raw({ depth: "uchar" }) // 16-bit PNGs and TIFFs become 8 bits per sample, like cv2.imread
    .toBuffer({ resolveWithObject: true });
  if (info.width !== fmt.widthPx || info.height !== fmt.heightPx) {
    throw new Error(`letterboxed to ${info.width}x${info.height}, expected ${fmt.widthPx}x${fmt.heightPx}`);
  }
  const data = toNchw(px, info.channels, fmt, alloc(fmt.type, 3 * fmt.widthPx * fmt.heightPx));
  return { data, letterbox: lb, widthPx, heightPx };
}

/** The oriented image mirrored left–right, as raw pixels (no lossy re-encode), ready for the usual pipeline. */
async function mirrored(bytes: Buffer): Promise<Sharp> {
  const { data, info } = await sharp(bytes).autoOrient().flop().raw().toBuffer({ resolveWithObject: true });
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
}

/** HWC uint8 (1–4 channels) → NCHW tensor values through the lookup table, RGB or BGR channel order, into `out`. */
function toNchw(px: Buffer, channels: number, fmt: InputFormat, out: Float32Array | Uint16Array): Float32Array | Uint16Array {
  const plane = fmt.widthPx * fmt.heightPx;
  const lut = lutFor(fmt.preprocess.pixelScale, fmt.type);
  const bgr = fmt.preprocess.channelOrder === "bgr";
  const p0 = bgr ? 2 * plane : 0;
  const p2 = bgr ? 0 : 2 * plane;
  if (channels >= 3) {
    for (let i = 0, j = 0; i < plane; i++, j += channels) {
      out[p0 + i] = lut[px[j] as number] as number;
      out[plane + i] = lut[px[j + 1] as number] as number;
      out[p2 + i] = lut[px[j + 2] as number] as number;
    }
  } else {
    for (let i = 0, j = 0; i < plane; i++, j += channels) {
      const g = lut[px[j] as number] as number;
      out[i] = g;
      out[plane + i] = g;
      out[2 * plane + i] = g;
    }
  }
  return out;
}
