import type { InferenceRunReport, PredictionInfo, Split } from "../../src-preload/api";
import { buildClassMapping } from "../core/decode/class-mapping";
import { LoupeError, toErrorData } from "../errors";
import { resolveMediaPath } from "../files/media-resolver";
import { modelFilePath } from "../files/project-layout";
import type { Clock } from "../runtime/jobs";
import type { Db } from "../store/db";
import { listClasses } from "../store/repos/classes-repo";
import { requireModel } from "../store/repos/models-repo";
import { readSelectablePool, type SelectableImage } from "../store/repos/selections-repo";
import {
  existingImageIds, listImageIdsForInference, listPredictedImageIds, listPredictions, writePredictionBatch,
  type ImageOutcome, type PredictionSettings,
} from "../store/repos/predictions-repo";
import type { ImageFailure, ImagePrediction, InferenceClient, InferenceItem, PredictionSink } from "./client";

/** Outcomes are written in batches of this many images (one transaction each), or every FLUSH_EVERY_MS. */
const BATCH_IMAGES = 32;
const FLUSH_EVERY_MS = 1000;
const MAX_REPORTED_ERRORS = 20;

/** One model's stored predictions of one image, mapped to project classes, at or above a score. */
export type PredictionReader = (imageId: number, minScore?: number) => PredictionInfo[];

/**
 * What review, evaluation and selection need from inference: a reader of one model's stored predictions, image by
 * image, mapped to project classes, and the pool a selection may choose from with its boxes in one pass (both
 * throw E_NOT_FOUND for an unknown model).
 */
export interface PredictionSource {
  reader(modelId: string): PredictionReader;
  /**
   * The images of a split a selection may choose (see `readSelectablePool`) with their packed boxes, in one pass, and
   * the project class of each model class index (null: none).
   */
  selectablePool(modelId: string, split: Split): { images: SelectableImage[]; packs: Float64Array[]; toProject: readonly (number | null | undefined)[] };
}

/** The prediction source over a project database. */
export function storePredictionSource(db: () => Db): PredictionSource {
  return {
    reader: (modelId) => predictionReader(db(), modelId),
    selectablePool: (modelId, split) => {
      const d = db();
      const model = requireModel(d, modelId);
      const mapping = buildClassMapping(model.classNames, listClasses(d), model.classMap);
      return { ...readSelectablePool(d, model.id, split), toProject: mapping.toProject };
    },
  };
}

/**
 * Reads one model's stored predictions image by image, mapped to project classes. The model row and the class
 * mapping are read once per reader, so a loop over thousands of pool images does one query per image, not four.
 */
export function predictionReader(db: Db, modelId: string): PredictionReader {
  const model = requireModel(db, modelId);
  const mapping = buildClassMapping(model.classNames, listClasses(db), model.classMap);
  return (imageId, minScore = 0) =>
    listPredictions(db, model.id, imageId, minScore).map(
      (p): PredictionInfo => ({
        id: p.id,
        modelId: p.modelId,
        imageId: p.imageId,
        classIndex: p.classIndex,
        className: model.classNames[p.classIndex] ?? `class${p.classIndex}`,
        classId: mapping.toProject[p.classIndex] ?? null,
        score: p.score,
        box: { x: p.x, y: p.y, w: p.w, h: p.h },
      }),
    );
}

/**
 * The store adapter of the inference client's PredictionSink port: buffers image outcomes and writes them in
 * batched transactions (boxes + the per-(model, image) done marker together).
 */
export class StorePredictionSink implements PredictionSink {
  private buffer: ImageOutcome[] = [];
  private lastFlushAt: number;
  boxes = 0;
  readonly errors: InferenceRunReport["errors"] = [];

  constructor(
    private readonly db: Db,
    private readonly modelId: string,
    private readonly settings: PredictionSettings,
    private readonly clock: Clock,
  ) {
    this.lastFlushAt = clock.now();
  }

  put(p: ImagePrediction): void {
    const boxes = p.detections.map((d) => ({ classIndex: d.classIndex, score: d.score, x: d.x1, y: d.y1, w: d.x2 - d.x1, h: d.y2 - d.y1 }));
    this.boxes += boxes.length;
    this.push({ imageId: p.imageId, ok: true, widthPx: p.widthPx, heightPx: p.heightPx, boxes });
  }

