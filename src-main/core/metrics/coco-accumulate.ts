/**
 * pycocotools' `accumulate` and `summarize` over the per-category matches of `coco-eval.ts`.
 *
 * Per (IoU threshold, category, area range, maxDets): the kept detections of all images are concatenated in image
 * order and sorted by descending score with a stable sort (numpy mergesort on `-score`); TP/FP are cumulated over
 * non-ignored detections; recall = TP / nGT; precision = TP / (TP + FP + np.spacing(1)) made non-increasing from
 * the right; for each of the 101 recall points the precision at the first position whose recall reaches it
 * (`searchsorted(..., side="left")`), 0 beyond the last. Ignored detections are skipped rather than carried as
 * repeated entries: a repeated entry never becomes the first to reach a recall point nor raises a suffix maximum,
 * so the result is the same.
 */
import type { CategoryMatches } from "./coco-eval";
import {
  COCO_AREA_RANGES,
  COCO_IOU_THRESHOLDS,
  COCO_MAX_DETS,
  COCO_RECALL_THRESHOLDS,
  COCO_STAT_NAMES,
  NP_SPACING_1,
  type CocoStats,
} from "./coco-params";

const T = COCO_IOU_THRESHOLDS.length;
const R = COCO_RECALL_THRESHOLDS.length;
const A = COCO_AREA_RANGES.length;
const M = COCO_MAX_DETS.length;

/** Accumulated arrays with pycocotools' layouts. */
export interface CocoAccumulation {
  /** Category count K. */
  K: number;
  /** `eval['precision']`, `[T][R][K][A][M]` flattened; -1 where the category has no GT in that area range. */
  precision: Float64Array;
  /** `eval['recall']`, `[T][K][A][M]` flattened; -1 likewise. */
  recall: Float64Array;
  /** `eval['scores']`: score of the detection that sets each precision value, `[T][R][K][A][M]`. */
  scores: Float64Array;
}

/** AP and AR of one category (area "all", maxDets 100), 0..1 or -1 when it has no ground truth. */
export interface CocoCategoryResult {
  categoryId: number;
  /** Non-crowd ground-truth boxes of this category. */
  gtCount: number;
  /** AP @[.50:.95]. */
  ap: number;
  ap50: number;
  ap75: number;
  /** Recall averaged over the 10 IoU thresholds (maxDets 100). */
  ar100: number;
}

export interface CocoEvalResult {
  /** The 12 summary numbers under stable names; -1 where nothing qualifies (e.g. no large objects). */
  stats: CocoStats;
  /** The same in pycocotools' `stats` order. */
  statsArray: number[];
  /** Evaluated category ids, ascending: index k of the arrays. */
  categoryIds: number[];
  imageCount: number;
  perCategory: CocoCategoryResult[];
  accumulation: CocoAccumulation;
}

/**
 * Allocates the result arrays for K categories filled with -1, as pycocotools does.
 * @example createAccumulation(2).precision.length // 10 * 101 * 2 * 4 * 3
 */
export function createAccumulation(K: number): CocoAccumulation {
  return {
    K,
    precision: new Float64Array(T * R * K * A * M).fill(-1),
    recall: new Float64Array(T * K * A * M).fill(-1),
    scores: new Float64Array(T * R * K * A * M).fill(-1),
  };
}

/**
 * Index into `precision`/`scores` (`[T][R][K][A][M]`).
 * @example precisionIndex(acc, 0, 100, 0, 0, 2) // IoU .5, recall 1.0, first category, area all, maxDets 100
 */
export function precisionIndex(acc: CocoAccumulation, t: number, r: number, k: number, a: number, m: number): number {
  return (((t * R + r) * acc.K + k) * A + a) * M + m;
}

/**
 * Index into `recall` (`[T][K][A][M]`).
 * @example recallIndex(acc, 0, 0, 0, 2) // IoU .5, first category, area all, maxDets 100
 */
export function recallIndex(acc: CocoAccumulation, t: number, k: number, a: number, m: number): number {
  return ((t * acc.K + k) * A + a) * M + m;
}

// Local copies: hot loops read these, not the imported bindings.
const REC_T = Float64Array.from(COCO_RECALL_THRESHOLDS);
const MAX_DETS = Int32Array.from(COCO_MAX_DETS);
const EPS = NP_SPACING_1;
const S = M * A * T;

