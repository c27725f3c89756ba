/**
 * Image → model input tensor, as Ultralytics prepares it: EXIF orientation applied, 3 channels (greyscale
 * expanded, alpha dropped), letterboxed (bilinear resize, pad 114), scaled (/255) and laid out NCHW, as float32 or
 * float16. Decoding and resizing run in sharp (libvips), except that plain JPEGs decode through Loupe's image addon
 * where it is built (image-addon.ts: the same pixels in about a third of the time); the padding, scaling and layout
 * change are one pass through a 256-entry lookup table, straight into the (reused) tensor buffer, in C where the
 * addon is built and in JS otherwise (the same values).
 */
import sharp, { type Sharp } from "sharp";
import type { PreprocessSpec } from "../core/decode/layout";
import { computeLetterbox, type Letterbox } from "../core/geometry/letterbox";
import { LoupeError } from "../errors";
import { MAX_IMAGE_FILE_BYTES, readRegularFile } from "../files/regular-file";
import { float32ToFloat16Bits } from "./float16";
import { imageAddon, sharpShrinksOnLoad, type ImageAddon } from "./image-addon";
import type { Augment } from "./protocol";

/** Test-time augmentation of one image: a mirror, or a letterbox at TTA_SCALE of the usual size. */
export type { Augment };
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
    // only a regular file: a FIFO or a device in the data folder is refused by name instead of blocking the worker
    bytes = await readRegularFile(path, { what: "image", maxBytes: MAX_IMAGE_FILE_BYTES });
  } catch (err) {
    if (err instanceof LoupeError && err.code !== "E_NOT_FOUND") throw err;
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
  const fast = augment === "hflip" ? null : await prepareJpegFast(bytes, fmt, alloc, augment);
  if (fast) return fast;
  const meta = await sharp(bytes).metadata();
  const widthPx = meta.autoOrient?.width ?? meta.width;
  const heightPx = meta.autoOrient?.height ?? meta.height;
  if (!widthPx || !heightPx) throw new Error("the image has no size");
  const usual = computeLetterbox(widthPx, heightPx, fmt.widthPx, fmt.heightPx, fmt.preprocess.padMode);
  const lb = augment === "scale" ? scaledLetterbox(usual, TTA_SCALE) : usual;
  // A one-channel greyscale image is resized as one band and expanded in the layout pass: libvips' b-w → sRGB
  // conversion copies the grey value into three bands, so the pixels are the same as resizing three bands.
  const isGrey = meta.channels === 1 && meta.space === "b-w";
  const oriented = augment === "hflip" ? await mirrored(bytes) : sharp(bytes).autoOrient();
  // bilinear like OpenCV's INTER_LINEAR; sharp shrinks a JPEG on load only from 4× down, leaving 2× to resample
  const resized = (isGrey ? oriented : oriented.removeAlpha().toColourspace("srgb")).resize(lb.resizedWidthPx, lb.resizedHeightPx, RESIZE);
  return intoTensor(resized, lb, widthPx, heightPx, fmt, alloc);
}

const RESIZE = { fit: "fill", kernel: "linear", fastShrinkOnLoad: false } as const;

/** Resizing's output (a sharp pipeline) laid out into the model's tensor. */
async function intoTensor(resized: Sharp, lb: Letterbox, widthPx: number, heightPx: number, fmt: InputFormat, alloc: TensorAllocator): Promise<PreparedImage> {
  const { data: px, info } = await resized
    .raw({ depth: "uchar" }) // 16-bit PNGs and TIFFs become 8 bits per sample, like cv2.imread
    .toBuffer({ resolveWithObject: true });
  if (info.width !== lb.resizedWidthPx || info.height !== lb.resizedHeightPx) {
    throw new Error(`resized to ${info.width}x${info.height}, expected ${lb.resizedWidthPx}x${lb.resizedHeightPx}`);
  }
  const data = letterboxToNchw(px, info.channels, lb, fmt, alloc(fmt.type, 3 * fmt.widthPx * fmt.heightPx));
  return { data, letterbox: lb, widthPx, heightPx };
}

/**
 * The JPEG fast path, or null when the file is sharp's to decode: no addon here, not a JPEG, declined (see
 * image-addon.ts), or shrunk by 4× or more, where sharp decodes at a reduced size. The addon's pixels are sharp's
 * own; sharp resizes them from memory, which libvips does like resizing a file's except for rounding on a few rows
 * in some downscales (its vertical reduce places those rows' kernels from region-relative positions): at most 2 of
 * 255 on 4 of 578 test images at 320 px, none at 416 and 640 px (see the bench).
 */
