import { join } from "node:path";
import type { EvaluationDetail, EvaluationReport, ImageInfo, PredictionInfo, Split } from "../../src-preload/api";
import { buildErrorReport, type ErrorImage, type ErrorReport } from "../core/errors/report";
import type { Box, XywhTuple } from "../core/geometry/box";
import { evaluateCoco, type CocoDetection, type CocoGroundTruth } from "../core/metrics/coco-eval";
import { COCO_IOU_THRESHOLDS } from "../core/metrics/coco-params";
import { computeConfusion, type ConfusionMatrix } from "../core/metrics/confusion";
import { prCurvesFromCoco, type PrCurve } from "../core/metrics/pr-curve";
import { computePrf } from "../core/metrics/prf";
import { computeVocAp } from "../core/metrics/voc-ap";
import { LoupeError, throwIfAborted } from "../errors";
import { replaceDirAtomic, writeFileAtomic } from "../files/atomic";
import { resolveMediaPath } from "../files/media-resolver";
import { projectRelative } from "../files/project-layout";
import type { PredictionSource } from "../inference/predictions";
import type { Clock } from "../runtime/jobs";
import type { Db } from "../store/db";
import { listClasses } from "../store/repos/classes-repo";
import { insertEvaluation } from "../store/repos/evaluations-repo";
import { listImages } from "../store/repos/images-repo";
import { listLabelsByImage } from "../store/repos/labels-repo";
import { listDoneImageIds } from "../store/repos/predictions-repo";
import { boxContrast, ensureDirs, loadLuma, writeCrop } from "./error-crops";
import { CROPS_PER_KIND } from "./error-items";


export interface EvaluateDeps {
  db: Db;
  projectDir: string;
  source: PredictionSource;
  clock: Clock;
}

export interface EvaluateRequest {
  modelId: string;
  split?: Split | undefined;
  /** Confidence for P/R/F1, the confusion matrix and the error analysis (default 0.25). */
  confidence?: number | undefined;
  /** Write error_report.json and crops (default true). */
  writeReport?: boolean | undefined;
  /** Where the error analysis goes (default iterations/manual/<model>_<split>/error_analysis). */
  reportDir?: string | undefined;
  /** The loop iteration it belongs to (stored with the row). */
  iteration?: number | null | undefined;
  /** Evaluate on at most this many images (an evenly spaced sample, e.g. train F1 for the overfitting rule). */
  sample?: number | undefined;
}

/** Per-class PR curves at IoU 0.5 and averaged over 0.5:0.95 (101 recall points; precision rounded to 1e-4). */
export type StoredPrCurves = EvaluationDetail["prCurves"];

export interface EvaluationOutcome {
  report: Omit<EvaluationReport, "batch">;
  evaluationId: number;
  errors: ErrorReport;
  prCurves: StoredPrCurves;
  confusion: ConfusionMatrix;
  images: Map<number, ImageInfo>;
}

interface LoadedLabel {
  id: string;
  classId: number;
  box: Box;
  iscrowd: boolean;
}

/** An evenly spaced sample of at most n items (all of them when n is absent or large enough). */
function sampleEvenly<T>(items: readonly T[], n: number | undefined): T[] {
  if (n === undefined || items.length <= n) return [...items];
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(items[Math.floor((i * items.length) / n)] as T);
  return out;
}

const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

/** The stored curves from the curves at each COCO IoU threshold (`byIou[0]` is IoU 0.5, the first threshold). */
function storedCurves(byIou: readonly PrCurve[][]): StoredPrCurves {
  const at50 = byIou[0] ?? [];
  return {
    recall: at50[0]?.recall ?? [],
    iou50: at50.map((c) => ({ classId: c.categoryId, precision: c.precision.map(round4), score: c.score.map(round4) })),
    iou50to95: at50.map((c) => ({
      classId: c.categoryId,
      precision: c.precision.map((_, r) => {
        const vals = byIou.map((curves) => curves.find((k) => k.categoryId === c.categoryId)?.precision[r] ?? 0);
        return round4(vals.reduce((s, v) => s + v, 0) / vals.length);
      }),
    })),
  };
}

/**
 * Evaluation of a model on a split, from what is stored: COCO metrics equal to pycocotools, VOC AP50, P/R/F1 per
 * class and overall, PR curves, the confusion matrix with a background row and column, and the error analysis
 * (error_report.json with every FN and FP, crops for review, written as one folder atomically). The result is
 * stored as an evaluations row.
 */
