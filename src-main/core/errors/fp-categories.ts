/**
 * Why a prediction was wrong. Every false positive (a prediction at or above the confidence that matched no GT)
 * gets exactly one category, the first that holds:
 *
 * 1. duplicate: it overlaps a GT of its class with IoU ≥ the match threshold, but a higher-scored prediction
 *    already took that GT ("a better match exists");
 * 2. wrong_class: it overlaps a GT of another class with IoU ≥ the match threshold;
 * 3. background: its IoU with every GT (any class) is < `backgroundIou` (0.1);
 * 4. localization: otherwise — it overlaps some GT with `backgroundIou` ≤ IoU < the match threshold.
 */
import type { Box } from "../geometry/box";
import { boxIou } from "../geometry/iou";
import type { GtBox, PredBox } from "../match/types";

export type FpCategory = "duplicate" | "wrong_class" | "background" | "localization";
export const FP_CATEGORIES: readonly FpCategory[] = ["duplicate", "wrong_class", "background", "localization"];

export interface FpOptions {
  /** IoU that counts as a match; default 0.5. */
  iouThreshold: number;
  /** IoU under which a prediction is on background; default 0.1. */
  backgroundIou: number;
}

export const DEFAULT_FP_OPTIONS: FpOptions = { iouThreshold: 0.5, backgroundIou: 0.1 };

export interface FpItem {
  kind: "fp";
  imageId: string | number;
  predIndex: number;
  predId?: string | number;
  classId: number;
  box: Box;
  score: number;
  category: FpCategory;
  /** IoU behind the category: with the taken GT (duplicate), the other-class GT (wrong_class), else the best. */
  iou: number;
  /** Index of that GT in the image, or -1 (background). */
  gtIndex: number;
}

/**
 * Categorises one unmatched prediction. `gtTaken[g]` is true when GT g was matched by another prediction.
 * @example categorizeFalsePositive("img1", 3, pred, gts, taken).category // "localization"
 */
export function categorizeFalsePositive(
  imageId: string | number,
  predIndex: number,
  pred: PredBox,
  gts: readonly GtBox[],
  gtTaken: ArrayLike<boolean | number>,
  options: FpOptions = DEFAULT_FP_OPTIONS,
): FpItem {
  let dup = -1;
  let dupIou = 0;
  let other = -1;
  let otherIou = 0;
  let best = -1;
  let bestIou = 0;
  gts.forEach((gt, g) => {
    const v = boxIou(pred.box, gt.box);
    if (v > bestIou) {
      bestIou = v;
      best = g;
    }
    if (v < options.iouThreshold) return;
    if (gt.classId === pred.classId) {
      if (gtTaken[g] && v > dupIou) {
        dupIou = v;
        dup = g;
      }
    } else if (v > otherIou) {
      otherIou = v;
      other = g;
    }
  });
  const base = { kind: "fp" as const, imageId, predIndex, classId: pred.classId, box: pred.box, score: pred.score };
  const withId = <T extends object>(item: T): T => (pred.id === undefined ? item : { ...item, predId: pred.id });
  if (dup >= 0) return withId({ ...base, category: "duplicate", iou: dupIou, gtIndex: dup });
  if (other >= 0) return withId({ ...base, category: "wrong_class", iou: otherIou, gtIndex: other });
  if (bestIou < options.backgroundIou) return withId({ ...base, category: "background", iou: bestIou, gtIndex: -1 });
  return withId({ ...base, category: "localization", iou: bestIou, gtIndex: best });
}
