import type { PredictionDecision } from "../../../src-preload/api";
import type { Db } from "../db";

/** Decisions on one image's predictions of one model, by prediction id. */
export function listPredictionDecisions(db: Db, modelId: string, imageId: number): Map<number, { status: "accepted" | "rejected"; labelId: string | null }> {
  const rows = db
    .prepare("SELECT prediction_id, status, label_id FROM prediction_decisions WHERE model_id = ? AND image_id = ?")
    .all(modelId, imageId) as { prediction_id: number; status: "accepted" | "rejected"; label_id: string | null }[];
  return new Map(rows.map((r) => [r.prediction_id, { status: r.status, labelId: r.label_id }]));
}

/**
 * Records decisions (pending removes one). Each must name a prediction of `modelId`; returns the ids that were not.
 * Runs inside the caller's transaction.
 */
export function writePredictionDecisions(db: Db, modelId: string, decisions: readonly PredictionDecision[], actor: string, now: number): number[] {
  const find = db.prepare("SELECT image_id FROM predictions WHERE id = ? AND model_id = ?");
  const upsert = db.prepare(
    `INSERT INTO prediction_decisions (prediction_id, model_id, image_id, status, label_id, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (prediction_id) DO UPDATE SET status = excluded.status, label_id = excluded.label_id, actor = excluded.actor, at = excluded.at`,
  );
  const remove = db.prepare("DELETE FROM prediction_decisions WHERE prediction_id = ?");
  const unknown: number[] = [];
  for (const d of decisions) {
    const row = find.get(d.predictionId, modelId) as { image_id: number } | undefined;
    if (!row) {
      unknown.push(d.predictionId);
      continue;
    }
    if (d.status === "pending") remove.run(d.predictionId);
    else upsert.run(d.predictionId, modelId, row.image_id, d.status, d.acceptedAs, actor, now);
  }
  return unknown;
}
