import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Box } from "../core/geometry/box";
import { loadSharp } from "../files/sharp-lazy";

/** How much context a crop keeps around its box: a quarter of the box's size, at least this many pixels. */
const MIN_MARGIN_PX = 12;
/** Crops are written at most this large (longest side, px). */
const CROP_MAX_PX = 256;

/** A box grown by the context margin and clipped to the image; integers for sharp. */
export function cropRegion(box: Box, widthPx: number, heightPx: number): { left: number; top: number; width: number; height: number } {
  const mx = Math.max(MIN_MARGIN_PX, box.w * 0.25);
  const my = Math.max(MIN_MARGIN_PX, box.h * 0.25);
  const left = Math.max(0, Math.floor(box.x - mx));
  const top = Math.max(0, Math.floor(box.y - my));
  const right = Math.min(widthPx, Math.ceil(box.x + box.w + mx));
  const bottom = Math.min(heightPx, Math.ceil(box.y + box.h + my));
  return { left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
}

/** Decodes an image once as greyscale (EXIF orientation applied), for contrast measurements of several boxes. */
export async function loadLuma(file: string): Promise<{ data: Uint8Array; width: number; height: number }> {
  const sharp = await loadSharp();
  const { data, info } = await sharp(file).rotate().greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/**
 * Contrast of a box against its surroundings, 0..1: |mean luma inside − mean luma of a ring around it| / 255. A box
 * whose colour is close to the background scores low (the "low contrast" miss category uses < 0.1).
 */
export function boxContrast(luma: { data: Uint8Array; width: number; height: number }, box: Box): number {
  const ring = cropRegion(box, luma.width, luma.height);
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(luma.width, Math.ceil(box.x + box.w));
  const y1 = Math.min(luma.height, Math.ceil(box.y + box.h));
  let inSum = 0;
  let inN = 0;
  let outSum = 0;
  let outN = 0;
  for (let y = ring.top; y < ring.top + ring.height; y++) {
    for (let x = ring.left; x < ring.left + ring.width; x++) {
      const v = luma.data[y * luma.width + x] ?? 0;
      if (x >= x0 && x < x1 && y >= y0 && y < y1) {
        inSum += v;
        inN++;
      } else {
        outSum += v;
        outN++;
      }
    }
  }
  if (inN === 0 || outN === 0) return 1;
  return Math.abs(inSum / inN - outSum / outN) / 255;
}

/** Writes one crop (box plus context) as JPEG, at most CROP_MAX_PX on its longest side. */
export async function writeCrop(file: string, box: Box, widthPx: number, heightPx: number, outFile: string): Promise<void> {
  const region = cropRegion(box, widthPx, heightPx);
  const sharp = await loadSharp();
  await sharp(file)
    .rotate()
    .extract(region)
    .resize({ width: CROP_MAX_PX, height: CROP_MAX_PX, fit: "inside", withoutEnlargement: true })
    .jpeg({ quality: 85 })
    .toFile(outFile);
}

export function ensureDirs(reportDir: string): { fn: string; fp: string } {
  const fn = join(reportDir, "fn_crops");
  const fp = join(reportDir, "fp_crops");
  mkdirSync(fn, { recursive: true });
  mkdirSync(fp, { recursive: true });
  return { fn, fp };
}
