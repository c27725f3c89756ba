/**
 * Localization stability (Kao et al., "Localization-Aware Active Learning for Object Detection", ACCV 2018): the
 * detector runs again on transformed copies of each image (horizontal flip, a down-scale), the boxes are mapped back
 * to the original image, and a box whose counterpart moves, shrinks or vanishes is one the model has not learnt to
 * place. For box j of the reference predictions and augmentation a, its stability is the best IoU with a box of the
 * same class in a's predictions of the same image (0 when there is none); over augmentations it is the mean. An
 * image's score is the confidence-weighted mean instability, Σ p_j (1 − s_j) / Σ p_j, 0..1 (0 without boxes).
 */
import { iouXywh } from "../geometry/iou";
import type { PoolIndex } from "./pool";
import { indexPool } from "./pool";
import type { AugmentedPredictions, PoolPredictions } from "./types";

export interface StabilityScores {
  /** Image score 0..1 (confidence-weighted mean instability). */
  image: Float64Array;
  /** Per box of the reference predictions: mean best IoU over augmentations, 0..1 (NaN for boxes below minScore). */
  boxStability: Float64Array;
  /** Per box: the augmentation with the lowest IoU (index into `augmented`), -1 when none. */
  boxWorstAug: Int32Array;
  /** Per box: that lowest IoU. */
  boxWorstIou: Float64Array;
}

/**
 * Best IoU of a reference box with a same-class box of the same image in one augmentation's predictions.
 * @example bestIou(aug, augIndex, 3, 1, { x: 0, y: 0, w: 10, h: 10 }) // 1 when aug has the same box for image 3
 */
export function bestIou(
  aug: AugmentedPredictions,
  augIndex: PoolIndex,
  image: number,
  classId: number,
  box: { x: number; y: number; w: number; h: number },
): number {
  let best = 0;
  for (let o = augIndex.start[image] ?? 0; o < (augIndex.start[image + 1] ?? 0); o++) {
    const k = augIndex.order[o] ?? 0;
    if ((aug.boxClass[k] ?? -1) !== classId) continue;
    const v = iouXywh(box.x, box.y, box.w, box.h, aug.boxX[k] ?? 0, aug.boxY[k] ?? 0, aug.boxW[k] ?? 0, aug.boxH[k] ?? 0);
    if (v > best) best = v;
  }
  return best;
}

/**
 * Stability of every reference box and the image scores. Augmented boxes count from `minScore` / 2, so a box that
 * merely dips below the threshold under a flip is not called "vanished".
 * @example stabilityScores(pool, indexPool(pool, 0.05), 0.05).image[0] // 0 when every box reappears exactly
 */
export function stabilityScores(pool: PoolPredictions, index: PoolIndex, minScore: number): StabilityScores {
  const augs = pool.augmented ?? [];
  const nBoxes = pool.boxScore.length;
  const boxStability = new Float64Array(nBoxes).fill(NaN);
  const boxWorstAug = new Int32Array(nBoxes).fill(-1);
  const boxWorstIou = new Float64Array(nBoxes).fill(NaN);
  const image = new Float64Array(index.imageCount);
  const augIndexes = augs.map((a) => indexPool({ ...a, imageIds: pool.imageIds }, minScore / 2));
  for (let i = 0; i < index.imageCount; i++) {
    let num = 0;
    let den = 0;
    for (let o = index.start[i] ?? 0; o < (index.start[i + 1] ?? 0); o++) {
      const j = index.order[o] ?? 0;
      const box = { x: pool.boxX[j] ?? 0, y: pool.boxY[j] ?? 0, w: pool.boxW[j] ?? 0, h: pool.boxH[j] ?? 0 };
      let sum = 0;
      let worst = Infinity;
      let worstAug = -1;
      augs.forEach((aug, a) => {
        const v = bestIou(aug, augIndexes[a] as PoolIndex, i, pool.boxClass[j] ?? 0, box);
        sum += v;
        if (v < worst) {
          worst = v;
          worstAug = a;
        }
      });
      const s = augs.length > 0 ? sum / augs.length : 1;
      boxStability[j] = s;
      boxWorstAug[j] = worstAug;
      boxWorstIou[j] = worstAug >= 0 ? worst : NaN;
      const p = pool.boxScore[j] ?? 0;
      num += p * (1 - s);
      den += p;
    }
    image[i] = den > 0 ? num / den : 0;
  }
  return { image, boxStability, boxWorstAug, boxWorstIou };
}