async function prepareJpegFast(bytes: Buffer, fmt: InputFormat, alloc: TensorAllocator, augment?: Augment): Promise<PreparedImage | null> {
  const decoder = imageAddon();
  const header = decoder?.inspect(bytes);
  if (!decoder || !header || typeof header === "string") return null;
  const { width: widthPx, height: heightPx } = header;
  const usual = computeLetterbox(widthPx, heightPx, fmt.widthPx, fmt.heightPx, fmt.preprocess.padMode);
  const lb = augment === "scale" ? scaledLetterbox(usual, TTA_SCALE) : usual;
  if (sharpShrinksOnLoad(widthPx, heightPx, lb.resizedWidthPx, lb.resizedHeightPx)) return null;
  const px = decoder.decode(bytes);
  if (typeof px === "string") return null;
  const raw = sharp(px.data, { raw: { width: px.width, height: px.height, channels: px.channels } });
  const resized = (px.channels === 1 ? raw : raw.removeAlpha().toColourspace("srgb")).resize(lb.resizedWidthPx, lb.resizedHeightPx, RESIZE);
  return intoTensor(resized, lb, widthPx, heightPx, fmt, alloc);
}

/** The oriented image mirrored left–right, as raw pixels (no lossy re-encode), ready for the usual pipeline. */
async function mirrored(bytes: Buffer): Promise<Sharp> {
  const { data, info } = await sharp(bytes).autoOrient().flop().raw().toBuffer({ resolveWithObject: true });
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
}

/**
 * The letterbox's padding, scaling and HWC → NCHW layout in one pass: `px` holds the resized image (HWC uint8, 1–4
 * channels, `lb.resizedWidthPx` × `lb.resizedHeightPx`); it is placed at the letterbox's offsets in `out`, every
 * other value is the pad value, all through the lookup table (RGB or BGR channel order). `out` may hold stale values.
 * In C when the image addon is loaded (`addon`; null: this JS loop), the same values either way.
 */
export function letterboxToNchw(
  px: Uint8Array,
  channels: number,
  lb: Letterbox,
  fmt: InputFormat,
  out: Float32Array | Uint16Array,
  addon: ImageAddon | null = imageAddon(),
): Float32Array | Uint16Array {
  const w = fmt.widthPx;
  const plane = w * fmt.heightPx;
  const lut = lutFor(fmt.preprocess.pixelScale, fmt.type);
  const padIndex = Math.min(255, Math.max(0, Math.round(fmt.preprocess.padValue)));
  const bgr = fmt.preprocess.channelOrder === "bgr";
  if (addon) {
    const { resizedWidthPx, resizedHeightPx, padTopPx, padLeftPx } = lb;
    addon.layout({ px, channels, resizedWidthPx, resizedHeightPx, out, widthPx: w, heightPx: fmt.heightPx, padTopPx, padLeftPx, lut, padIndex, bgr });
    return out;
  }
  const pad = lut[padIndex] as number;
  const p0 = bgr ? 2 * plane : 0;
  const p2 = bgr ? 0 : 2 * plane;
  const rw = lb.resizedWidthPx;
  const rh = lb.resizedHeightPx;
  const top = lb.padTopPx;
  const left = lb.padLeftPx;
  for (let c = 0; c < 3; c++) {
    out.fill(pad, c * plane, c * plane + top * w);
    out.fill(pad, c * plane + (top + rh) * w, (c + 1) * plane);
  }
  for (let y = 0; y < rh; y++) {
    const row = (top + y) * w;
    for (let c = 0; c < 3; c++) {
      out.fill(pad, c * plane + row, c * plane + row + left);
      out.fill(pad, c * plane + row + left + rw, c * plane + row + w);
    }
    const o = row + left;
    let j = y * rw * channels;
    if (channels >= 3) {
      for (let x = 0; x < rw; x++, j += channels) {
        out[p0 + o + x] = lut[px[j] as number] as number;
        out[plane + o + x] = lut[px[j + 1] as number] as number;
        out[p2 + o + x] = lut[px[j + 2] as number] as number;
      }
    } else {
      for (let x = 0; x < rw; x++, j += channels) {
        const g = lut[px[j] as number] as number;
        out[o + x] = g;
        out[plane + o + x] = g;
        out[2 * plane + o + x] = g;
      }
    }
  }
  return out;
}
