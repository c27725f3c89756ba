import type { ReviewBatchInfo, SelectionReport } from "../../src-preload/api";
import { labelStatsFromBoxes, poolFromImages } from "../core/selection/pool";
import { selectHardExamples } from "../core/selection/select";
import { listClasses } from "../store/repos/classes-repo";
import { listImages } from "../store/repos/images-repo";
import { listLabelBoxesOfLabeledImages } from "../store/repos/labels-repo";
import { listDoneImageIds } from "../store/repos/predictions-repo";
import { getBatch, insertBatch } from "../store/repos/review-repo";
import { getSetting } from "../store/repos/project-repo";
import type { AreaService, ServiceContext } from "./context";
import { LoupeError } from "../errors";
import type { PredictionSource } from "./review-service";

/**
 * Hard-example selection over the unlabeled pool from a model's stored predictions. Class ids are turned into the
 * classes' 0-based positions for the pure selector (which counts classes in dense arrays) and back. The label
 * statistics behind class balance, size and spatial diversity come from every stored label.
 */
export function createSelectionService(ctx: ServiceContext, source: PredictionSource): AreaService<"selection"> {
  return {
    run: async (req) => {
      const session = ctx.sessions.require();
      const db = session.db;
      const read = source.reader(req.modelId); // refuses an unknown model
      const classes = listClasses(db);
      const indexOf = new Map(classes.map((c, i) => [c.id, i]));
      const done = listDoneImageIds(db, req.modelId);
      const pool = listImages(db, { split: "pool", status: "unlabeled" }, 0, 10_000_000).items.filter((i) => done.has(i.id));
      if (pool.length === 0) {
        throw new LoupeError("E_CONFLICT", `model ${req.modelId} has predicted no unlabeled pool image: run \`loupe predict --split pool\` first`);
      }
      const images = [];
      for (const img of pool) {
        const preds = read(img.id);
        images.push({
          imageId: img.id,
          widthPx: img.width,
          heightPx: img.height,
          preds: preds.flatMap((p) => {
            const k = p.classId === null ? undefined : indexOf.get(p.classId);
            return k === undefined ? [] : [{ box: p.box, classId: k, score: p.score, id: p.id }];
          }),
        });
      }
      const labelBoxes = listLabelBoxesOfLabeledImages(db).flatMap((l) => {
        const k = indexOf.get(l.classId);
        return k === undefined ? [] : [{ box: l.box, classId: k, imageWidthPx: l.imageWidthPx, imageHeightPx: l.imageHeightPx }];
      });
      const seedSetting = getSetting(db, "seed");
      const seed = req.seed ?? (typeof seedSetting === "number" ? seedSetting : 0);
      const quotas = (req.quotas ?? []).map((q) => {
        const k = indexOf.get(q.classId);
        if (k === undefined) throw new LoupeError("E_NOT_FOUND", `quota for unknown class id ${q.classId}`);
        return { classId: k, images: q.images };
      });
      const result = selectHardExamples(poolFromImages(images), {
        strategy: req.strategy ?? "multi-factor",
        budget: req.budget,
        seed,
        ...(req.weights ? { weights: req.weights } : {}),
        ...(req.aggregation ? { aggregation: req.aggregation } : {}),
        quotas,
        labelStats: labelStatsFromBoxes(labelBoxes, classes.length),
        classNames: classes.map((c) => c.name),
      });
      const byId = new Map(pool.map((i) => [i.id, i]));
      const byImage = new Map(images.map((im) => [im.imageId, im]));
      const chosen = result.chosen.map((c) => ({
        rank: c.rank,
        imageId: Number(c.imageId),
        fileName: byId.get(Number(c.imageId))?.fileName ?? String(c.imageId),
        score: c.score,
        factors: c.factors,
        reasons: c.reasons,
      }));
      let batch: ReviewBatchInfo | null = null;
      if (req.batchName && chosen.length > 0) {
        const id = db.transaction(() =>
          insertBatch(
            db,
            {
              name: req.batchName ?? "selection",
              source: "selection",
              sourceRef: { strategy: result.strategy, seed, budget: req.budget },
              modelId: req.modelId,
              createdBy: ctx.appState.settings().annotatorName || "anonymous",
              now: ctx.clock.now(),
            },
            chosen.map((c) => ({ imageId: c.imageId, score: c.score, reasons: c.reasons, roi: regionOfInterest(byImage.get(c.imageId)) })),
          ),
        )();
        batch = getBatch(db, id) ?? null;
      }
      const report: SelectionReport = {
        modelId: req.modelId,
        strategy: result.strategy,
        aggregation: result.aggregation,
        seed,
        budget: req.budget,
        poolSize: result.poolSize,
        chosen,
        quotaShortfalls: result.quotaShortfalls.map((q) => ({ ...q, classId: classes[q.classId]?.id ?? q.classId })),
        batch,
      };
      return report;
    },
  };
}

/**
 * Crop-first review: the region around the most uncertain box (score nearest 0.5), grown to three times its size
 * and clipped to the image; null when that box is already a large part of the image (the whole image is as good).
 */
export function regionOfInterest(
  image: { widthPx: number; heightPx: number; preds: { box: { x: number; y: number; w: number; h: number }; score: number }[] } | undefined,
): { x: number; y: number; w: number; h: number } | null {
  if (!image || image.preds.length === 0) return null;
  let best = image.preds[0]!;
  for (const p of image.preds) if (Math.abs(p.score - 0.5) < Math.abs(best.score - 0.5)) best = p;
  const b = best.box;
  const w = Math.min(image.widthPx, b.w * 3);
  const h = Math.min(image.heightPx, b.h * 3);
  if (w * h > 0.5 * image.widthPx * image.heightPx) return null;
  const x = Math.max(0, Math.min(image.widthPx - w, b.x + b.w / 2 - w / 2));
  const y = Math.max(0, Math.min(image.heightPx - h, b.y + b.h / 2 - h / 2));
  return { x, y, w, h };
}
