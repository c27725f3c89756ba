/**
 * What a review changed on one image (pure): the model's predictions with the decisions taken on them, set against
 * the image's final labels. An accepted prediction whose label is still there is "accepted", or "moved" when the
 * label's box differs from the predicted one by more than `moveTolerancePx` on any edge, or "reclassified" when its
 * class changed (a change of class wins over a move); a rejected or still-pending prediction is "rejected" or
 * "pending"; a label no prediction became is "drawn" when a person drew it, else "kept" (imported, oracle…).
 */
import type { BoxChange, BoxPx, ChangeKind, LabelSource, ReviewPrediction } from "../../../src-preload/api";
import { CHANGE_KINDS } from "../../../src-preload/api";

/** A prediction with the decision on it, as the review canvas shows it (`acceptedAs`: the label it became). */
export type ChangePrediction = ReviewPrediction;

export interface ChangeLabel {
  id: string;
  classId: number;
  className: string;
  box: BoxPx;
  source: LabelSource;
  score: number | null;
}

/** Edges closer than this (image pixels) count as the same box: float round trips never make a "move". */
export const MOVE_TOLERANCE_PX = 0.5;

/**
 * The changes on one image, predictions first (in their order), then labels no prediction became. With the image's
 * size, a predicted box reaching past the border is compared by its part inside the image.
 *
 * @example a prediction (class 1, box 10,10,20×20) accepted as a label of class 1 at 10,10,20×20 → one "accepted".
 */
export function diffReview(
  predictions: readonly ChangePrediction[],
  labels: readonly ChangeLabel[],
  image?: { width: number; height: number },
  moveTolerancePx = MOVE_TOLERANCE_PX,
): BoxChange[] {
  const byId = new Map(labels.map((l) => [l.id, l]));
  const claimed = new Set<string>();
  const out: BoxChange[] = [];
  for (const p of predictions) {
    const label = p.status === "accepted" && p.acceptedAs ? byId.get(p.acceptedAs) : undefined;
    if (p.status === "accepted" && label) {
      claimed.add(label.id);
      const reclassified = p.classId !== null && label.classId !== p.classId;
      // a predicted box past the border was accepted as its part inside the image: that is no move
      const moved = !sameBox(label.box, image ? clampBox(p.box, image) : p.box, moveTolerancePx);
      out.push({
        kind: reclassified ? "reclassified" : moved ? "moved" : "accepted",
        predictionId: p.id,
        labelId: label.id,
        classId: label.classId,
        className: label.className,
        fromClassName: reclassified ? p.className : null,
        score: p.score,
        box: { ...label.box },
        predictedBox: moved ? { ...p.box } : null,
      });
      continue;
    }
    // Accepted but its label was deleted since: the prediction was wrong after all.
    const kind: ChangeKind = p.status === "pending" ? "pending" : "rejected";
    out.push({ kind, predictionId: p.id, labelId: null, classId: p.classId, className: p.className, fromClassName: null, score: p.score, box: { ...p.box }, predictedBox: null });
  }
  for (const l of labels) {
    if (claimed.has(l.id)) continue;
    const kind: ChangeKind = l.source === "manual" ? "drawn" : l.source === "prediction" ? "accepted" : "kept";
    out.push({ kind, predictionId: null, labelId: l.id, classId: l.classId, className: l.className, fromClassName: null, score: l.score, box: { ...l.box }, predictedBox: null });
  }
  return out;
}

/** Counts per kind, every kind present. */
export function countChanges(items: readonly BoxChange[]): Record<ChangeKind, number> {
  const out = Object.fromEntries(CHANGE_KINDS.map((k) => [k, 0])) as Record<ChangeKind, number>;
  for (const i of items) out[i.kind] += 1;
  return out;
}

function clampBox(b: BoxPx, image: { width: number; height: number }): BoxPx {
  const x = Math.min(Math.max(0, b.x), image.width);
  const y = Math.min(Math.max(0, b.y), image.height);
  return { x, y, w: Math.max(0, Math.min(image.width, b.x + b.w) - x), h: Math.max(0, Math.min(image.height, b.y + b.h) - y) };
}

function sameBox(a: BoxPx, b: BoxPx, tol: number): boolean {
  return Math.abs(a.x - b.x) <= tol && Math.abs(a.y - b.y) <= tol && Math.abs(a.x + a.w - (b.x + b.w)) <= tol && Math.abs(a.y + a.h - (b.y + b.h)) <= tol;
}
