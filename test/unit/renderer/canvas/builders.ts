/**
 * Builders for canvas tests: documents, labels and predictions with readable defaults, and a counting id factory.
 */
import type { BoxPx } from "../../../../src-preload/api";
import type { BoxId, LabelBox, PredictionBox, ReviewDoc } from "../../../../src-renderer/canvas/model/doc";
import { asBoxId } from "../../../../src-renderer/canvas/model/doc";

export const id = (s: string): BoxId => asBoxId(s);

export function rect(x: number, y: number, w: number, h: number): BoxPx {
  return { x, y, w, h };
}

export function makeLabel(over: Partial<Omit<LabelBox, "id">> & { id: string }): LabelBox {
  return { source: "label", classId: 1, rect: rect(10, 10, 20, 20), score: null, origin: "manual", status: "pending", ...over, id: asBoxId(over.id) };
}

export function makePrediction(over: Partial<Omit<PredictionBox, "id">> & { id: string }): PredictionBox {
  return { source: "prediction", classId: 1, rect: rect(50, 50, 10, 10), score: 0.9, status: "pending", acceptedAs: null, ...over, id: asBoxId(over.id) };
}

/** A 100×80 image (id 7) with the given boxes. */
export function makeDoc(boxes: (LabelBox | PredictionBox)[] = [], over: Partial<ReviewDoc> = {}): ReviewDoc {
  return { imageId: 7, width: 100, height: 80, boxes, isEmpty: false, ...over };
}

/** Ids "new-1", "new-2", … */
export function counterIds(prefix = "new"): () => BoxId {
  let n = 0;
  return () => asBoxId(`${prefix}-${++n}`);
}
