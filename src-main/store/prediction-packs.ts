/**
 * An image's stored boxes for one model as ONE blob beside its `prediction_status` row (migration 0009), so that
 * selection reads a 60,000-image pool as 60,000 rows instead of 1.7M: the core's pack layout (PACK_FIELDS
 * little-endian float64 per box — class index, score, x, y, w, h), best first (score descending, then prediction
 * id ascending, the order `listPredictions` gives). Float64 keeps every value exactly as the `predictions` row
 * stores it. The rows stay the source of truth for everything else (review, evaluation, ids); both are written in
 * the same transaction.
 */
import { PACK_FIELDS } from "../core/selection/types";
import type { Db } from "./db";

/** One box as the pack stores it (and as a `predictions` row holds it, less its ids). */
export interface PackedBox {
  classIndex: number;
  score: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * The pack of boxes given in id order (insertion order): sorted best first, ties kept in id order.
 * @example unpack(packBoxes([{ classIndex: 1, score: 0.2, x: 0, y: 0, w: 1, h: 1 }, { classIndex: 0, score: 0.9, x: 1, y: 1, w: 2, h: 2 }]))[0] // 0 (class of the 0.9 box)
 */
export function packBoxes(boxesInIdOrder: readonly PackedBox[]): Buffer {
  const order = boxesInIdOrder.map((_, k) => k).sort((a, b) => boxesInIdOrder[b]!.score - boxesInIdOrder[a]!.score || a - b);
  const out = new Float64Array(order.length * PACK_FIELDS);
  order.forEach((k, r) => {
    const b = boxesInIdOrder[k]!;
    out.set([b.classIndex, b.score, b.x, b.y, b.w, b.h], r * PACK_FIELDS);
  });
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

/** The values of a pack as float64 (copied when the blob is not 8-byte aligned). */
export function unpack(blob: Uint8Array): Float64Array {
  if (blob.byteLength % (8 * PACK_FIELDS) !== 0) throw new Error(`a prediction pack of ${blob.byteLength} bytes is not a whole number of boxes`);
  if (blob.byteOffset % 8 === 0) return new Float64Array(blob.buffer, blob.byteOffset, blob.byteLength / 8);
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return new Float64Array(copy.buffer);
}

/**
 * An image's stored pack as float64 when it holds exactly `boxCount` boxes; otherwise (no pack, or one damaged or
 * stale) the pack made again from the image's `predictions` rows, which are the truth the pack only mirrors.
 */
export function readPack(blob: Uint8Array | null, boxCount: number, fromRows: () => readonly PackedBox[]): Float64Array {
  if (blob && blob.byteLength === boxCount * PACK_FIELDS * 8) return unpack(blob);
  return unpack(packBoxes(fromRows()));
}

/**
 * Writes the packs of every image predicted by a model (or by every model) from its stored `predictions` rows:
 * the migration that introduced packs, and anything that writes rows by SQL (the scale benchmark's generator).
 */
export function rebuildPredictionPacks(db: Db, modelId?: string): void {
  const models = modelId === undefined ? (db.prepare("SELECT DISTINCT model_id FROM prediction_status").pluck().all() as string[]) : [modelId];
  const images = db.prepare("SELECT image_id FROM prediction_status WHERE model_id = ? AND state = 'done' ORDER BY image_id").pluck();
  const read = db
    .prepare("SELECT image_id, class_index, score, x, y, w, h FROM predictions WHERE model_id = ? AND image_id BETWEEN ? AND ? ORDER BY image_id, id")
    .raw();
  const write = db.prepare("UPDATE prediction_status SET boxes = ? WHERE model_id = ? AND image_id = ?");
  db.transaction(() => {
    for (const m of models) {
      const ids = images.all(m) as number[];
      // a chunk of images at a time: a statement cannot run while another one is being iterated
      for (let a = 0; a < ids.length; a += CHUNK_IMAGES) {
        const chunk = ids.slice(a, a + CHUNK_IMAGES);
        const byImage = new Map<number, PackedBox[]>(chunk.map((id) => [id, []]));
        const rows = read.all(m, chunk[0], chunk[chunk.length - 1]) as [number, number, number, number, number, number, number][];
        for (const [i, classIndex, score, x, y, w, h] of rows) byImage.get(i)?.push({ classIndex, score, x, y, w, h });
        for (const [id, boxes] of byImage) write.run(packBoxes(boxes), m, id);
      }
    }
  })();
}

const CHUNK_IMAGES = 2000;
