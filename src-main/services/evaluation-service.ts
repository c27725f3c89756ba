import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { EvaluationReport, ImageInfo, PredictionInfo, ReviewBatchInfo, Split } from "../../src-preload/api";
import { buildErrorReport, type ErrorImage, type ErrorReport } from "../core/errors/report";
import type { XywhTuple } from "../core/geometry/box";
import { evaluateCoco, type CocoDetection, type CocoGroundTruth } from "../core/metrics/coco-eval";
import { computePrf } from "../core/metrics/prf";
import { computeVocAp } from "../core/metrics/voc-ap";
import { boxContrast, ensureDirs, loadLuma, writeCrop } from "../evaluation/error-crops";
import { writeFileAtomic } from "../files/atomic";
import { resolveMediaPath } from "../files/media-resolver";
import type { ProjectSession } from "../runtime/project-session";
import { listClasses } from "../store/repos/classes-repo";
import { listImages } from "../store/repos/images-repo";
import { listLabelsForImage } from "../store/repos/labels-repo";
import { listDoneImageIds } from "../store/repos/predictions-repo";
import { getBatch, insertBatch } from "../store/repos/review-repo";
import type { AreaService, ServiceContext } from "./context";
import { LoupeError } from "../errors";
import type { PredictionSource } from "./review-service";

/** Crops written per kind (FN, FP), most useful first; the report itself lists every error. */
const MAX_CROPS = 300;
/** Predictions read per image for evaluation: everything the model stored (runs keep boxes down to 0.001). */
const EVAL_MIN_SCORE = 0;

interface SplitData {
  images: ImageInfo[];
  labels: Map<number, { id: string; classId: number; box: { x: number; y: number; w: number; h: number }; iscrowd: boolean }[]>;
  predictions: Map<number, PredictionInfo[]>;
}

/** Labels and a model's predictions of every image of a split (predictions of unmapped classes are left out). */
function loadSplitData(session: ProjectSession, source: PredictionSource, modelId: string, split: Split, labeledOnly: boolean): SplitData {
  const all = listImages(session.db, { split }, 0, 1_000_000).items.filter((i) => !labeledOnly || i.status !== "unlabeled");
  const read = source.reader(modelId);
  const labels: SplitData["labels"] = new Map();
  const predictions: SplitData["predictions"] = new Map();
  for (const img of all) {
    labels.set(
      img.id,
      listLabelsForImage(session.db, img.id)
        .filter((l) => l.reviewState !== "rejected")
        .map((l) => ({ id: l.id, classId: l.classId, box: l.box, iscrowd: Boolean(l.flags.iscrowd) })),
    );
    predictions.set(img.id, read(img.id, EVAL_MIN_SCORE).filter((p) => p.classId !== null));
  }
  return { images: all, labels, predictions };
}

/**
 * Evaluation of a model on a split, from what is stored: COCO metrics equal to pycocotools, VOC AP50, P/R/F1 per
 * class and overall, and the error analysis (error_report.json with every FN and FP, and crops for review).
 */
