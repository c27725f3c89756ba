/**
 * Why a labelled object was missed. Every false negative (a GT box no prediction matched) gets one size bucket
 * plus any of the conditions below that hold; `primary` picks one for display, in the order confused class,
 * crowded, low contrast, at border, then the size bucket.
 *
 * - size: tiny (area < 16²), small (< 32²), medium (< 96²), large — box area w·h in px²;
 * - at_border: the box lies within `borderMarginPx` of an image edge (needs the image size);
 * - low_contrast: the caller's per-box contrast number (0..1, measured on pixels by an I/O service) is below
 *   `lowContrast`;
 * - crowded: IoU with another GT box (any class) > `crowdedIou`;
 * - confused_class: a prediction of another class, at or above the confidence, overlaps it with IoU ≥ the match
 *   threshold.
 */
import { borderDistancePx, boxArea, type Box } from "../geometry/box";
import { boxIou } from "../geometry/iou";
import type { GtBox, PredBox } from "../match/types";

export type SizeBucket = "tiny" | "small" | "medium" | "large";
export type FnCategory = SizeBucket | "at_border" | "low_contrast" | "crowded" | "confused_class";
export const FN_CATEGORIES: readonly FnCategory[] = [
  "tiny",
  "small",
  "medium",
  "large",
  "at_border",
  "low_contrast",
  "crowded",
  "confused_class",
];

/** A GT box with the optional contrast number measured by the caller (0 = flat, 1 = full range). */
export interface ErrorGtBox extends GtBox {
  contrast?: number;
}

export interface FnOptions {
  /** IoU that counts as a match and as a class confusion; default 0.5. */
  iouThreshold: number;
  /** GT–GT IoU above which a box is crowded; default 0.3. */
  crowdedIou: number;
  /** Distance to an edge (px) under which a box is at the border; default 2. */
  borderMarginPx: number;
  /** Contrast (0..1) under which a box is low contrast; default 0.1. */
  lowContrast: number;
}

export const DEFAULT_FN_OPTIONS: FnOptions = { iouThreshold: 0.5, crowdedIou: 0.3, borderMarginPx: 2, lowContrast: 0.1 };

export interface FnItem {
  kind: "fn";
  imageId: string | number;
  gtIndex: number;
  gtId?: string | number;
  classId: number;
  box: Box;
  categories: FnCategory[];
  primary: FnCategory;
  /** Best IoU with a prediction of the same class (0..1; a near miss when close to the threshold). */
  iou: number;
  /** Score of that prediction, or null when there is none. */
  bestScore: number | null;
}

/**
 * Size bucket of a box from its area in px²: tiny < 256, small < 1024, medium < 9216, large otherwise.
 * @example sizeBucket({ x: 0, y: 0, w: 20, h: 20 }) // "small" (400 px²)
 */
export function sizeBucket(box: Box): SizeBucket {
  const a = boxArea(box);
  return a < 16 * 16 ? "tiny" : a < 32 * 32 ? "small" : a < 96 * 96 ? "medium" : "large";
}

/**
 * Categorises one missed GT box of an image. `preds` are the image's predictions at or above the confidence.
 * @example categorizeFalseNegative(image, 0, preds, DEFAULT_FN_OPTIONS).categories // ["small", "crowded"]
 */
export function categorizeFalseNegative(
  image: { imageId: string | number; widthPx?: number; heightPx?: number; gts: readonly ErrorGtBox[] },
  gtIndex: number,
  preds: readonly PredBox[],
  options: FnOptions = DEFAULT_FN_OPTIONS,
): FnItem {
  const gt = image.gts[gtIndex] as ErrorGtBox;
  const size = sizeBucket(gt.box);
  const flags = new Set<FnCategory>();
  if (image.widthPx !== undefined && image.heightPx !== undefined) {
    if (borderDistancePx(gt.box, image.widthPx, image.heightPx) <= options.borderMarginPx) flags.add("at_border");
  }
  if (gt.contrast !== undefined && gt.contrast < options.lowContrast) flags.add("low_contrast");
  image.gts.forEach((other, i) => {
    if (i !== gtIndex && boxIou(gt.box, other.box) > options.crowdedIou) flags.add("crowded");
  });
  let iou = 0;
  let bestScore: number | null = null;
  for (const p of preds) {
    const v = boxIou(p.box, gt.box);
    if (p.classId !== gt.classId) {
      if (v >= options.iouThreshold) flags.add("confused_class");
    } else if (v > iou) {
      iou = v;
      bestScore = p.score;
    }
  }
  const order: FnCategory[] = ["confused_class", "crowded", "low_contrast", "at_border"];
  const primary = order.find((c) => flags.has(c)) ?? size;
  const item: FnItem = {
    kind: "fn",
    imageId: image.imageId,
    gtIndex,
    classId: gt.classId,
    box: gt.box,
    categories: [size, ...FN_CATEGORIES.filter((c) => flags.has(c))],
    primary,
    iou,
    bestScore,
  };
  if (gt.id !== undefined) item.gtId = gt.id;
  return item;
}
