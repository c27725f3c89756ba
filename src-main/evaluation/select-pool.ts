import type { ReviewBatchInfo, SelectionReport, SelectionStrategyName } from "../../src-preload/api";
import type { Box } from "../core/geometry/box";
import { labelStatsFromBoxes, poolFromImages } from "../core/selection/pool";
import { selectHardExamples } from "../core/selection/select";
import { LoupeError } from "../errors";
import type { PredictionSource } from "../inference/predictions";
import type { Clock } from "../runtime/jobs";
import type { Db } from "../store/db";
import { listClasses } from "../store/repos/classes-repo";
import { listImages } from "../store/repos/images-repo";
import { listLabelBoxesOfLabeledImages } from "../store/repos/labels-repo";
import { listDoneImageIds } from "../store/repos/predictions-repo";
import { getSetting } from "../store/repos/project-repo";
import { getBatch, insertBatch } from "../store/repos/review-repo";
import { insertSelection, listImagesInOpenTasks, setSelectionBatch } from "../store/repos/selections-repo";

export interface SelectDeps {
  db: Db;
  source: PredictionSource;
  clock: Clock;
}

export interface SelectRequest {
  modelId: string;
  budget: number;
  strategy?: SelectionStrategyName | undefined;
  seed?: number | undefined;
  weights?: Partial<Record<"classBalance" | "sizeDiversity" | "spatialDiversity" | "uncertainty", number>> | undefined;
  aggregation?: "max" | "mean" | "sum" | undefined;
  quotas?: { classId: number; images: number }[] | undefined;
  /** Make a review batch of the choice with this name. */
  batchName?: string | undefined;
  /** Who the batch is created by. */
  actor: string;
  iteration?: number | null | undefined;
}

export interface PoolImage {
  imageId: number;
  widthPx: number;
  heightPx: number;
  preds: { box: Box; classId: number; score: number; id: number }[];
}

/**
 * Hard-example selection over the unlabeled pool from a model's stored predictions, as a domain function. Images a
 * person already has in an open review task are left out. Class ids become the classes' 0-based positions for the
 * pure selector (dense arrays) and back. The label statistics behind class balance, size and spatial diversity come
 * from every stored label. The choice is stored as a selections row (and, when asked, becomes a review batch in the
 * same transaction).
 */
export function selectFromPool(deps: SelectDeps, req: SelectRequest): SelectionReport & { selectionId: number } {
  const { db } = deps;
  const read = deps.source.reader(req.modelId); // refuses an unknown model
  const classes = listClasses(db);
  const indexOf = new Map(classes.map((c, i) => [c.id, i]));
  const done = listDoneImageIds(db, req.modelId);
  const open = listImagesInOpenTasks(db);
  const pool = listImages(db, { split: "pool", status: "unlabeled" }, 0, 10_000_000).items.filter((i) => done.has(i.id) && !open.has(i.id));
  if (pool.length === 0) {
    throw new LoupeError("E_CONFLICT", `model ${req.modelId} has predicted no unlabeled pool image outside open review batches: run \`loupe predict --split pool\` first`);
  }
  const images: PoolImage[] = pool.map((img) => ({
    imageId: img.id,
    widthPx: img.width,
    heightPx: img.height,
    preds: read(img.id).flatMap((p) => {
      const k = p.classId === null ? undefined : indexOf.get(p.classId);
      return k === undefined ? [] : [{ box: p.box, classId: k, score: p.score, id: p.id }];
    }),
  }));
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
  const now = deps.clock.now();
  const { selectionId, batch } = db.transaction(() => {
    const selectionId = insertSelection(db, {
      modelId: req.modelId,
      iteration: req.iteration ?? null,
      strategy: result.strategy,
      seed,
      budget: req.budget,
      poolSize: result.poolSize,
      chosen: chosen.map(({ fileName: _f, ...c }) => c),
      batchId: null,
      createdAt: now,
    });
    let batch: ReviewBatchInfo | null = null;
    if (req.batchName && chosen.length > 0) {
      const batchId = insertBatch(
        db,
        { name: req.batchName, source: "selection", sourceRef: { strategy: result.strategy, seed, budget: req.budget, selectionId }, modelId: req.modelId, createdBy: req.actor, now },
        chosen.map((c) => ({ imageId: c.imageId, score: c.score, reasons: c.reasons, roi: regionOfInterest(byImage.get(c.imageId)) })),
      );
      setSelectionBatch(db, selectionId, batchId);
      batch = getBatch(db, batchId) ?? null;
    }
    return { selectionId, batch };
  })();
  return {
    selectionId,
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
}

/**
 * Crop-first review: the region around the most uncertain box (score nearest 0.5), grown to three times its size
 * and clipped to the image; null when that box is already a large part of the image (the whole image is as good).
 */
export function regionOfInterest(image: { widthPx: number; heightPx: number; preds: { box: Box; score: number }[] } | undefined): Box | null {
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