  fail(f: ImageFailure): void {
    if (this.errors.length < MAX_REPORTED_ERRORS) this.errors.push({ imageId: f.imageId, code: f.error.code, message: f.error.message });
    this.push({ imageId: f.imageId, ok: false, error: f.error });
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    this.lastFlushAt = this.clock.now();
    writePredictionBatch(this.db, this.modelId, this.settings, batch, this.lastFlushAt);
  }

  private push(o: ImageOutcome): void {
    this.buffer.push(o);
    if (this.buffer.length >= BATCH_IMAGES || this.clock.now() - this.lastFlushAt >= FLUSH_EVERY_MS) this.flush();
  }
}

export interface InferenceDeps {
  db: Db;
  projectDir: string;
  client: Pick<InferenceClient, "run">;
  clock: Clock;
}

export interface InferenceTarget {
  modelId: string;
  /** Explicit images (checked to exist), or every image of a split (all images when neither is given). */
  imageIds?: readonly number[] | undefined;
  split?: string | undefined;
  confThreshold?: number | undefined;
  iouThreshold?: number | undefined;
  maxDetections?: number | undefined;
}

/** The images a target names; refuses unknown ids before any work. */
export function inferenceImageIds(db: Db, target: InferenceTarget): number[] {
  if (target.imageIds) {
    const known = existingImageIds(db, target.imageIds);
    const missing = target.imageIds.filter((id) => !known.has(id));
    if (missing.length > 0) throw new LoupeError("E_NOT_FOUND", `no image with id ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", …" : ""}`);
    return [...new Set(target.imageIds)];
  }
  return listImageIdsForInference(db, target.split);
}

/**
 * Predictions of a stored model on images of the project, stored per (model, image). Idempotent: images this model
 * already predicted with settings at least as complete (same NMS IoU, a threshold no higher) are skipped, failed
 * ones retried, so a rerun after a kill does only what is missing. Progress counts skipped images as done.
 */
export async function runInference(
  deps: InferenceDeps,
  target: InferenceTarget,
  opts: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<InferenceRunReport> {
  const { db } = deps;
  const model = requireModel(db, target.modelId);
  const settings: PredictionSettings = {
    confThreshold: target.confThreshold ?? 0.25,
    iouThreshold: target.iouThreshold ?? 0.7,
    maxDetections: target.maxDetections ?? 300,
  };
  const ids = inferenceImageIds(db, target);
  const already = listPredictedImageIds(db, model.id, settings);
  const todo = ids.filter((id) => !already.has(id));
  const skipped = ids.length - todo.length;
  const sink = new StorePredictionSink(db, model.id, settings, deps.clock);
  const items: InferenceItem[] = [];
  for (const imageId of todo) {
    try {
      items.push({ imageId, path: resolveMediaPath(db, imageId) });
    } catch (err) {
      sink.fail({ imageId, error: toErrorData(err) });
    }
  }
  const unresolved = todo.length - items.length;
  opts.onProgress?.(skipped + unresolved, ids.length);
  const summary = await deps.client.run({
    modelPath: modelFilePath(deps.projectDir, model.fileName),
    layout: model.layout,
    items,
    ...settings,
    sink,
    signal: opts.signal,
    onProgress: (p) => opts.onProgress?.(skipped + unresolved + p.done + p.failed, ids.length),
  });
  return {
    modelId: model.id,
    total: ids.length,
    skipped,
    done: summary.done,
    failed: summary.failed + unresolved,
    boxes: sink.boxes,
    restarts: summary.restarts,
    seconds: summary.seconds,
    imagesPerSec: summary.imagesPerSec,
    threads: summary.model.threads,
    jpegDecoding: jpegDecoding(summary.model.versions),
    errors: sink.errors,
  };
}

/** The report's words for how the worker decoded JPEGs, from the versions it sent when it loaded the model. */
export function jpegDecoding(versions: Record<string, string>): string {
  const addon = versions["image addon"];
  return addon && addon !== "off" ? `image addon (${addon})` : "sharp";
}
