import type { InferenceRunReport, PredictionInfo } from "../../src-preload/api";
import { buildClassMapping } from "../core/decode/class-mapping";
import { resolveMediaPath } from "../files/media-resolver";
import type { Clock } from "../runtime/jobs";
import type { ProjectSession } from "../runtime/project-session";
import type { ImageFailure, ImagePrediction, InferenceItem, PredictionSink } from "../inference/client";
import type { Db } from "../store/db";
import { listClasses } from "../store/repos/classes-repo";
import {
  existingImageIds, listImageIdsForInference, listPredictedImageIds, listPredictions, writePredictionBatch,
  type ImageOutcome, type PredictionSettings,
} from "../store/repos/predictions-repo";
import type { AreaService, ServiceContext } from "./context";
import { LoupeError, toErrorData } from "../errors";
import { modelPath, requireModel } from "./models-service";

/** Outcomes are written in batches of this many images (one transaction each), or every FLUSH_EVERY_MS. */
const BATCH_IMAGES = 32;
const FLUSH_EVERY_MS = 1000;
const MAX_REPORTED_ERRORS = 20;

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

/**
 * inference.*: predictions of a stored model on the project's images, as a job. A rerun skips images this model
 * already predicted with settings at least as complete (same NMS IoU, a threshold no higher); failed images are
 * retried. Progress counts skipped images as done.
 */
export function createInferenceService(ctx: ServiceContext): AreaService<"inference"> {
  return {
    run: (req) => {
      const session = ctx.sessions.require();
      const db = session.db;
      const model = requireModel(session, req.modelId);
      const settings: PredictionSettings = {
        confThreshold: req.confThreshold ?? 0.25,
        iouThreshold: req.iouThreshold ?? 0.7,
        maxDetections: req.maxDetections ?? 300,
      };
      let ids: number[];
      if (req.imageIds) {
        const known = existingImageIds(db, req.imageIds);
        const missing = req.imageIds.filter((id) => !known.has(id));
        if (missing.length > 0) throw new LoupeError("E_NOT_FOUND", `no image with id ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", …" : ""}`);
        ids = [...new Set(req.imageIds)];
      } else {
        ids = listImageIdsForInference(db, req.split);
      }
      const path = modelPath(session, model);
      const title = `predict with ${model.name} on ${ids.length} image${ids.length === 1 ? "" : "s"}${req.split ? ` (${req.split})` : ""}`;
      return ctx.jobs.start("inference", title, async (job) => {
        const already = listPredictedImageIds(db, model.id, settings);
        const todo = ids.filter((id) => !already.has(id));
        const skipped = ids.length - todo.length;
        const sink = new StorePredictionSink(db, model.id, settings, ctx.clock);
        const items: InferenceItem[] = [];
        for (const imageId of todo) {
          try {
            items.push({ imageId, path: resolveMediaPath(db, imageId) });
          } catch (err) {
            sink.fail({ imageId, error: toErrorData(err) });
          }
        }
        const unresolved = todo.length - items.length;
        job.progress("predicting", skipped + unresolved, ids.length);
        const summary = await ctx.inference.run({
          modelPath: path,
          layout: model.layout,
          items,
          ...settings,
          sink,
          signal: job.signal,
          onProgress: (p) => job.progress("predicting", skipped + unresolved + p.done + p.failed, ids.length),
        });
        const report: InferenceRunReport = {
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
          errors: sink.errors,
        };
        return report;
      });
    },
    predictions: (req) => predictionReader(ctx.sessions.require(), req.modelId)(req.imageId, req.minScore ?? 0),
  };
}

/**
 * Reads one model's stored predictions image by image, mapped to project classes. The model row and the class
 * mapping are read once per reader, so a loop over thousands of pool images does one query per image, not four.
 */
export function predictionReader(session: ProjectSession, modelId: string): (imageId: number, minScore?: number) => PredictionInfo[] {
  const model = requireModel(session, modelId);
  const mapping = buildClassMapping(model.classNames, listClasses(session.db), model.classMap);
  return (imageId, minScore = 0) =>
    listPredictions(session.db, model.id, imageId, minScore).map(
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

