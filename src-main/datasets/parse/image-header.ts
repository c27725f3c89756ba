/**
 * Reads an image's size from its header bytes, without decoding pixels: JPEG, PNG, WebP, BMP and TIFF. Width and
 * height are reported after EXIF orientation (5–8 swap them), as a viewer and a trainer see the image. Also checks
 * that the file is not cut short (a JPEG with no end marker, a PNG with no IEND, a RIFF shorter than it says).
 */
export type ImageFormat = "jpeg" | "png" | "webp" | "bmp" | "tiff";

export interface ImageHeader {
  format: ImageFormat;
  /** Size after EXIF orientation. */
  width: number;
  height: number;
  /** EXIF orientation 1..8 (1 when absent). */
  orientation: number;
}

export type HeaderResult = { ok: true; header: ImageHeader } | { ok: false; problem: string };

const fail = (problem: string): HeaderResult => ({ ok: false, problem });

/**
 * The most pixels an image may have to be imported: Pillow's own MAX_IMAGE_PIXELS (89,478,485, about 9459×9459),
 * above which the trainers' image library warns and, at twice that, refuses the file as a decompression bomb. A
 * small file can declare a huge size (a 0.45 MB PNG of 60000×60000), and decoding it would need gigabytes.
 */
export const MAX_IMAGE_PIXELS = 89_478_485;

/** A problem in words when the image is above MAX_IMAGE_PIXELS, else undefined. */
export function checkPixelLimit(h: { width: number; height: number }, limit = MAX_IMAGE_PIXELS): string | undefined {
  const px = h.width * h.height;
  if (px <= limit) return undefined;
  const mp = (n: number): string => `${(n / 1e6).toFixed(1)} megapixels`;
  return `the image is ${h.width}x${h.height} (${mp(px)}), above Loupe's limit of ${mp(limit)} (a decompression bomb, or an image to tile first)`;
}

/** Parses the header of an image file's bytes. */
export function readImageHeader(b: Uint8Array): HeaderResult {
  if (b.length === 0) return fail("empty file (0 bytes)");
  try {
    if (b[0] === 0xff && b[1] === 0xd8) return readJpeg(b);
    if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return readPng(b);
    if (ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 4) === "WEBP") return readWebp(b);
    if (b[0] === 0x42 && b[1] === 0x4d) return readBmp(b);
    if (ascii(b, 0, 4) === "II*\u0000" || ascii(b, 0, 4) === "MM\u0000*") return readTiff(b);
  } catch (err) {
    if (err instanceof RangeError) return fail("truncated header");
    throw err;
  }
  return fail("not a recognised image (jpg, png, webp, bmp, tif)");
}

function ascii(b: Uint8Array, at: number, n: number): string {
  let s = "";
  for (let i = at; i < at + n && i < b.length; i++) s += String.fromCharCode(b[i] as number);
  return s;
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function oriented(format: ImageFormat, width: number, height: number, orientation: number): HeaderResult {
  if (!(width > 0 && height > 0)) return fail(`the header gives no usable size (${width}x${height})`);
  const o = orientation >= 1 && orientation <= 8 ? orientation : 1;
  return { ok: true, header: o >= 5 ? { format, width: height, height: width, orientation: o } : { format, width, height, orientation: o } };
}

function readJpeg(b: Uint8Array): HeaderResult {
  const v = view(b);
  let at = 2;
  let orientation = 1;
  let size: [number, number] | undefined;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return fail(`corrupt JPEG: no marker at byte ${at}`);
    const marker = b[at + 1] as number;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const len = v.getUint16(at + 2);
    if (marker === 0xe1 && ascii(b, at + 4, 6) === "Exif\u0000\u0000") {
      orientation = tiffOrientation(b.subarray(at + 10, at + 2 + len)) ?? orientation;
    }
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) size = [v.getUint16(at + 7), v.getUint16(at + 5)];
    if (marker === 0xda) {
      if (!size) return fail("corrupt JPEG: no frame header before the image data");
      // In entropy-coded data 0xFF is always followed by 0x00 or a restart marker, so FF D9 can only be the end.
      const from = Math.max(at, b.length - 4096);
      let end = false;
      for (let i = b.length - 2; i >= from; i--) {
        if (b[i] === 0xff && b[i + 1] === 0xd9) {
          end = true;
          break;
        }
      }
      if (!end) return fail("truncated JPEG (no end-of-image marker)");
      return oriented("jpeg", size[0], size[1], orientation);
    }
    at += 2 + len;
  }
  return fail("truncated JPEG (ends before the image data)");
}

