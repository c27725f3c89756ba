/**
 * The review document of one open image: its size and its boxes, all in IMAGE PIXELS. Zoom and pan never touch it
 * (they live in viewport.ts). Pure data plus small pure helpers; no React, Konva or DOM.
 *
 * Two kinds of box share the document:
 * - a *label* is a box that exists in the project (LabelInfo); the canvas edits it and the store persists the edit;
 * - a *prediction* is a model output shown for review; it is never edited in place — accepting it creates a label
 *   (keeping the link in `acceptedAs`), rejecting it only changes its review status.
 */
import type { BoxPx, LabelInfo, LabelSource, ReviewState } from "../../../src-preload/api";

declare const boxIdBrand: unique symbol;
/** Id of a box in the document: the label's UUID, or the prediction's id. */
export type BoxId = string & { readonly [boxIdBrand]: "BoxId" };

/** Brands a string as a box id (ids come from the project or from an injected id factory). */
export function asBoxId(id: string): BoxId {
  return id as BoxId;
}

/** Review status of a prediction in this session. */
export type PredictionStatus = "pending" | "accepted" | "rejected";

export interface LabelBox {
  source: "label";
  id: BoxId;
  classId: number;
  /** Image pixels, top-left corner plus size, w and h ≥ 0. */
  rect: BoxPx;
  /** Confidence of the prediction it came from, if any. */
  score: number | null;
  /** Where the label came from, kept so undo of a delete re-creates it faithfully. */
  origin: LabelSource;
  /** Approval state of the label (read-only for the canvas). */
  status: ReviewState;
}

export interface PredictionBox {
  source: "prediction";
  id: BoxId;
  classId: number;
  rect: BoxPx;
  /** Model confidence, 0..1. */
  score: number;
  status: PredictionStatus;
  /** The label created when this prediction was accepted, while it exists. */
  acceptedAs: BoxId | null;
}

export type DocBox = LabelBox | PredictionBox;

export interface ReviewDoc {
  imageId: number;
  /** Image size in pixels. */
  width: number;
  height: number;
  /** Boxes in drawing order (later boxes are drawn on top). */
  boxes: readonly DocBox[];
  /** A person confirmed there is nothing to label on this image. */
  isEmpty: boolean;
}

/** A prediction as the review view hands it to the canvas (predictions are not part of the label contract). */
export interface PredictionInput {
  id: string;
  classId: number;
  box: BoxPx;
  score: number;
  status?: PredictionStatus;
  /** Label id this prediction was already accepted as, when known. */
  acceptedAs?: string | null;
}

/** Builds the document of one image from its stored labels and the predictions under review. */
export function createDoc(input: {
  imageId: number;
  width: number;
  height: number;
  labels?: readonly LabelInfo[];
  predictions?: readonly PredictionInput[];
  isEmpty?: boolean;
}): ReviewDoc {
  const predictions: DocBox[] = (input.predictions ?? []).map((p) => ({
    source: "prediction",
    id: asBoxId(p.id),
    classId: p.classId,
    rect: { ...p.box },
    score: p.score,
    status: p.status ?? (p.acceptedAs ? "accepted" : "pending"),
    acceptedAs: p.acceptedAs ? asBoxId(p.acceptedAs) : null,
  }));
  const labels: DocBox[] = (input.labels ?? []).map(labelFromInfo);
  return {
    imageId: input.imageId,
    width: input.width,
    height: input.height,
    boxes: [...predictions, ...labels],
    isEmpty: input.isEmpty ?? false,
  };
}

/** Converts a stored label into a document box. */
export function labelFromInfo(info: LabelInfo): LabelBox {
  return {
    source: "label",
    id: asBoxId(info.id),
    classId: info.classId,
    rect: { ...info.box },
    score: info.score,
    origin: info.source,
    status: info.reviewState,
  };
}

/** The box with this id, or undefined. */
export function getBox(doc: ReviewDoc, id: BoxId): DocBox | undefined {
  return doc.boxes.find((b) => b.id === id);
}

/** The label boxes of the document, in drawing order. */
export function labelsOf(doc: ReviewDoc): LabelBox[] {
  return doc.boxes.filter((b): b is LabelBox => b.source === "label");
}

/** The prediction boxes of the document, in drawing order. */
export function predictionsOf(doc: ReviewDoc): PredictionBox[] {
  return doc.boxes.filter((b): b is PredictionBox => b.source === "prediction");
}

/** Pending predictions with score ≥ minScore (0..1), in drawing order. */
export function pendingPredictionsAbove(doc: ReviewDoc, minScore: number): PredictionBox[] {
  return predictionsOf(doc).filter((p) => p.status === "pending" && p.score >= minScore);
}

/** Whether two rectangles are exactly equal. */
export function sameRect(a: BoxPx, b: BoxPx): boolean {
  return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
}

/** Area of a rectangle in square pixels. */
export function rectArea(r: BoxPx): number {
  return Math.max(0, r.w) * Math.max(0, r.h);
}
