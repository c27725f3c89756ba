import { createHash, randomBytes } from "node:crypto";
import { statSync } from "node:fs";
import { mkdir, readdir, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { loadSharp } from "./sharp-lazy";

/** Longest side of a thumbnail, px: a grid cell is 180–370 px wide, so this is sharp at 1× and fair at 2×. */
export const THUMB_PX = 320;

/** What the thumbnail cache may hold before its least recently shown pictures go: about 60,000 thumbnails. */
export const THUMB_CACHE_BYTES = 1.5 * 2 ** 30;
/** A thumbnail shown again is marked as recently used at most this often (a write per picture per day, not per view). */
const TOUCH_AFTER_MS = 24 * 3600 * 1000;
/** The cache is measured (and pruned) after this many new thumbnails. */
const PRUNE_EVERY = 500;
/**
 * Thumbnails made at once. One: on a 2-core laptop a grid flicked through a thousand new rows would otherwise decode
 * on every core and take the CPU the renderer needs to draw the scroll.
 */
const MAKE_AT_ONCE = 1;

/** Where a thumbnail of this content lives in a cache folder: `<cache>/<ab>/<key>.jpg` (key: hex of the hash). */
export function thumbnailPath(cacheDir: string, contentHash: string): string {
  const key = createHash("sha256").update(`${THUMB_PX}:${contentHash}`).digest("hex");
  return join(cacheDir, key.slice(0, 2), `${key}.jpg`);
}

/**
 * The small JPEGs the Data view's grid shows, made once per content (EXIF orientation applied, as the full image is
 * shown) and kept in a cache folder of this machine, by content hash, so projects stay small to copy and the same
 * picture is made once for every project. Without it a grid of 640×480 photos decoded and scaled each of its cells
 * at every scroll, and a 4000×3000 photo needs 48 MB of pixels per cell. A thumbnail is 15–40 KB, so 100,000 images
 * would make 1.5–4 GB: the cache keeps to `maxBytes` by removing the least recently shown thumbnails (by file
 * time, renewed when one is shown again) down to 80% of it, after every PRUNE_EVERY new ones and when the first
 * thumbnail is asked for.
 *
 * Thumbnails not yet made wait in a queue served newest first (the cells in view now, not those a flick has
 * passed, and one asked again goes to the front), a request whose viewer went away (`signal` aborted) is dropped
 * before its picture is decoded, and two requests for the same content share one making.
 */
export class ThumbnailCache {
  private written = 0;
  private measured = false;
  private pruning: Promise<PruneResult> | null = null;
  private readonly making = new Map<string, Making>();
  /** Makings waiting for their turn, oldest first; the last is served next. */
  private readonly waiting: { file: string; turn: () => void }[] = [];
  private busy = 0;

  constructor(
    readonly dir: string,
    private readonly maxBytes = THUMB_CACHE_BYTES,
    private readonly now: () => number = Date.now,
  ) {}

  /** The thumbnail file of an image (the image itself when it is no larger than a thumbnail). */
  async file(imageFile: string, contentHash: string, size: { width: number; height: number }, signal?: AbortSignal): Promise<string> {
    if (Math.max(size.width, size.height) <= THUMB_PX) return imageFile;
    // the first thumbnail asked for measures the cache: what earlier sessions left may be over the budget
    if (!this.measured) {
      this.measured = true;
      void this.prune();
    }
    const file = thumbnailPath(this.dir, contentHash);
    const seen = statSync(file, { throwIfNoEntry: false });
    if (seen) {
      const t = this.now();
      // a failed touch only makes the picture look older to the pruning
      if (t - seen.mtimeMs > TOUCH_AFTER_MS) void utimes(file, t / 1000, t / 1000).catch(() => undefined);
      return file;
    }
    let making = this.making.get(file);
    if (making) {
      making.askers.push(signal);
      // asked again while it waits: it is wanted now, so it goes to the front
      const at = this.waiting.findIndex((w) => w.file === file);
      if (at >= 0) this.waiting.push(...this.waiting.splice(at, 1));
    } else {
      const askers = [signal];
      making = { askers, done: this.make(imageFile, file, askers).finally(() => this.making.delete(file)) };
      this.making.set(file, making);
    }
    await making.done;
    return file;
  }

  /** Writes one thumbnail when its turn comes, unless every request for it was given up while it waited. */
  private async make(imageFile: string, file: string, askers: readonly (AbortSignal | undefined)[]): Promise<void> {
    // a finished making hands its turn straight to the newest waiting one
    if (this.busy >= MAKE_AT_ONCE) await new Promise<void>((turn) => this.waiting.push({ file, turn }));
    else this.busy++;
    try {
      if (askers.every((s) => s?.aborted)) throw new DOMException(`every request for the thumbnail of ${imageFile} was given up`, "AbortError");
      await writeThumbnail(imageFile, file);
      if (++this.written % PRUNE_EVERY === 0) void this.prune();
    } finally {
      const next = this.waiting.pop();
      if (next) next.turn();
      else this.busy--;
    }
  }

  /** Removes the least recently shown thumbnails while the cache holds more than its budget (one pass at a time). */
  prune(): Promise<PruneResult> {
    this.pruning ??= pruneCache(this.dir, this.maxBytes).finally(() => (this.pruning = null));
    return this.pruning;
  }
}

/** A thumbnail being made (or waiting to be), with the requests that want it: none left, none made. */
interface Making {
  askers: (AbortSignal | undefined)[];
  done: Promise<void>;
}

export interface PruneResult {
  bytesBefore: number;
  bytesAfter: number;
  removed: number;
  /** Half-written thumbnails of a process killed mid-write (`.tmp` older than `STALE_TEMP_MS`), removed. */
  staleTemps: number;
}

/** A thumbnail's write takes milliseconds: a `.tmp` this old was left by a process that was killed mid-write. */
export const STALE_TEMP_MS = 10 * 60_000;

/**
 * Measures a cache folder of `<ab>/<key>.jpg` files and, above `maxBytes`, removes the oldest (by modification time)
 * until 80% of it is left. Files being written (`.tmp`) are neither counted nor removed, unless older than
 * `STALE_TEMP_MS`: those a killed process left behind go. A file another process removed meanwhile is skipped.
 */
export async function pruneCache(dir: string, maxBytes: number, nowMs: number = Date.now()): Promise<PruneResult> {
  const files: { path: string; bytes: number; mtimeMs: number }[] = [];
  let staleTemps = 0;
  const subdirs = await readdir(dir).catch(() => [] as string[]);
  for (const sub of subdirs) {
    const names = await readdir(join(dir, sub)).catch(() => [] as string[]);
    for (const name of names) {
      const temp = name.endsWith(".tmp");
      if (!name.endsWith(".jpg") && !temp) continue;
      const path = join(dir, sub, name);
      const st = await stat(path).catch(() => null);
      if (!st?.isFile()) continue;
      if (!temp) files.push({ path, bytes: st.size, mtimeMs: st.mtimeMs });
      else if (nowMs - st.mtimeMs > STALE_TEMP_MS) {
        await rm(path, { force: true });
        staleTemps++;
      }
    }
  }
  const bytesBefore = files.reduce((a, f) => a + f.bytes, 0);
  let bytesAfter = bytesBefore;
  let removed = 0;
  if (bytesBefore > maxBytes) {
    files.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const f of files) {
      if (bytesAfter <= maxBytes * 0.8) break;
      await rm(f.path, { force: true });
      bytesAfter -= f.bytes;
      removed++;
    }
  }
  return { bytesBefore, bytesAfter, removed, staleTemps };
}

async function writeThumbnail(imageFile: string, file: string): Promise<void> {
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
}