function readPng(b: Uint8Array): HeaderResult {
  if (b.length < 33 || ascii(b, 12, 4) !== "IHDR") return fail("truncated PNG header");
  const v = view(b);
  const tail = ascii(b, Math.max(0, b.length - 64), 64);
  if (!tail.includes("IEND")) return fail("truncated PNG (no IEND chunk)");
  return oriented("png", v.getUint32(16), v.getUint32(20), 1);
}

function readWebp(b: Uint8Array): HeaderResult {
  const v = view(b);
  const riffSize = v.getUint32(4, true);
  if (riffSize + 8 > b.length) return fail(`truncated WebP (RIFF says ${riffSize + 8} bytes, file has ${b.length})`);
  let width = 0;
  let height = 0;
  let orientation = 1;
  let at = 12;
  while (at + 8 <= b.length) {
    const tag = ascii(b, at, 4);
    const len = v.getUint32(at + 4, true);
    const data = at + 8;
    if (tag === "VP8X") {
      const u24 = (at: number): number => v.getUint8(at) | (v.getUint8(at + 1) << 8) | (v.getUint8(at + 2) << 16);
      width = 1 + u24(data + 4);
      height = 1 + u24(data + 7);
    } else if (tag === "VP8 " && width === 0) {
      width = v.getUint16(data + 6, true) & 0x3fff;
      height = v.getUint16(data + 8, true) & 0x3fff;
    } else if (tag === "VP8L" && width === 0) {
      const bits = v.getUint32(data + 1, true);
      width = (bits & 0x3fff) + 1;
      height = ((bits >>> 14) & 0x3fff) + 1;
    } else if (tag === "EXIF") {
      const exif = b.subarray(data, data + len);
      const off = ascii(exif, 0, 6) === "Exif\u0000\u0000" ? 6 : 0;
      orientation = tiffOrientation(exif.subarray(off)) ?? orientation;
    }
    at = data + len + (len % 2);
  }
  return oriented("webp", width, height, orientation);
}

function readBmp(b: Uint8Array): HeaderResult {
  if (b.length < 26) return fail("truncated BMP header");
  const v = view(b);
  const fileSize = v.getUint32(2, true);
  const pixelOffset = v.getUint32(10, true);
  const dib = v.getUint32(14, true);
  if ((fileSize > 0 && fileSize > b.length) || pixelOffset >= b.length) return fail(`truncated BMP (${b.length} of ${fileSize} bytes)`);
  if (dib === 12) return oriented("bmp", v.getUint16(18, true), v.getUint16(20, true), 1);
  if (dib < 40) return fail(`unsupported BMP header (size ${dib})`);
  return oriented("bmp", Math.abs(v.getInt32(18, true)), Math.abs(v.getInt32(22, true)), 1);
}

function readTiff(b: Uint8Array): HeaderResult {
  const tags = tiffTags(b, [256, 257, 274]);
  if (!tags) return fail("truncated or corrupt TIFF header");
  return oriented("tiff", tags.get(256) ?? 0, tags.get(257) ?? 0, tags.get(274) ?? 1);
}

function tiffOrientation(b: Uint8Array): number | undefined {
  return tiffTags(b, [274])?.get(274);
}

/** Reads SHORT/LONG values of the wanted tags from IFD0 of a TIFF structure (a TIFF file or an EXIF block). */
function tiffTags(b: Uint8Array, wanted: readonly number[]): Map<number, number> | undefined {
  if (b.length < 8) return undefined;
  const little = b[0] === 0x49;
  const v = view(b);
  const ifd = v.getUint32(4, little);
  if (ifd + 2 > b.length) return undefined;
  const n = v.getUint16(ifd, little);
  const out = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > b.length) return undefined;
    const tag = v.getUint16(e, little);
    if (!wanted.includes(tag)) continue;
    const type = v.getUint16(e + 2, little);
    out.set(tag, type === 3 ? v.getUint16(e + 8, little) : v.getUint32(e + 8, little));
  }
  return out;
}
