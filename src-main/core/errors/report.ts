/**
 * The data of `iterations/iteration_NNN/error_analysis/error_report.json`: every false negative and false
 * positive of a validation run with its categories and IoU, plus counts by category and by class. Pure: the
 * service that writes the file and the crops comes later and only serialises this.
 */
import { matchImage } from "../match/greedy";
import type { EvalImage, PredBox } from "../match/types";
import {
  categorizeFalseNegative,
  DEFAULT_FN_OPTIONS,
  FN_CATEGORIES,
  type ErrorGtBox,
  type FnCategory,
  type FnItem,
  type FnOptions,
} from "./fn-categories";
import { categorizeFalsePositive, DEFAULT_FP_OPTIONS, FP_CATEGORIES, type FpCategory, type FpItem } from "./fp-categories";

export interface ErrorImage extends EvalImage {
  gts: readonly ErrorGtBox[];
}

export interface ErrorReportOptions extends Partial<FnOptions> {
  /** Predictions below this confidence (0..1) are left out; default 0.25. */
  confidence?: number;
  /** IoU under which an FP is on background; default 0.1. */
  backgroundIou?: number;
}

export interface ErrorCounts<C extends string> {
  total: number;
  byCategory: Record<C, number>;
  byClass: { classId: number; total: number; byCategory: Record<C, number> }[];
}

export interface ErrorReport {
  settings: Required<ErrorReportOptions>;
  /** True positives (matched pairs) for scale. */
  truePositives: number;
  fn: ErrorCounts<FnCategory>;
  fp: ErrorCounts<FpCategory>;
  /** Every error: FNs in image then GT order, FPs in image then descending score order. */
  items: { fn: FnItem[]; fp: FpItem[] };
}

function zeroCounts<C extends string>(cats: readonly C[]): Record<C, number> {
  return Object.fromEntries(cats.map((c) => [c, 0])) as Record<C, number>;
}

function countItems<C extends string>(
  cats: readonly C[],
  items: readonly { classId: number }[],
  categoriesOf: (item: never) => readonly C[],
): ErrorCounts<C> {
  const byCategory = zeroCounts(cats);
  const byClass = new Map<number, { classId: number; total: number; byCategory: Record<C, number> }>();
  for (const item of items) {
    let row = byClass.get(item.classId);
    if (row === undefined) {
      row = { classId: item.classId, total: 0, byCategory: zeroCounts(cats) };
      byClass.set(item.classId, row);
    }
    row.total++;
    for (const c of categoriesOf(item as never)) {
      byCategory[c]++;
      row.byCategory[c]++;
    }
  }
  return { total: items.length, byCategory, byClass: [...byClass.values()].sort((a, b) => a.classId - b.classId) };
}

/**
 * Matches predictions (score ≥ confidence) to GT per image at the IoU threshold, then categorises every miss and
 * every false detection. FN counts by category are multi-label (a box can be small and crowded); FP counts are
 * one category each.
 * @example buildErrorReport(images, { confidence: 0.25 }).fn.byCategory.small
 */
export function buildErrorReport(images: readonly ErrorImage[], options: ErrorReportOptions = {}): ErrorReport {
  const settings: Required<ErrorReportOptions> = {
    ...DEFAULT_FN_OPTIONS,
    confidence: 0.25,
    backgroundIou: DEFAULT_FP_OPTIONS.backgroundIou,
    ...options,
  };
  const fn: FnItem[] = [];
  const fp: FpItem[] = [];
  let truePositives = 0;
  for (const img of images) {
    const keep: number[] = [];
    img.preds.forEach((p, i) => {
      if (p.score >= settings.confidence) keep.push(i);
    });
    const preds: PredBox[] = keep.map((i) => img.preds[i] as PredBox);
    const m = matchImage(img.gts, preds, { iouThreshold: settings.iouThreshold });
    const taken = Array.from(m.gtToPred, (p) => p >= 0);
    img.gts.forEach((_, g) => {
      if (taken[g]) truePositives++;
      else fn.push(categorizeFalseNegative(img, g, preds, settings));
    });
    for (let o = 0; o < m.order.length; o++) {
      const p = m.order[o] ?? 0;
      if ((m.predToGt[p] ?? -1) >= 0) continue;
      const item = categorizeFalsePositive(img.imageId, keep[p] ?? p, preds[p] as PredBox, img.gts, taken, {
        iouThreshold: settings.iouThreshold,
        backgroundIou: settings.backgroundIou,
      });
      fp.push(item);
    }
  }
  return {
    settings,
    truePositives,
    fn: countItems(FN_CATEGORIES, fn, (i: FnItem) => i.categories),
    fp: countItems(FP_CATEGORIES, fp, (i: FpItem) => [i.category]),
    items: { fn, fp },
  };
}
