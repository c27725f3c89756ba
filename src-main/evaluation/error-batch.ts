import type { ImageInfo, ReviewBatchInfo } from "../../src-preload/api";
import type { ErrorReport } from "../core/errors/report";
import type { Box } from "../core/geometry/box";
import type { Db } from "../store/db";
import { getBatch, insertBatch } from "../store/repos/review-repo";

/**
 * A review batch of the images with errors, most errors first; each task opens on its first error's box (missed
 * boxes before false ones) with the reasons in words.
 */
export function createErrorBatch(
  db: Db,
  m: { modelId: string; name: string; createdBy: string; now: number },
  errors: ErrorReport,
  byId: Map<number, ImageInfo>,
): ReviewBatchInfo | null {
  const perImage = new Map<number, { box: Box; reasons: string[] }>();
  const note = (imageId: number, box: Box, reason: string) => {
    const entry = perImage.get(imageId) ?? { box, reasons: [] };
    entry.reasons.push(reason);
    perImage.set(imageId, entry);
  };
  for (const fn of errors.items.fn) note(Number(fn.imageId), fn.box, `missed (${fn.categories.join(", ")})`);
  for (const fp of errors.items.fp) note(Number(fp.imageId), fp.box, `false detection: ${fp.category.replace("_", " ")} at ${fp.score.toFixed(2)}`);
  if (perImage.size === 0) return null;
  const tasks = [...perImage.entries()]
    .sort((a, b) => b[1].reasons.length - a[1].reasons.length || a[0] - b[0])
    .map(([imageId, e]) => {
      const img = byId.get(imageId);
      const summary = [...new Set(e.reasons)].slice(0, 4);
      return { imageId, score: e.reasons.length, reasons: summary, roi: img ? grow(e.box, img.width, img.height) : null };
    });
  const id = db.transaction(() =>
    insertBatch(db, { name: m.name, source: "list", sourceRef: { modelId: m.modelId, errors: "validation" }, modelId: m.modelId, createdBy: m.createdBy, now: m.now }, tasks),
  )();
  return getBatch(db, id) ?? null;
}

/** A box grown to three times its size around its centre, kept inside the image. */
function grow(b: Box, width: number, height: number): Box {
  const w = Math.min(width, Math.max(b.w * 3, 32));
  const h = Math.min(height, Math.max(b.h * 3, 32));
  return { x: Math.max(0, Math.min(width - w, b.x + b.w / 2 - w / 2)), y: Math.max(0, Math.min(height - h, b.y + b.h / 2 - h / 2)), w, h };
}
