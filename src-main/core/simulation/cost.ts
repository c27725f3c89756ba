/**
 * What a review round costs annotators, counted per action, and the time it takes.
 *
 * Per image, the model's boxes (at the review threshold) are matched with the ground truth (same class, IoU ≥ 0.5,
 * greedy by score): a match with IoU ≥ `tightIou` is *verified* (accepted as is), a looser match is *corrected*
 * (dragged to fit), a box with no match is *rejected*, and a ground-truth box with no match is *drawn*.
 *
 * Default seconds per action (users can set their own):
 * - draw 34.5 s: a tight box drawn by the ILSVRC crowd protocol (Su, Deng & Fei-Fei, "Crowdsourcing annotations
 *   for visual object detection", AAAI-W 2012; the figure as quoted by Papadopoulos et al., "Extreme clicking for
 *   efficient object annotation", ICCV 2017). With extreme clicking it is 7.0 s (same paper): set `drawBoxSec: 7`.
 * - verify 4.6 s: verifying a model's box is 6–9 × cheaper than drawing one; we take the middle of that range,
 *   34.5 / 7.5. Papadopoulos et al., "We don't need no bounding-boxes", CVPR 2016, measured 1.6 s for a yes/no box
 *   verification, so this errs on the expensive side.
 * - reject 4.6 s: a rejection is a verification that says no.
 * - correct 7.0 s: re-fitting a box that is roughly right, taken as one extreme-clicking box (ICCV 2017).
 * - image 2.0 s: opening an image and deciding it is done (our assumption, not a published figure).
 */
import type { AnnotationCostsInfo } from "../../../src-preload/api";
import { iouXywh } from "../geometry/iou";

export type ActionCosts = AnnotationCostsInfo;

export const DEFAULT_ACTION_COSTS: ActionCosts = {
  drawBoxSec: 34.5,
  verifyBoxSec: 4.6,
  rejectBoxSec: 4.6,
  correctBoxSec: 7.0,
  imageSec: 2.0,
};

export interface ReviewActions {
  images: number;
  /** Ground-truth boxes the round bought (the labels spent). */
  labels: number;
  drawn: number;
  verified: number;
  rejected: number;
  corrected: number;
}

export const NO_ACTIONS: ReviewActions = { images: 0, labels: 0, drawn: 0, verified: 0, rejected: 0, corrected: 0 };

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const iou = (a: Box, b: Box): number => iouXywh(a.x, a.y, a.w, a.h, b.x, b.y, b.w, b.h);

/**
 * The actions one image takes (see the module comment). A prediction of the wrong class that overlaps a ground-truth
 * box (IoU ≥ 0.5) counts as corrected (its class is changed) rather than rejected plus drawn.
 * @example
 * reviewActions([{ classId: 0, box: { x: 0, y: 0, w: 10, h: 10 } }], [{ classId: 0, score: 0.9, box: { x: 0, y: 0, w: 10, h: 10 } }])
 * // { images: 1, labels: 1, drawn: 0, verified: 1, rejected: 0, corrected: 0 }
 */
export function reviewActions(
  gt: readonly { classId: number; box: Box }[],
  preds: readonly { classId: number; score: number; box: Box }[],
  tightIou = 0.7,
): ReviewActions {
  const order = preds.map((_, k) => k).sort((a, b) => (preds[b]?.score ?? 0) - (preds[a]?.score ?? 0));
  const taken = new Uint8Array(gt.length);
  const out = { images: 1, labels: gt.length, drawn: 0, verified: 0, rejected: 0, corrected: 0 };
  for (const k of order) {
    const p = preds[k] as { classId: number; box: Box };
    let best = -1;
    let bestIou = 0.5;
    let bestSame = false;
    gt.forEach((g, m) => {
      if (taken[m] === 1) return;
      const v = iou(p.box, g.box);
      const same = g.classId === p.classId;
      // prefer a same-class match; among equals the higher IoU
      if (v >= 0.5 && ((same && !bestSame) || (same === bestSame && v >= bestIou))) {
        best = m;
        bestIou = v;
        bestSame = same;
      }
    });
    if (best < 0) out.rejected++;
    else {
      taken[best] = 1;
      if (bestSame && bestIou >= tightIou) out.verified++;
      else out.corrected++;
    }
  }
  for (let m = 0; m < gt.length; m++) if (taken[m] === 0) out.drawn++;
  return out;
}

/**
 * Sum of actions.
 * @example addActions({ ...NO_ACTIONS, drawn: 1 }, { ...NO_ACTIONS, drawn: 2 }).drawn // 3
 */
export function addActions(a: ReviewActions, b: ReviewActions): ReviewActions {
  return {
    images: a.images + b.images,
    labels: a.labels + b.labels,
    drawn: a.drawn + b.drawn,
    verified: a.verified + b.verified,
    rejected: a.rejected + b.rejected,
    corrected: a.corrected + b.corrected,
  };
}

/**
 * Estimated annotator time in seconds.
 * @example annotatorSeconds({ images: 1, labels: 2, drawn: 1, verified: 1, rejected: 0, corrected: 0 }) // 2 + 34.5 + 4.6 = 41.1
 */
export function annotatorSeconds(a: ReviewActions, costs: ActionCosts = DEFAULT_ACTION_COSTS): number {
  return (
    a.images * costs.imageSec +
    a.drawn * costs.drawBoxSec +
    a.verified * costs.verifyBoxSec +
    a.rejected * costs.rejectBoxSec +
    a.corrected * costs.correctBoxSec
  );
}
