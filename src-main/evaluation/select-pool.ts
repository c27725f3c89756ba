import { dirname } from "node:path";
import type { ReviewBatchInfo, SelectionReport, SelectionStrategyName, Split } from "../../src-preload/api";
import type { Box } from "../core/geometry/box";
import { labelStatsFromCounts, poolFromPacks } from "../core/selection/pool";
import { DEFAULT_MIN_SCORE, selectHardExamples } from "../core/selection/select";
import { AUGMENTED_STRATEGIES, DEFAULT_SELECTION_STRATEGY, DESCRIPTOR_STRATEGIES, type AugmentedPredictions } from "../core/selection/types";
import { LoupeError } from "../errors";
import type { PredictionSource } from "../inference/predictions";
import type { Clock } from "../runtime/jobs";
import type { Db } from "../store/db";
import { listClasses } from "../store/repos/classes-repo";
import { getImagesByIds, listImageIds, listLearnedImageIds } from "../store/repos/images-repo";
import { countLabelsOfLabeledImages } from "../store/repos/labels-repo";
import { getSetting } from "../store/repos/project-repo";
import { getBatch, insertBatch } from "../store/repos/review-repo";
import { insertSelection, setSelectionBatch } from "../store/repos/selections-repo";
import { cachedDescriptors } from "./image-descriptors";

export interface SelectDeps {
  db: Db;
  source: PredictionSource;
  clock: Clock;
  /** Descriptors and test-time-augmented predictions (see `prepareSelectionInputs`); needed by some strategies. */
  inputs?: SelectionInputs | undefined;
}

/** Inputs beyond stored predictions, keyed by image id. */
export interface SelectionInputs {
  /** Cheap image descriptors (values 0..1) of pool and labelled images. */
  descriptors?: { dim: number; byImage: Map<number, ArrayLike<number>> };
  /** The model's predictions on augmented copies, in project class ids and original-image pixels. */
  augmented?: { name: string; byImage: Map<number, { box: Box; classId: number; score: number }[]> }[];
}

