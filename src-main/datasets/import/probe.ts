import { isLoupeError } from "../../errors";
import { sha256Hex } from "../../files/hash";
import { MAX_IMAGE_FILE_BYTES, readRegularFile } from "../../files/regular-file";
import { checkPixelLimit, readImageHeader, type ImageHeader } from "../parse/image-header";

export type Probe = { ok: true; sizeBytes: number; contentHash: string; header: ImageHeader } | { ok: false; problem: string };

/**
 * Reads one image file once: its sha256 and its header (size after EXIF orientation), without decoding pixels.
 * Unreadable, empty, truncated or unknown files, anything that is not a regular file (a FIFO would block the read
 * forever) and images above the pixel limit (decompression bombs) give a problem in words instead of throwing.
 */
export async function probeImage(file: string): Promise<Probe> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, { maxBytes: MAX_IMAGE_FILE_BYTES, what: "image" });
  } catch (err) {
    if (isLoupeError(err)) return { ok: false, problem: err.message.startsWith(`${file}: `) ? err.message.slice(file.length + 2) : err.message };
    const e = err as NodeJS.ErrnoException;
    return { ok: false, problem: `cannot read the file (${e.code ?? e.message})` };
  }
  const h = readImageHeader(bytes);
  if (!h.ok) return { ok: false, problem: h.problem };
  const big = checkPixelLimit(h.header);
  if (big) return { ok: false, problem: big };
  return { ok: true, sizeBytes: bytes.length, contentHash: sha256Hex(bytes), header: h.header };
}

/**
 * Maps `fn` over `items` with at most `concurrency` calls in flight, keeping the input order in the result.
 * Used to overlap file reads (the disk) with hashing and parsing (the CPU).
 */
export async function mapPool<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>, signal?: AbortSignal): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !signal?.aborted) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}
