import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { loadSharp } from "../files/sharp-lazy";
import { writeFileAtomic } from "../files/atomic";
import { resolveMediaPath } from "../files/media-resolver";
import { descriptorCachePath } from "../files/project-layout";
import type { Db } from "../store/db";
import { getImagesByIds } from "../store/repos/images-repo";

/** Descriptor: an 8×8 RGB thumbnail (area-averaged), 192 values 0..1. */
export const DESCRIPTOR_SIDE = 8;
export const DESCRIPTOR_DIM = DESCRIPTOR_SIDE * DESCRIPTOR_SIDE * 3;

interface CacheFile {
  version: 1;
  dim: number;
  /** content hash → base64 of the descriptor's bytes (0..255). */
  byHash: Record<string, string>;
}

function readCache(file: string): CacheFile {
  if (!existsSync(file)) return { version: 1, dim: DESCRIPTOR_DIM, byHash: {} };
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<CacheFile>;
    if (parsed.version === 1 && parsed.dim === DESCRIPTOR_DIM && typeof parsed.byHash === "object" && parsed.byHash !== null) {
      return { version: 1, dim: DESCRIPTOR_DIM, byHash: parsed.byHash };
    }
  } catch {
    // A damaged cache is rebuilt: it holds nothing that cannot be computed again.
  }
  return { version: 1, dim: DESCRIPTOR_DIM, byHash: {} };
}

/** The content hash of each image, read in one query ("" for an id that is no image). */
function contentHashes(db: Db, imageIds: readonly number[]): (id: number) => string {
  const byId = new Map(getImagesByIds(db, imageIds).map((i) => [i.id, i.contentHash]));
  return (id) => byId.get(id) ?? "";
}

/** Cached descriptor bytes (base64) as values 0..1 into `out` from `offset`. */
function decodeInto(b64: string, out: Float32Array, offset: number): void {
  const bytes = Buffer.from(b64, "base64");
  for (let k = 0; k < DESCRIPTOR_DIM; k++) out[offset + k] = (bytes[k] ?? 128) / 255;
}

/** One image's descriptor bytes from its file. */
export async function computeDescriptor(file: string): Promise<Uint8Array> {
  const sharp = await loadSharp();
  const raw = await sharp(file, { failOn: "none" })
    .removeAlpha()
    .toColourspace("srgb")
    .resize(DESCRIPTOR_SIDE, DESCRIPTOR_SIDE, { fit: "fill", kernel: "cubic" })
    .raw()
    .toBuffer();
  return new Uint8Array(raw.buffer, raw.byteOffset, DESCRIPTOR_DIM);
}

/**
 * Descriptors (row per image id, values 0..1) of the given images, computed once per content hash and cached in
 * the project (`cache/descriptors-v1.json`, written atomically). An image whose file cannot be read gets a row of
 * 0.5 and is reported in `missing`, so selection still runs.
 */
export async function imageDescriptors(
  db: Db,
  projectDir: string,
  imageIds: readonly number[],
  signal?: AbortSignal,
): Promise<{ dim: number; values: Float32Array; missing: number[] }> {
  const file = descriptorCachePath(projectDir);
  const cache = readCache(file);
  const values = new Float32Array(imageIds.length * DESCRIPTOR_DIM);
  const missing: number[] = [];
  const hashOf = contentHashes(db, imageIds);
  let added = 0;
  for (let r = 0; r < imageIds.length; r++) {
    signal?.throwIfAborted();
    const id = imageIds[r] ?? 0;
    const hash = hashOf(id);
    let b64 = hash === "" ? undefined : cache.byHash[hash];
    if (b64 === undefined) {
      try {
        const bytes = await computeDescriptor(resolveMediaPath(db, id));
        b64 = Buffer.from(bytes).toString("base64");
        if (hash !== "") {
          cache.byHash[hash] = b64;
          added++;
        }
      } catch {
        missing.push(id);
        values.fill(0.5, r * DESCRIPTOR_DIM, (r + 1) * DESCRIPTOR_DIM);
        continue;
      }
    }
    decodeInto(b64, values, r * DESCRIPTOR_DIM);
  }
  if (added > 0) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileAtomic(file, JSON.stringify(cache));
  }
  return { dim: DESCRIPTOR_DIM, values, missing };
}

/**
 * Descriptors of the given images from the project's cache alone (no image is read): null when any is missing.
 * Lets a synchronous selection (the loop's select step) use coverage once the descriptors were computed.
 */
export function cachedDescriptors(db: Db, projectDir: string, imageIds: readonly number[]): { dim: number; byImage: Map<number, Float32Array> } | null {
  const cache = readCache(descriptorCachePath(projectDir));
  const byImage = new Map<number, Float32Array>();
  const hashOf = contentHashes(db, imageIds);
  for (const id of imageIds) {
    const b64 = cache.byHash[hashOf(id)];
    if (b64 === undefined) return null;
    const row = new Float32Array(DESCRIPTOR_DIM);
    decodeInto(b64, row, 0);
    byImage.set(id, row);
  }
  return { dim: DESCRIPTOR_DIM, byImage };
}