/**
 * Fills category k's slices of the accumulation from its matches (pycocotools `accumulate` for one k).
 *
 * One pass over the detections in score order updates all (maxDets, area, IoU) settings at once. Instead of
 * storing the precision/recall arrays, it keeps for each recall point r the best precision among positions whose
 * recall has just reached r: pycocotools' value at r is the suffix maximum of precision from the first position
 * with recall ≥ r, which is the maximum over all positions with recall ≥ r — the suffix maximum of those bests.
 * A false positive never raises a best (its recall equals the previous position's and its precision is lower),
 * except as the very first entry.
 * @example accumulateCategory(acc, 0, matches)
 */
export function accumulateCategory(acc: CocoAccumulation, k: number, cm: CategoryMatches): void {
  const n = cm.n;
  const order = new Int32Array(n);
  for (let j = 0; j < n; j++) order[j] = j;
  const score = cm.score;
  order.sort((p, q) => {
    const sp = score[p] ?? 0;
    const sq = score[q] ?? 0;
    return sp > sq ? -1 : sp < sq ? 1 : p - q;
  });
  const tp = new Int32Array(S);
  const fp = new Int32Array(S);
  const ptr = new Int32Array(S).fill(-1);
  const best = new Float64Array(S * R).fill(-1);
  const firstScore = new Float64Array(S * R);
  const seen = new Uint8Array(S);
  const npig = cm.npig;
  const flags = cm.flags;
  const rank = cm.rank;
  for (let o = 0; o < n; o++) {
    const j = order[o] ?? 0;
    const rk = rank[j] ?? 0;
    const sc = score[j] ?? 0;
    const fb = j * A * T;
    for (let m = 0; m < M; m++) {
      if (rk >= (MAX_DETS[m] ?? 100)) continue;
      for (let a = 0; a < A; a++) {
        const np = npig[a] ?? 0;
        if (np === 0) continue;
        const st0 = (m * A + a) * T;
        const fa = fb + a * T;
        for (let t = 0; t < T; t++) {
          const st = st0 + t;
          const f = flags[fa + t] ?? 0;
          if (seen[st] === 0) {
            // The first entry (ignored or not) answers recall point 0 in pycocotools' searchsorted.
            seen[st] = 1;
            ptr[st] = 0;
            firstScore[st * R] = sc;
            if (best[st * R] === -1) best[st * R] = 0;
          }
          if ((f & 2) !== 0) continue;
          if ((f & 1) === 0) {
            fp[st] = (fp[st] ?? 0) + 1;
            continue;
          }
          const tpv = (tp[st] ?? 0) + 1;
          tp[st] = tpv;
          const rc = tpv / np;
          const pr = tpv / ((fp[st] ?? 0) + tpv + EPS);
          let p = ptr[st] ?? 0;
          while (p + 1 < R && (REC_T[p + 1] ?? 2) <= rc) {
            p++;
            firstScore[st * R + p] = sc;
          }
          ptr[st] = p;
          if (pr > (best[st * R + p] ?? -1)) best[st * R + p] = pr;
        }
      }
    }
  }
  for (let m = 0; m < M; m++) {
    for (let a = 0; a < A; a++) {
      const np = npig[a] ?? 0;
      if (np === 0) continue;
      for (let t = 0; t < T; t++) {
        const st = (m * A + a) * T + t;
        acc.recall[recallIndex(acc, t, k, a, m)] = (tp[st] ?? 0) / np;
        let q = -1;
        let qs = 0;
        for (let r = R - 1; r >= 0; r--) {
          const b = best[st * R + r] ?? -1;
          if (b > q) q = b;
          if (r <= (ptr[st] ?? -1)) qs = firstScore[st * R + r] ?? 0;
          const idx = precisionIndex(acc, t, r, k, a, m);
          acc.precision[idx] = q < 0 ? 0 : q;
          acc.scores[idx] = r <= (ptr[st] ?? -1) ? qs : 0;
        }
      }
    }
  }
}

/** Mean of the entries > -1 in a slice, -1 when there is none (pycocotools `_summarize`). */
function meanValid(values: Iterable<number>): number {
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (v > -1) {
      sum += v;
      count++;
    }
  }
  return count === 0 ? -1 : sum / count;
}

