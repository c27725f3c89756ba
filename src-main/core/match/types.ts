/**
 * Shared shapes for per-image matching, P/R/F1, confusion matrices and error analysis. Boxes are in image pixels;
 * class ids are the project's class indices; scores are 0..1 confidences (only their order matters for matching).
 */
import type { Box } from "../geometry/box";

/** A ground-truth (labelled) box. */
export interface GtBox {
  box: Box;
  classId: number;
  /** Optional caller id (label id) carried into reports. */
  id?: string | number;
}

/** A predicted box. */
export interface PredBox {
  box: Box;
  classId: number;
  /** Confidence 0..1. */
  score: number;
  /** Optional caller id (prediction id) carried into reports. */
  id?: string | number;
}

/** One image's labels and predictions. Width/height (pixels) are needed only by error analysis (border test). */
export interface EvalImage {
  imageId: string | number;
  widthPx?: number;
  heightPx?: number;
  gts: readonly GtBox[];
  preds: readonly PredBox[];
}
