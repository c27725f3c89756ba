/**
 * Pascal VOC average precision for one class: VOC2010+ all-point ("every point") interpolation and VOC2007
 * 11-point interpolation, with the matching of the VOC devkit and of rafaelpadilla's evaluators:
 * detections in descending score order (stable) each look only at the GT of highest IoU in their image; a match
 * needs IoU ≥ threshold (or > with `matchRule: "greater-than"`, as detectron2's voc_eval); a GT already taken
 * makes the detection a false positive (no fall-back to the next-best GT); a `difficult` GT makes it ignored.
 */
import type { Box } from "../geometry/box";
import { boxIou, vocIou } from "../geometry/iou";
import type { ImageKey } from "./coco-eval";

export interface VocGroundTruth {
  imageId: ImageKey;
  box: Box;
  /** VOC's difficult flag: not counted in the GT total; a detection matched to it is ignored. */
  difficult?: boolean;
}

export interface VocDetection {
  imageId: ImageKey;
  box: Box;
  score: number;
}

export interface VocApOptions {
  /** IoU threshold 0..1; default 0.5. */
  iouThreshold?: number;
  /** "all-point" (VOC2010+, default) or "11-point" (VOC2007). */
  interpolation?: "all-point" | "11-point";
  /**
   * "continuous" (default; COCO's IoU, width = x2 − x1) or "plus-one" (legacy devkit: inclusive integer pixels,
   * width = x2 − x1 + 1; needed to reproduce rafaelpadilla's published numbers).
   */
  pixelConvention?: "continuous" | "plus-one";
  /** "at-least" (IoU ≥ t, default, rafaelpadilla) or "greater-than" (IoU > t, detectron2 voc_eval). */
  matchRule?: "at-least" | "greater-than";
}

export interface VocApResult {
  /** Average precision 0..1 (0 when there is no GT). */
  ap: number;
  /** GT boxes counted (difficult ones excluded). */
  gtCount: number;
  /** Per ranked, non-ignored detection: cumulative precision and recall (0..1), score, and whether it was a TP. */
  precision: number[];
  recall: number[];
  scores: number[];
  isTp: boolean[];
}

/**
 * VOC2010+ all-point AP from a ranked precision/recall list: recall padded with 0 and 1, precision with 0 and 0,
 * precision made non-increasing from the right, AP = Σ Δrecall × precision where recall changes. Range 0..1.
 * @example vocAllPointAp([0.5, 1], [1, 0.5]) // 0.5·1 + 0.5·0.5 = 0.75
 */
export function vocAllPointAp(recall: readonly number[], precision: readonly number[]): number {
  const mrec = [0, ...recall, 1];
  const mpre = [0, ...precision, 0];
  for (let i = mpre.length - 1; i > 0; i--) mpre[i - 1] = Math.max(mpre[i - 1] ?? 0, mpre[i] ?? 0);
  let ap = 0;
  for (let i = 1; i < mrec.length; i++) {
    if (mrec[i] !== mrec[i - 1]) ap += ((mrec[i] ?? 0) - (mrec[i - 1] ?? 0)) * (mpre[i] ?? 0);
  }
  return ap;
}

/**
 * VOC2007 11-point AP: mean over t ∈ {0, 0.1, …, 1} (numpy's doubles, `i * 0.1`) of the highest precision at
 * recall ≥ t (0 when recall never reaches t). Range 0..1.
 * @example vocElevenPointAp([0.5, 1], [1, 0.5]) // (6·1 + 5·0.5) / 11 = 0.7727…
 */
export function vocElevenPointAp(recall: readonly number[], precision: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i <= 10; i++) {
    const t = i === 10 ? 1 : i * 0.1;
    let best = 0;
    for (let j = 0; j < recall.length; j++) if ((recall[j] ?? 0) >= t) best = Math.max(best, precision[j] ?? 0);
    sum += best;
  }
  return sum / 11;
}

/**
 * Pascal VOC AP of one class. Boxes are in image pixels; scores any real. Deterministic (stable sort).
 * @example
 * computeVocAp(
 *   [{ imageId: 1, box: { x: 0, y: 0, w: 10, h: 10 } }],
 *   [{ imageId: 1, box: { x: 0, y: 0, w: 10, h: 10 }, score: 0.9 }],
 * ).ap; // 1
 */
export function computeVocAp(
  groundTruths: readonly VocGroundTruth[],
  detections: readonly VocDetection[],
  options: VocApOptions = {},
): VocApResult {
  const threshold = options.iouThreshold ?? 0.5;
  const iouFn = options.pixelConvention === "plus-one" ? vocIou : boxIou;
  const strict = options.matchRule === "greater-than";
  const byImage = new Map<ImageKey, { gt: VocGroundTruth; taken: boolean }[]>();
  let gtCount = 0;
  for (const gt of groundTruths) {
    const list = byImage.get(gt.imageId) ?? [];
    list.push({ gt, taken: false });
    byImage.set(gt.imageId, list);
    if (gt.difficult !== true) gtCount++;
  }
  const ranked = detections.map((d, i) => ({ d, i })).sort((a, b) => b.d.score - a.d.score || a.i - b.i);
  const precision: number[] = [];
  const recall: number[] = [];
  const scores: number[] = [];
  const isTp: boolean[] = [];
  let tp = 0;
  let fp = 0;
  for (const { d } of ranked) {
    const candidates = byImage.get(d.imageId) ?? [];
    let best = -1;
    let bestIou = 0;
    for (let g = 0; g < candidates.length; g++) {
      const v = iouFn(d.box, (candidates[g] as { gt: VocGroundTruth }).gt.box);
      if (v > bestIou) {
        bestIou = v;
        best = g;
      }
    }
    const hit = best >= 0 && (strict ? bestIou > threshold : bestIou >= threshold);
    const cand = hit ? candidates[best] : undefined;
    if (cand !== undefined && cand.gt.difficult === true) continue;
    const isMatch = cand !== undefined && !cand.taken;
    if (cand !== undefined && isMatch) cand.taken = true;
    if (isMatch) tp++;
    else fp++;
    precision.push(tp / (tp + fp));
    recall.push(gtCount > 0 ? tp / gtCount : 0);
    scores.push(d.score);
    isTp.push(isMatch);
  }
  const ap =
    gtCount === 0
      ? 0
      : options.interpolation === "11-point"
        ? vocElevenPointAp(recall, precision)
        : vocAllPointAp(recall, precision);
  return { ap, gtCount, precision, recall, scores, isTp };
}