export function createEvaluationService(ctx: ServiceContext, source: PredictionSource): AreaService<"evaluation"> {
  return {
    run: async (req) => {
      const session = ctx.sessions.require();
      source.reader(req.modelId); // refuses an unknown model before any work
      const split = req.split ?? "val";
      const confidence = req.confidence ?? 0.25;
      const data = loadSplitData(session, source, req.modelId, split, true);
      if (data.images.length === 0) {
        throw new LoupeError("E_CONFLICT", `the ${split} split has no labeled or confirmed-empty images to evaluate on`);
      }
      const done = listDoneImageIds(session.db, req.modelId);
      const unpredicted = data.images.filter((i) => !done.has(i.id)).length;
      if (unpredicted === data.images.length) {
        throw new LoupeError("E_CONFLICT", `model ${req.modelId} has not predicted the ${split} split: run \`loupe predict --split ${split}\` first`);
      }
      const classes = listClasses(session.db);
      const gts: CocoGroundTruth[] = [];
      const dts: CocoDetection[] = [];
      const evalImages: ErrorImage[] = [];
      for (const img of data.images) {
        const ls = data.labels.get(img.id) ?? [];
        const ps = data.predictions.get(img.id) ?? [];
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
      const coco = evaluateCoco({ imageIds: data.images.map((i) => i.id), categoryIds: classes.map((c) => c.id), groundTruths: gts, detections: dts });
      const prf = computePrf(evalImages, { confidence, classIds: classes.map((c) => c.id) });
      const voc = classes.map((c) => ({
        classId: c.id,
        result: computeVocAp(
          gts.filter((g) => g.categoryId === c.id && !g.isCrowd).map((g) => ({ imageId: g.imageId, box: { x: g.bbox[0], y: g.bbox[1], w: g.bbox[2], h: g.bbox[3] } })),
          dts.filter((d) => d.categoryId === c.id).map((d) => ({ imageId: d.imageId, box: { x: d.bbox[0], y: d.bbox[1], w: d.bbox[2], h: d.bbox[3] }, score: d.score })),
        ),
      }));
      const withGt = voc.filter((v) => v.result.gtCount > 0);
      const vocMap50 = withGt.length ? withGt.reduce((s, v) => s + v.result.ap, 0) / withGt.length : 0;

      // Error analysis: first without contrast, then measure contrast of the missed boxes only and redo.
      let errors = buildErrorReport(evalImages, { confidence });
      const fnByImage = new Map<number, Set<number>>();
      for (const item of errors.items.fn) fnByImage.set(Number(item.imageId), (fnByImage.get(Number(item.imageId)) ?? new Set()).add(item.gtIndex));
      const byId = new Map(data.images.map((i) => [i.id, i]));
      const evalById = new Map(evalImages.map((e) => [Number(e.imageId), e]));
      for (const [imageId, gtIndexes] of fnByImage) {
        const file = tryResolve(session, imageId);
        const ei = evalById.get(imageId);
        if (!file || !ei) continue;
        try {
          const luma = await loadLuma(file);
          ei.gts = ei.gts.map((g, gi) => (gtIndexes.has(gi) ? { ...g, contrast: boxContrast(luma, g.box) } : g));
        } catch {
          // an unreadable image keeps its misses without a contrast number (never "low contrast")
        }
      }
      errors = buildErrorReport(evalImages, { confidence });

      let reportDir: string | null = null;
      if (req.writeReport !== false) {
        reportDir = join(session.folder("iterations", "manual"), `${req.modelId.slice(0, 8)}_${split}`, "error_analysis");
        if (existsSync(reportDir)) rmSync(reportDir, { recursive: true, force: true });
        const dirs = ensureDirs(reportDir);
        const crops = async (items: { imageId: string | number; box: { x: number; y: number; w: number; h: number } }[], dir: string, name: (i: number) => string) => {
          for (const [i, item] of items.slice(0, MAX_CROPS).entries()) {
            const img = byId.get(Number(item.imageId));
            const file = img && tryResolve(session, img.id);
            if (img && file) await writeCrop(file, item.box, img.width, img.height, join(dir, name(i))).catch(() => undefined);
          }
        };
        await crops(errors.items.fn, dirs.fn, (i) => `${String(i + 1).padStart(4, "0")}_${errors.items.fn[i]?.imageId}_${errors.items.fn[i]?.primary}.jpg`);
        await crops(errors.items.fp, dirs.fp, (i) => `${String(i + 1).padStart(4, "0")}_${errors.items.fp[i]?.imageId}_${errors.items.fp[i]?.category}.jpg`);
        writeFileAtomic(
          join(reportDir, "error_report.json"),
          JSON.stringify({ modelId: req.modelId, split, createdAt: ctx.clock.now(), classes: classes.map((c) => ({ id: c.id, name: c.name })), ...errors }, null, 2),
        );
      }
      const nameOf = new Map(classes.map((c) => [c.id, c.name]));
      const report: EvaluationReport = {
        modelId: req.modelId,
        split,
        imageCount: data.images.length,
        labelCount: gts.length,
        predictionCount: dts.length,
        unpredictedImages: unpredicted,
        confidence,
        coco: { ...coco.stats },
        vocMap50,
        perClass: classes.map((c) => {
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
        }),
        prf: prf.overall,
        errors: { fn: { total: errors.fn.total, byCategory: errors.fn.byCategory }, fp: { total: errors.fp.total, byCategory: errors.fp.byCategory } },
        reportDir,
        batch: req.batchName ? errorBatch(session, ctx, req.modelId, req.batchName, errors, byId) : null,
      };
      return report;
    },
  };
}

/**
 * A review batch of the images with errors, most errors first; each task opens on its first error's box (missed
 * boxes before false ones) with the reasons in words.
 */
function errorBatch(
  session: ProjectSession,
  ctx: ServiceContext,
  modelId: string,
  name: string,
  errors: ErrorReport,
  byId: Map<number, ImageInfo>,
): ReviewBatchInfo | null {
  const perImage = new Map<number, { box: { x: number; y: number; w: number; h: number }; reasons: string[] }>();
  const note = (imageId: number, box: { x: number; y: number; w: number; h: number }, reason: string) => {
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
  const id = session.db.transaction(() =>
    insertBatch(
      session.db,
      { name, source: "list", sourceRef: { modelId, errors: "validation" }, modelId, createdBy: ctx.appState.settings().annotatorName || "anonymous", now: ctx.clock.now() },
      tasks,
    ),
  )();
  return getBatch(session.db, id) ?? null;
}

/** A box grown to three times its size around its centre, kept inside the image. */
function grow(b: { x: number; y: number; w: number; h: number }, width: number, height: number) {
  const w = Math.min(width, Math.max(b.w * 3, 32));
  const h = Math.min(height, Math.max(b.h * 3, 32));
  return { x: Math.max(0, Math.min(width - w, b.x + b.w / 2 - w / 2)), y: Math.max(0, Math.min(height - h, b.y + b.h / 2 - h / 2)), w, h };
}

function xywh(b: { x: number; y: number; w: number; h: number }): XywhTuple {
  return [b.x, b.y, b.w, b.h];
}

function tryResolve(session: ProjectSession, imageId: number): string | null {
  try {
    return resolveMediaPath(session.db, imageId);
  } catch {
    return null;
  }
}
