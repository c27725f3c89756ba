import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { loadSharp } from "./sharp-lazy";

/** Longest side of a thumbnail, px: a grid cell is 180–370 px wide, so this is sharp at 1× and fair at 2×. */
export const THUMB_PX = 320;

/** Where a thumbnail of this content lives in a cache folder: `<cache>/<ab>/<key>.jpg` (key: hex of the hash). */
export function thumbnailPath(cacheDir: string, contentHash: string): string {
  const key = createHash("sha256").update(`${THUMB_PX}:${contentHash}`).digest("hex");
  return join(cacheDir, key.slice(0, 2), `${key}.jpg`);
}

/**
 * The small JPEG the Data view's grid shows for an image, made once per content (EXIF orientation applied, as the
 * full image is shown) and kept in a cache folder of this machine, by content hash, so projects stay small to copy
 * (a thumbnail is 15–40 KB: 100,000 images make 1.5–4 GB) and the same picture is made once for every project.
 * Without it a grid of 640×480 photos decoded and scaled each of its cells at every scroll, and a 4000×3000 photo
 * needs 48 MB of pixels per cell. Images no larger than a thumbnail are served as they are.
 */
export async function thumbnailFile(cacheDir: string, imageFile: string, contentHash: string, size: { width: number; height: number }): Promise<string> {
  if (Math.max(size.width, size.height) <= THUMB_PX) return imageFile;
  const file = thumbnailPath(cacheDir, contentHash);
  if (existsSync(file)) return file;
  const sharp = await loadSharp();
  const jpeg = await sharp(imageFile, { failOn: "none" })
    .rotate()
    .resize(THUMB_PX, THUMB_PX, { fit: "inside", withoutEnlargement: true })
    .jpeg({ quality: 80, mozjpeg: false })
    .toBuffer();
  // a cache, made again when lost: written beside and renamed into place (never seen half-written), not synced, and
  // without blocking the main process, which serves the rest of the grid's media:// requests meanwhile
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(tmp, jpeg);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return file;
}
