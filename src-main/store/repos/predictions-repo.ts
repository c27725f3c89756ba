import type { ApiErrorData } from "../../../src-preload/api";
import type { Db } from "../db";
import { packBoxes, type PackedBox } from "../prediction-packs";

/** One stored box: original-image pixels, the model's class index, confidence 0..1. */
export interface StoredPrediction extends PackedBox {
  id: number;
  modelId: string;
  imageId: number;
}

/** The settings a prediction was made with; a rerun reuses stored work only when it is at least as complete. */
export interface PredictionSettings {
  confThreshold: number;
  iouThreshold: number;
  maxDetections: number;
}

/** One image's outcome for one model: its boxes, or the error that stopped it. */
export type ImageOutcome =
  | { imageId: number; ok: true; widthPx: number; heightPx: number; boxes: PackedBox[] }
  | { imageId: number; ok: false; error: ApiErrorData };

/**
 * Writes a batch of image outcomes for a model in ONE transaction: an image's previous boxes are replaced, and its
 * status row (the "done" marker with the boxes' pack, or the error) is written with them, so a crash never leaves
 * boxes without a marker, nor a pack that differs from the rows.
 */
export function writePredictionBatch(db: Db, modelId: string, settings: PredictionSettings, outcomes: readonly ImageOutcome[], now: number): void {
  const del = db.prepare("DELETE FROM predictions WHERE model_id = ? AND image_id = ?");
  const ins = db.prepare("INSERT INTO predictions (model_id, image_id, class_index, score, x, y, w, h) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  const status = db.prepare(
    `INSERT INTO prediction_status (model_id, image_id, state, conf_threshold, iou_threshold, max_detections, box_count, width, height, error, updated_at, boxes)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (model_id, image_id) DO UPDATE SET state = excluded.state, conf_threshold = excluded.conf_threshold,
       iou_threshold = excluded.iou_threshold, max_detections = excluded.max_detections, box_count = excluded.box_count,
       width = excluded.width, height = excluded.height, error = excluded.error, updated_at = excluded.updated_at, boxes = excluded.boxes`,
  );
  const { confThreshold: conf, iouThreshold: iou, maxDetections: maxDet } = settings;
  db.transaction(() => {
    for (const o of outcomes) {
      if (o.ok) {
        del.run(modelId, o.imageId);
        for (const b of o.boxes) ins.run(modelId, o.imageId, b.classIndex, b.score, b.x, b.y, b.w, b.h);
        status.run(modelId, o.imageId, "done", conf, iou, maxDet, o.boxes.length, o.widthPx, o.heightPx, null, now, packBoxes(o.boxes));
      } else {
        // a failure keeps boxes from an earlier successful run out: they would no longer match the status
        del.run(modelId, o.imageId);
        status.run(modelId, o.imageId, "failed", conf, iou, maxDet, 0, null, null, JSON.stringify(o.error), now, null);
      }
    }
  })();
}

/**
 * Image ids this model already predicted with settings at least as complete as `settings`: a threshold no higher,
 * the same NMS IoU, at least as many boxes allowed. Failed images are not included (a rerun retries them).
 */
export function listPredictedImageIds(db: Db, modelId: string, settings: PredictionSettings): Set<number> {
  const rows = db
    .prepare(
      `SELECT image_id FROM prediction_status WHERE model_id = ? AND state = 'done'
         AND conf_threshold <= ? AND iou_threshold = ? AND max_detections >= ?`,
    )
    .all(modelId, settings.confThreshold, settings.iouThreshold, settings.maxDetections) as { image_id: number }[];
  return new Set(rows.map((r) => r.image_id));
}

/** Boxes of one image for one model, best first; `minScore` filters (a run at 0.001 serves a 0.25 view). */
export function listPredictions(db: Db, modelId: string, imageId: number, minScore = 0): StoredPrediction[] {
  return db
    .prepare(
      `SELECT id, model_id AS modelId, image_id AS imageId, class_index AS classIndex, score, x, y, w, h
       FROM predictions WHERE model_id = ? AND image_id = ? AND score >= ? ORDER BY score DESC, id`,
    )
    .all(modelId, imageId, minScore) as StoredPrediction[];
}

export interface PredictionCounts {
  done: number;
  failed: number;
  boxes: number;
}

export function countPredictions(db: Db, modelId: string): PredictionCounts {
  const s = db
    .prepare(
      `SELECT COALESCE(SUM(state = 'done'), 0) AS done, COALESCE(SUM(state = 'failed'), 0) AS failed, COALESCE(SUM(box_count), 0) AS boxes
       FROM prediction_status WHERE model_id = ?`,
    )
    .get(modelId) as PredictionCounts;
  return s;
}

/** Ids of the images to predict: one split, or every image; in id order. */
export function listImageIdsForInference(db: Db, split?: string): number[] {
  const rows = (split
    ? db.prepare("SELECT id FROM images WHERE split = ? ORDER BY id").all(split)
    : db.prepare("SELECT id FROM images ORDER BY id").all()) as { id: number }[];
  return rows.map((r) => r.id);
}

/** The subset of `ids` that are registered images. */
export function existingImageIds(db: Db, ids: readonly number[]): Set<number> {
  const stmt = db.prepare("SELECT 1 FROM images WHERE id = ?");
  return new Set(ids.filter((id) => stmt.get(id) !== undefined));
}

/** Images this model has a successful prediction for (whatever the settings). */
export function listDoneImageIds(db: Db, modelId: string): Set<number> {
  const rows = db.prepare("SELECT image_id FROM prediction_status WHERE model_id = ? AND state = 'done'").all(modelId) as { image_id: number }[];
  return new Set(rows.map((r) => r.image_id));
}
