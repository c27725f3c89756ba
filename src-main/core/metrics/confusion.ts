/**
 * Detection confusion matrix with a background row and column. Per image, predictions with score ≥ the
 * confidence are paired with GT boxes regardless of class: candidate pairs with IoU ≥ the threshold are taken in
 * descending IoU order (ties: higher score, then input order), each box used once. A pair counts at
 * [true class][predicted class]; an unpaired GT at [true class][background] (missed); an unpaired prediction at
 * [background][predicted class] (false detection). [background][background] stays 0.
 */
import { boxIou } from "../geometry/iou";
import type { EvalImage } from "../match/types";

export interface ConfusionMatrix {
  /** Class ids in row/column order; the last row and column (index classIds.length) are background. */
  classIds: number[];
  /** `counts[trueIndex][predictedIndex]`. */
  counts: number[][];
}

export interface ConfusionOptions {
  /** IoU threshold 0..1 to pair boxes; default 0.5. */
  iouThreshold?: number;
  /** Predictions below this confidence (0..1) are left out; default 0.25. */
  confidence?: number;
}

/**
 * Builds the confusion matrix over all images. Boxes of classes not in `classIds` are skipped.
 * @example computeConfusion(images, [0, 1]).counts[2][0] // predictions of class 0 on background
 */
export function computeConfusion(
  images: readonly EvalImage[],
  classIds: readonly number[],
  options: ConfusionOptions = {},
): ConfusionMatrix {
  const threshold = options.iouThreshold ?? 0.5;
  const confidence = options.confidence ?? 0.25;
  const index = new Map(classIds.map((c, i) => [c, i] as const));
  const bg = classIds.length;
  const counts = Array.from({ length: bg + 1 }, () => new Array<number>(bg + 1).fill(0));
  const bump = (row: number, col: number): void => {
    const r = counts[row] as number[];
    r[col] = (r[col] ?? 0) + 1;
  };
  for (const img of images) {
    const gts = img.gts.filter((g) => index.has(g.classId));
    const preds = img.preds.filter((p) => index.has(p.classId) && p.score >= confidence);
    const pairs: { g: number; p: number; iou: number }[] = [];
    gts.forEach((g, gi) =>
      preds.forEach((p, pi) => {
        const v = boxIou(p.box, g.box);
        if (v >= threshold) pairs.push({ g: gi, p: pi, iou: v });
      }),
    );
    pairs.sort((a, b) => b.iou - a.iou || (preds[b.p]?.score ?? 0) - (preds[a.p]?.score ?? 0) || a.p - b.p || a.g - b.g);
    const gtUsed = new Uint8Array(gts.length);
    const predUsed = new Uint8Array(preds.length);
    for (const pair of pairs) {
      if (gtUsed[pair.g] === 1 || predUsed[pair.p] === 1) continue;
      gtUsed[pair.g] = 1;
      predUsed[pair.p] = 1;
      bump(index.get(gts[pair.g]?.classId ?? -1) ?? bg, index.get(preds[pair.p]?.classId ?? -1) ?? bg);
    }
    gts.forEach((g, gi) => {
      if (gtUsed[gi] === 0) bump(index.get(g.classId) ?? bg, bg);
    });
    preds.forEach((p, pi) => {
      if (predUsed[pi] === 0) bump(bg, index.get(p.classId) ?? bg);
    });
  }
  return { classIds: [...classIds], counts };
}