export async function evaluateModel(deps: EvaluateDeps, req: EvaluateRequest, opts: { signal?: AbortSignal; onProgress?: (phase: string, done: number, total: number) => void } = {}): Promise<EvaluationOutcome> {
  const { db } = deps;
  const read = deps.source.reader(req.modelId); // refuses an unknown model before any work
  const split = req.split ?? "val";
  const confidence = req.confidence ?? 0.25;
  const labeled = listImages(db, { split }, 0, 10_000_000).items.filter((i) => i.status !== "unlabeled");
  const images = sampleEvenly(labeled, req.sample);
  if (images.length === 0) throw new LoupeError("E_CONFLICT", `the ${split} split has no labeled or confirmed-empty images to evaluate on`);
  const done = listDoneImageIds(db, req.modelId);
  const unpredicted = images.filter((i) => !done.has(i.id)).length;
  if (unpredicted === images.length) {
    throw new LoupeError("E_CONFLICT", `model ${req.modelId} has not predicted the ${split} split: run \`loupe predict --split ${split}\` first`);
  }
  const classes = listClasses(db);
  const classIds = classes.map((c) => c.id);
  const gts: CocoGroundTruth[] = [];
  const dts: CocoDetection[] = [];
  const evalImages: ErrorImage[] = [];
  const labelsOf = listLabelsByImage(db, images.map((i) => i.id));
  for (const [i, img] of images.entries()) {
    if (i % 200 === 0) {
      throwIfAborted(opts.signal, "evaluation");
      opts.onProgress?.("reading labels and predictions", i, images.length);
    }
    const ls: LoadedLabel[] = (labelsOf.get(img.id) ?? [])
      .filter((l) => l.reviewState !== "rejected")
      .map((l) => ({ id: l.id, classId: l.classId, box: l.box, iscrowd: Boolean(l.flags.iscrowd) }));
    const ps: PredictionInfo[] = read(img.id, 0).filter((p) => p.classId !== null);
    for (const l of ls) gts.push({ imageId: img.id, categoryId: l.classId, bbox: xywh(l.box), isCrowd: l.iscrowd });
    for (const p of ps) dts.push({ imageId: img.id, categoryId: p.classId as number, bbox: xywh(p.box), score: p.score });
    evalImages.push({
      imageId: img.id,
      widthPx: img.width,
      heightPx: img.height,
      gts: ls.filter((l) => !l.iscrowd).map((l) => ({ box: l.box, classId: l.classId, id: l.id })),
      preds: ps.map((p) => ({ box: p.box, classId: p.classId as number, score: p.score, id: p.id })),
    });
  }
  opts.onProgress?.("computing metrics", 0, 1);
  const coco = evaluateCoco({ imageIds: images.map((i) => i.id), categoryIds: classIds, groundTruths: gts, detections: dts });
  const prf = computePrf(evalImages, { confidence, classIds });
  const confusion = computeConfusion(evalImages, classIds, { confidence, iouThreshold: 0.5 });
  const curvesByIou = COCO_IOU_THRESHOLDS.map((t) => prCurvesFromCoco(coco, t));
  const prCurves = storedCurves(curvesByIou);
  // AP at each single IoU threshold (the area under the 101-point PR curve, mean over classes with labels)
  const apAtIou = COCO_IOU_THRESHOLDS.map((t, k) => {
    const curves = curvesByIou[k] ?? [];
    const ap = curves.length ? curves.reduce((s, c) => s + c.precision.reduce((a, v) => a + v, 0) / c.precision.length, 0) / curves.length : 0;
    return { iou: t, value: ap };
  });
  const voc = classes.map((c) => ({
    classId: c.id,
    result: computeVocAp(
      gts.filter((g) => g.categoryId === c.id && !g.isCrowd).map((g) => ({ imageId: g.imageId, box: { x: g.bbox[0], y: g.bbox[1], w: g.bbox[2], h: g.bbox[3] } })),
      dts.filter((d) => d.categoryId === c.id).map((d) => ({ imageId: d.imageId, box: { x: d.bbox[0], y: d.bbox[1], w: d.bbox[2], h: d.bbox[3] }, score: d.score })),
    ),
  }));
  const withGt = voc.filter((v) => v.result.gtCount > 0);
  const vocMap50 = withGt.length ? withGt.reduce((s, v) => s + v.result.ap, 0) / withGt.length : 0;
  const byId = new Map(images.map((i) => [i.id, i]));

  const writeReport = req.writeReport !== false;
  const errors = await analyseErrors(db, evalImages, confidence, opts.signal);
  let reportDir: string | null = null;
  if (writeReport) {
    reportDir = req.reportDir ?? join(deps.projectDir, "iterations", "manual", `${req.modelId.slice(0, 8)}_${split}`, "error_analysis");
    await replaceDirAtomic(reportDir, async (tmp) => {
      opts.onProgress?.("writing error crops", 0, 1);
      await writeCrops(db, tmp, errors, byId, opts.signal);
      writeFileAtomic(
        join(tmp, "error_report.json"),
        JSON.stringify({ modelId: req.modelId, split, createdAt: deps.clock.now(), classes: classes.map((c) => ({ id: c.id, name: c.name })), ...errors }, null, 2),
      );
    });
  }
  const nameOf = new Map(classes.map((c) => [c.id, c.name]));
  const perClass = classes.map((c) => {
    const cat = coco.perCategory.find((k) => k.categoryId === c.id);
    const p = prf.perClass.find((k) => k.classId === c.id);
    const zero = { confidence, precision: 0, recall: 0, f1: 0, tp: 0, fp: 0, fn: 0 };
    return {
      classId: c.id,
      name: nameOf.get(c.id) ?? String(c.id),
      gtCount: cat?.gtCount ?? 0,
      ap: cat?.ap ?? -1,
      ap50: cat?.ap50 ?? -1,
      vocAp50: voc.find((v) => v.classId === c.id)?.result.ap ?? 0,
      atConfidence: p?.atConfidence ?? zero,
      atOptimal: p?.atOptimal ?? zero,
    };
  });
  const errorSummary = { fn: { total: errors.fn.total, byCategory: errors.fn.byCategory }, fp: { total: errors.fp.total, byCategory: errors.fp.byCategory } };
  const createdAt = deps.clock.now();
  const evaluationId = insertEvaluation(db, {
    modelId: req.modelId,
    split,
    iteration: req.iteration ?? null,
    confidence,
    imageCount: images.length,
    labelCount: gts.length,
    metrics: { coco: { ...coco.stats }, vocMap50, prf: prf.overall, apAtIou, predictionCount: dts.length, unpredictedImages: unpredicted },
    perClass,
    prCurves,
    confusion,
    errorSummary,
    reportDir: reportDir === null ? null : projectRelative(deps.projectDir, reportDir),
    createdAt,
  });
  const report: Omit<EvaluationReport, "batch"> = {
    id: evaluationId,
    modelId: req.modelId,
    split,
    imageCount: images.length,
    labelCount: gts.length,
    predictionCount: dts.length,
    unpredictedImages: unpredicted,
    confidence,
    coco: { ...coco.stats },
    vocMap50,
    perClass,
    prf: prf.overall,
    errors: errorSummary,
    reportDir,
  };
  return { report, evaluationId, errors, prCurves, confusion, images: byId };
}