export interface SelectRequest {
  modelId: string;
  budget: number;
  strategy?: SelectionStrategyName | undefined;
  seed?: number | undefined;
  weights?: Partial<Record<"classBalance" | "sizeDiversity" | "spatialDiversity" | "uncertainty", number>> | undefined;
  aggregation?: "max" | "mean" | "sum" | undefined;
  budgetUnit?: "images" | "boxes" | undefined;
  quotas?: { classId: number; images: number }[] | undefined;
  /** Make a review batch of the choice with this name. */
  batchName?: string | undefined;
  /** Who the batch is created by. */
  actor: string;
  iteration?: number | null | undefined;
  /** The split the unlabeled images come from (the loop's `data.pool`); default "pool". */
  poolSplit?: Split | undefined;
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
  const strategy = req.strategy ?? DEFAULT_SELECTION_STRATEGY;
  const poolSplit = req.poolSplit ?? "pool";
  const inputs = { ...(deps.inputs ?? {}) };
  const needsDescriptors = DESCRIPTOR_STRATEGIES.includes(strategy);
  const learned = needsDescriptors ? listLearnedImageIds(db) : [];
  // the loop selects synchronously: descriptors cached by an earlier selection or simulation are enough
  if (needsDescriptors && inputs.descriptors === undefined) {
    const cached = cachedDescriptors(db, dirname(db.name), [...listImageIds(db, { split: poolSplit, status: "unlabeled" }), ...learned]);
    if (cached) inputs.descriptors = cached;
  }
  if (needsDescriptors && inputs.descriptors === undefined) {
    throw new LoupeError("E_CONFLICT", `the ${strategy} strategy needs image descriptors: select through selectWithInputs (or prepareSelectionInputs first)`);
  }
  if (AUGMENTED_STRATEGIES.includes(strategy) && inputs.augmented === undefined) {
    throw new LoupeError("E_CONFLICT", `the ${strategy} strategy needs predictions on flipped and scaled images: select through selectWithInputs`);
  }
  // One pass over the selectable images with their packed boxes (the selector ignores boxes under its minimum score)
  const { images: pool, packs, toProject } = deps.source.selectablePool(req.modelId, poolSplit);
  if (pool.length === 0) {
    throw new LoupeError("E_CONFLICT", `model ${req.modelId} has predicted no unlabeled ${poolSplit} image outside open review batches (or every one copies a labelled image): run \`loupe predict --split ${poolSplit}\` first`);
  }
  const denseClass = Int32Array.from(toProject, (id) => (id === null || id === undefined ? -1 : (indexOf.get(id) ?? -1)));
  const imageIds = pool.map((i) => i.id);
  const columns = poolFromPacks({ imageIds, widthPx: pool.map((i) => i.width), heightPx: pool.map((i) => i.height) }, packs, denseClass, DEFAULT_MIN_SCORE);
  // every label's class is a project class (a foreign key), so size and cell counts need no class filter
  const counted = countLabelsOfLabeledImages(db);
  const labelCounts = { ...counted, byClass: counted.byClass.map((c) => ({ classId: indexOf.get(c.classId) ?? -1, n: c.n })) };
  const seedSetting = getSetting(db, "seed");
  const seed = req.seed ?? (typeof seedSetting === "number" ? seedSetting : 0);
  const quotas = (req.quotas ?? []).map((q) => {
    const k = indexOf.get(q.classId);
    if (k === undefined) throw new LoupeError("E_NOT_FOUND", `quota for unknown class id ${q.classId}`);
    return { classId: k, images: q.images };
  });
  const poolPreds = {
    ...columns,
    contentHashes: pool.map((i) => i.contentHash),
    ...(inputs.descriptors ? { descriptors: descriptorRows(inputs.descriptors, imageIds) } : {}),
    ...(inputs.augmented ? { augmented: inputs.augmented.map((a) => augmentedColumns(a, imageIds, indexOf)) } : {}),
  };
  const result = selectHardExamples(poolPreds, {
    strategy,
    budget: req.budget,
    ...(req.budgetUnit ? { budgetUnit: req.budgetUnit } : {}),
    ...(inputs.descriptors ? { labelledDescriptors: descriptorRows(inputs.descriptors, learned) } : {}),
    seed,
    ...(req.weights ? { weights: req.weights } : {}),
    ...(req.aggregation ? { aggregation: req.aggregation } : {}),
    quotas,
    labelStats: labelStatsFromCounts(labelCounts, classes.length),
    classNames: classes.map((c) => c.name),
  });
  const names = new Map(getImagesByIds(db, result.chosen.map((c) => Number(c.imageId))).map((i) => [i.id, i.fileName]));
  const chosen = result.chosen.map((c) => ({
    rank: c.rank,
    imageId: Number(c.imageId),
    fileName: names.get(Number(c.imageId)) ?? String(c.imageId),
    score: c.score,
    factors: c.factors,
    reasons: c.reasons,
    duplicateImageIds: c.duplicates.map((d) => pool[d]?.id ?? d),
  }));
  // every box of a chosen image whose class maps (whatever its score), as the image's reader gives them
  const byId = new Map(pool.map((i) => [i.id, i]));
  const poolImage = (imageId: number): Parameters<typeof regionOfInterest>[0] => {
    const img = byId.get(imageId);
    const preds = read(imageId).flatMap((p) => (p.classId !== null && indexOf.has(p.classId) ? [{ box: p.box, score: p.score }] : []));
    return img && { widthPx: img.width, heightPx: img.height, preds };
  };
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
        chosen.map((c) => ({ imageId: c.imageId, score: c.score, reasons: c.reasons, roi: regionOfInterest(poolImage(c.imageId)) })),
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
    budgetUnit: result.budgetUnit,
    poolSize: result.poolSize,
    predictedBoxes: result.predictedBoxes,
    chosen,
    quotaShortfalls: result.quotaShortfalls.map((q) => ({ ...q, classId: classes[q.classId]?.id ?? q.classId })),
    batch,
  };
}

/** Rows of descriptors in the given image order (images without one get a row of 0.5). */
function descriptorRows(d: NonNullable<SelectionInputs["descriptors"]>, ids: readonly number[]): { dim: number; values: Float64Array } {
  const values = new Float64Array(ids.length * d.dim).fill(0.5);
  ids.forEach((id, r) => {
    const row = d.byImage.get(id);
    if (row) for (let k = 0; k < d.dim; k++) values[r * d.dim + k] = row[k] ?? 0.5;
  });
  return { dim: d.dim, values };
}

/** One augmentation's boxes as the pure selector's columns, images in pool order, classes as dense positions. */
function augmentedColumns(
  a: NonNullable<SelectionInputs["augmented"]>[number],
  imageIds: readonly number[],
  indexOf: Map<number, number>,
): AugmentedPredictions {
  const rows: { i: number; c: number; s: number; b: Box }[] = [];
  imageIds.forEach((imageId, i) => {
    for (const p of a.byImage.get(imageId) ?? []) {
      const c = indexOf.get(p.classId);
      if (c !== undefined) rows.push({ i, c, s: p.score, b: p.box });
    }
  });
  return {
    name: a.name,
    boxImage: Int32Array.from(rows, (r) => r.i),
    boxClass: Int32Array.from(rows, (r) => r.c),
    boxScore: Float64Array.from(rows, (r) => r.s),
    boxX: Float64Array.from(rows, (r) => r.b.x),
    boxY: Float64Array.from(rows, (r) => r.b.y),
    boxW: Float64Array.from(rows, (r) => r.b.w),
    boxH: Float64Array.from(rows, (r) => r.b.h),
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