function* apSlice(acc: CocoAccumulation, ts: readonly number[], ks: readonly number[], a: number, m: number) {
  for (const t of ts) for (let r = 0; r < R; r++) for (const k of ks) yield acc.precision[precisionIndex(acc, t, r, k, a, m)] ?? -1;
}

function* arSlice(acc: CocoAccumulation, ts: readonly number[], ks: readonly number[], a: number, m: number) {
  for (const t of ts) for (const k of ks) yield acc.recall[recallIndex(acc, t, k, a, m)] ?? -1;
}

/**
 * pycocotools `summarize()`: the 12 stats (AP at .50:.95/.50/.75, AP small/medium/large, AR at maxDets 1/10/100,
 * AR small/medium/large) and per-category AP. Values 0..1 or -1.
 * @example summarizeCoco(acc, [1, 2], 10, [5, 3]).stats.AP50
 */
export function summarizeCoco(
  acc: CocoAccumulation,
  categoryIds: readonly number[],
  imageCount: number,
  gtCounts: readonly number[],
): CocoEvalResult {
  const allT = COCO_IOU_THRESHOLDS.map((_, t) => t);
  const allK = categoryIds.map((_, k) => k);
  const t50 = COCO_IOU_THRESHOLDS.indexOf(0.5);
  const t75 = COCO_IOU_THRESHOLDS.indexOf(0.75);
  const m100 = M - 1;
  const statsArray = [
    meanValid(apSlice(acc, allT, allK, 0, m100)),
    meanValid(apSlice(acc, [t50], allK, 0, m100)),
    meanValid(apSlice(acc, [t75], allK, 0, m100)),
    meanValid(apSlice(acc, allT, allK, 1, m100)),
    meanValid(apSlice(acc, allT, allK, 2, m100)),
    meanValid(apSlice(acc, allT, allK, 3, m100)),
    meanValid(arSlice(acc, allT, allK, 0, 0)),
    meanValid(arSlice(acc, allT, allK, 0, 1)),
    meanValid(arSlice(acc, allT, allK, 0, m100)),
    meanValid(arSlice(acc, allT, allK, 1, m100)),
    meanValid(arSlice(acc, allT, allK, 2, m100)),
    meanValid(arSlice(acc, allT, allK, 3, m100)),
  ];
  const stats = Object.fromEntries(COCO_STAT_NAMES.map((name, i) => [name, statsArray[i] ?? -1])) as CocoStats;
  const perCategory = categoryIds.map((categoryId, k) => ({
    categoryId,
    gtCount: gtCounts[k] ?? 0,
    ap: meanValid(apSlice(acc, allT, [k], 0, m100)),
    ap50: meanValid(apSlice(acc, [t50], [k], 0, m100)),
    ap75: meanValid(apSlice(acc, [t75], [k], 0, m100)),
    ar100: meanValid(arSlice(acc, allT, [k], 0, m100)),
  }));
  return { stats, statsArray, categoryIds: [...categoryIds], imageCount, perCategory, accumulation: acc };
}

/**
 * Formats the 12 stats as pycocotools prints them, one line each.
 * @example formatCocoSummary(result.statsArray)[0]
 * // " Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.701"
 */
export function formatCocoSummary(statsArray: readonly number[]): string[] {
  const rows: [string, string, string, number][] = [
    ["AP", "0.50:0.95", "all", 100],
    ["AP", "0.50", "all", 100],
    ["AP", "0.75", "all", 100],
    ["AP", "0.50:0.95", "small", 100],
    ["AP", "0.50:0.95", "medium", 100],
    ["AP", "0.50:0.95", "large", 100],
    ["AR", "0.50:0.95", "all", 1],
    ["AR", "0.50:0.95", "all", 10],
    ["AR", "0.50:0.95", "all", 100],
    ["AR", "0.50:0.95", "small", 100],
    ["AR", "0.50:0.95", "medium", 100],
    ["AR", "0.50:0.95", "large", 100],
  ];
  return rows.map(([kind, iou, area, maxDets], i) => {
    const title = (kind === "AP" ? "Average Precision" : "Average Recall").padEnd(18);
    const value = (statsArray[i] ?? -1).toFixed(3);
    return ` ${title} (${kind}) @[ IoU=${iou.padEnd(9)} | area=${area.padStart(6)} | maxDets=${String(maxDets).padStart(3)} ] = ${value}`;
  });
}