/** Error analysis: first without contrast, then with the contrast of the missed boxes measured on their images. */
async function analyseErrors(db: Db, evalImages: ErrorImage[], confidence: number, signal: AbortSignal | undefined): Promise<ErrorReport> {
  const first = buildErrorReport(evalImages, { confidence });
  const fnByImage = new Map<number, Set<number>>();
  for (const item of first.items.fn) fnByImage.set(Number(item.imageId), (fnByImage.get(Number(item.imageId)) ?? new Set()).add(item.gtIndex));
  const evalById = new Map(evalImages.map((e) => [Number(e.imageId), e]));
  for (const [imageId, gtIndexes] of fnByImage) {
    throwIfAborted(signal, "evaluation");
    const file = tryResolve(db, imageId);
    const ei = evalById.get(imageId);
    if (!file || !ei) continue;
    try {
      const luma = await loadLuma(file);
      ei.gts = ei.gts.map((g, gi) => (gtIndexes.has(gi) ? { ...g, contrast: boxContrast(luma, g.box) } : g));
    } catch {
      // an unreadable image keeps its misses without a contrast number (never "low contrast")
    }
  }
  return buildErrorReport(evalImages, { confidence });
}

async function writeCrops(db: Db, dir: string, errors: ErrorReport, byId: Map<number, ImageInfo>, signal: AbortSignal | undefined): Promise<void> {
  const dirs = ensureDirs(dir);
  const crops = async (items: { imageId: string | number; box: Box }[], out: string, name: (i: number) => string) => {
    for (const [i, item] of items.slice(0, CROPS_PER_KIND).entries()) {
      throwIfAborted(signal, "evaluation");
      const img = byId.get(Number(item.imageId));
      const file = img && tryResolve(db, img.id);
      if (img && file) await writeCrop(file, item.box, img.width, img.height, join(out, name(i))).catch(() => undefined);
    }
  };
  await crops(errors.items.fn, dirs.fn, (i) => `${String(i + 1).padStart(4, "0")}_${errors.items.fn[i]?.imageId}_${errors.items.fn[i]?.primary}.jpg`);
  await crops(errors.items.fp, dirs.fp, (i) => `${String(i + 1).padStart(4, "0")}_${errors.items.fp[i]?.imageId}_${errors.items.fp[i]?.category}.jpg`);
}

function xywh(b: Box): XywhTuple {
  return [b.x, b.y, b.w, b.h];
}

function tryResolve(db: Db, imageId: number): string | null {
  try {
    return resolveMediaPath(db, imageId);
  } catch {
    return null;
  }
}
