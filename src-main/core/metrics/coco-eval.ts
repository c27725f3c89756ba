/**
 * COCO-style bbox evaluation that reproduces pycocotools' `COCOeval(gt, dt, "bbox")` — evaluate, accumulate and
 * summarize — decision for decision, so its 12 stats equal pycocotools' on any input (not just "close"):
 *
 * - images are evaluated in ascending id order (`np.unique`), categories likewise; within an (image, category)
 *   detections keep their input order until a stable sort on score (numpy's mergesort on `-score`) and only the
 *   top 100 take part in matching;
 * - ground truths are reordered with ignored ones (crowd or area outside the range) last, stably;
 * - greedy matching per IoU threshold: a detection takes the last GT of highest IoU that is ≥ `min(t, 1 − 1e-10)`
 *   (`iou < best` skips, so an equal later IoU wins), skips GTs already matched unless they are crowd, and stops
 *   at the first ignored GT once it holds a regular one;
 * - a match records the GT's annotation id, and id 0 reads as "unmatched" afterwards (pycocotools' id-0 trap);
 * - unmatched detections whose area (w·h) is outside the range are ignored; GT area comes from `area` when given.
 *
 * Accumulation and the 12 summary numbers live in `coco-accumulate.ts`. Hot loops run over typed arrays and
 * allocate nothing per detection.
 */
import type { XywhTuple } from "../geometry/box";
import { iouXywh } from "../geometry/iou";
import { accumulateCategory, createAccumulation, summarizeCoco, type CocoEvalResult } from "./coco-accumulate";
import { buildColumns, buildDetectionColumns, type Columns } from "./coco-columns";
import type { CocoDetectionColumns } from "./coco-results-scan";
import { COCO_AREA_RANGES, COCO_IOU_THRESHOLDS, COCO_MAX_DETS } from "./coco-params";

/** Image identifier as found in a COCO file: numbers sort numerically, strings after them by code unit. */
export type ImageKey = number | string;

/** One ground-truth annotation (COCO: an entry of `annotations`). */
export interface CocoGroundTruth {
  /** Annotation id. Only its being 0 matters: pycocotools then counts a detection matched to it as unmatched. */
  id?: number;
  imageId: ImageKey;
  categoryId: number;
  /** `[x, y, w, h]` in image pixels. */
  bbox: XywhTuple;
  /** Area in px² used for the area ranges (COCO files carry the mask area); default `w·h`. */
  area?: number;
  /** Crowd region: ignored, IoU against it is intersection over detection area, may match many detections. */
  isCrowd?: boolean;
}

/** One detection (COCO results list entry). */
export interface CocoDetection {
  imageId: ImageKey;
  categoryId: number;
  /** `[x, y, w, h]` in image pixels. */
  bbox: XywhTuple;
  /** Confidence; only its order matters. */
  score: number;
}

export interface CocoEvalInput {
  /** Images to evaluate (pycocotools: all images of the GT file). Default: every image seen in either list. */
  imageIds?: readonly ImageKey[];
  /** Categories to evaluate (pycocotools: the GT file's categories). Default: every category seen. */
  categoryIds?: readonly number[];
  groundTruths: readonly CocoGroundTruth[];
  /** Entries whose image or category is not evaluated are dropped, as pycocotools does. Objects, or columns. */
  detections: readonly CocoDetection[] | CocoDetectionColumns;
}

/** Per category: its kept detections (≤ 100 per image) in image order, and their match flags. */
export interface CategoryMatches {
  /** Number of kept detections. */
  n: number;
  /** Scores, concatenated over images in id order, each image's detections by descending score. */
  score: Float64Array;
  /** Position of each detection in its image's score order (0-based), for maxDets 1/10/100. */
  rank: Uint16Array;
  /** `[(j * A + area) * T + t]`: bit 1 = matched to a GT with non-zero id, bit 2 = ignored. */
  flags: Uint8Array;
  /** Non-ignored GT count per area range. */
  npig: Int32Array;
}

const T = COCO_IOU_THRESHOLDS.length;
const A = COCO_AREA_RANGES.length;
const MAX_DET = COCO_MAX_DETS[COCO_MAX_DETS.length - 1] ?? 100;
const AT = A * T;
const IOU_CAP = 1 - 1e-10;
// Local copies: hot loops read these, not the imported bindings.
const IOU_T = Float64Array.from(COCO_IOU_THRESHOLDS);
const AREA_MIN = Float64Array.from(COCO_AREA_RANGES, (r) => r.minPx2);
const AREA_MAX = Float64Array.from(COCO_AREA_RANGES, (r) => r.maxPx2);

/**
 * Orders image keys as `np.unique` would for a homogeneous list: numbers ascending, strings by code unit
 * (numbers before strings). Negative, zero or positive like any comparator.
 * @example [3, 1, 2].sort(compareImageKeys) // [1, 2, 3]
 */
export function compareImageKeys(a: ImageKey, b: ImageKey): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Reusable buffers for one (image, category) bucket. */
interface Scratch {
  dets: Int32Array;
  ious: Float64Array;
  /** Highest IoU of each detection row: no threshold above it can match. */
  rowMax: Float64Array;
  perm: Int32Array;
  gtIg: Uint8Array;
  gtCrowd: Uint8Array;
  gtIdOk: Uint8Array;
  gtMatched: Uint8Array;
}

function ensureScratch(s: Scratch, nd: number, ng: number): void {
  const nIou = Math.min(nd, MAX_DET) * ng;
  if (s.dets.length < nd) s.dets = new Int32Array(nd * 2);
  if (s.rowMax.length < nd) s.rowMax = new Float64Array(nd * 2);
  if (s.ious.length < nIou) s.ious = new Float64Array(nIou * 2);
  if (s.perm.length < ng) {
    s.perm = new Int32Array(ng * 2);
    s.gtIg = new Uint8Array(ng * 2);
    s.gtCrowd = new Uint8Array(ng * 2);
    s.gtIdOk = new Uint8Array(ng * 2);
    s.gtMatched = new Uint8Array(ng * 2);
  }
}

/**
 * Matches one category over all images (pycocotools' `computeIoU` + `evaluateImg` for the four area ranges).
 * `k` is the category's index among the sorted category ids; `I` the image count.
 */
function matchCategory(k: number, I: number, gt: Columns, dt: Columns, s: Scratch): CategoryMatches {
  let n = 0;
  for (let i = 0; i < I; i++) {
    const b = k * I + i;
    n += Math.min((dt.start[b + 1] ?? 0) - (dt.start[b] ?? 0), MAX_DET);
  }
  const out: CategoryMatches = {
    n,
    score: new Float64Array(n),
    rank: new Uint16Array(n),
    flags: new Uint8Array(n * A * T),
    npig: new Int32Array(A),
  };
  const byScore = (p: number, q: number): number => {
    const sp = dt.score[p] ?? 0;
    const sq = dt.score[q] ?? 0;
    return sp > sq ? -1 : sp < sq ? 1 : p - q;
  };
  let base = 0;
  for (let i = 0; i < I; i++) {
    const b = k * I + i;
    const d0 = dt.start[b] ?? 0;
    const nd = (dt.start[b + 1] ?? 0) - d0;
    const g0 = gt.start[b] ?? 0;
    const ng = (gt.start[b + 1] ?? 0) - g0;
    if (nd === 0 && ng === 0) continue;
    ensureScratch(s, nd, ng);
    const dets = s.dets;
    for (let d = 0; d < nd; d++) dets[d] = dt.order[d0 + d] ?? 0;
    if (nd <= 48) insertionSortByScore(dets, nd, dt.score);
    else dets.subarray(0, nd).sort(byScore);
    const D = Math.min(nd, MAX_DET);
    for (let d = 0; d < D; d++) {
      const dj = dets[d] ?? 0;
      out.score[base + d] = dt.score[dj] ?? 0;
      out.rank[base + d] = d;
      const dx = dt.x[dj] ?? 0;
      const dy = dt.y[dj] ?? 0;
      const dw = dt.w[dj] ?? 0;
      const dh = dt.h[dj] ?? 0;
      let rowMax = 0;
      for (let g = 0; g < ng; g++) {
        const gj = gt.order[g0 + g] ?? 0;
        const v = iouXywh(dx, dy, dw, dh, gt.x[gj] ?? 0, gt.y[gj] ?? 0, gt.w[gj] ?? 0, gt.h[gj] ?? 0, gt.crowd[gj] === 1);
        s.ious[d * ng + g] = v;
        if (v > rowMax) rowMax = v;
      }
      s.rowMax[d] = rowMax;
    }
    for (let a = 0; a < A; a++) {
      const lo = AREA_MIN[a] ?? 0;
      const hi = AREA_MAX[a] ?? 1e10;
      // GTs with ignored ones last, stably (np.argsort(_ignore, kind="mergesort")).
      let p = 0;
      for (let pass = 0; pass < 2; pass++) {
        for (let g = 0; g < ng; g++) {
          const gj = gt.order[g0 + g] ?? 0;
          const ar = gt.area[gj] ?? 0;
          const ig = gt.crowd[gj] === 1 || ar < lo || ar > hi ? 1 : 0;
          if (ig !== pass) continue;
          s.perm[p] = g;
          s.gtIg[p] = ig;
          s.gtCrowd[p] = gt.crowd[gj] ?? 0;
          s.gtIdOk[p] = gt.idOk[gj] ?? 1;
          p++;
        }
        if (pass === 0) out.npig[a] = (out.npig[a] ?? 0) + p;
      }
      for (let t = 0; t < T; t++) {
        if (ng > 0 && D > 0) matchAtThreshold(IOU_T[t] ?? 0.5, D, ng, s, out.flags, base, a * T + t);
      }
      // Unmatched detections outside the area range are ignored.
      for (let d = 0; d < D; d++) {
        const ar = dt.area[dets[d] ?? 0] ?? 0;
        if (!(ar < lo || ar > hi)) continue;
        const f0 = (base + d) * AT + a * T;
        for (let t = 0; t < T; t++) {
          const f = out.flags[f0 + t] ?? 0;
          if ((f & 1) === 0) out.flags[f0 + t] = f | 2;
        }
      }
    }
    base += D;
  }
  return out;
}

/** Stable in-place sort of `idx[0..n)` by descending score (ties keep order), for the small per-image lists. */
function insertionSortByScore(idx: Int32Array, n: number, score: Float64Array): void {
  for (let i = 1; i < n; i++) {
    const v = idx[i] ?? 0;
    const sv = score[v] ?? 0;
    let k = i - 1;
    while (k >= 0 && (score[idx[k] ?? 0] ?? 0) < sv) {
      idx[k + 1] = idx[k] ?? 0;
      k--;
    }
    idx[k + 1] = v;
  }
}

/**
 * pycocotools' greedy loop for one threshold; writes bit 1 (matched, id ≠ 0) and bit 2 (matched to ignored) at
 * `flags[(base + d) * A * T + slot]`.
 */
function matchAtThreshold(t: number, D: number, G: number, s: Scratch, flags: Uint8Array, base: number, slot: number): void {
  const matched = s.gtMatched;
  matched.fill(0, 0, G);
  const start = t < IOU_CAP ? t : IOU_CAP;
  for (let d = 0; d < D; d++) {
    if ((s.rowMax[d] ?? 0) < start) continue;
    let best = start;
    let m = -1;
    const row = d * G;
    for (let g = 0; g < G; g++) {
      if (matched[g] === 1 && s.gtCrowd[g] === 0) continue;
      if (m > -1 && s.gtIg[m] === 0 && s.gtIg[g] === 1) break;
      const v = s.ious[row + (s.perm[g] ?? 0)] ?? 0;
      if (v < best) continue;
      best = v;
      m = g;
    }
    if (m === -1) continue;
    flags[(base + d) * AT + slot] = (s.gtIdOk[m] === 1 ? 1 : 0) | (s.gtIg[m] === 1 ? 2 : 0);
    matched[m] = 1;
  }
}

/**
 * Evaluates detections against ground truth exactly as pycocotools' COCOeval (bbox): 12 summary stats, the
 * precision array `[T=10][R=101][K][A=4][M=3]`, recall `[T][K][A][M]` and per-category AP. Values are 0..1, or
 * -1 where a setting has no ground truth. Pure and deterministic.
 * @example
 * const r = evaluateCoco({
 *   groundTruths: [{ imageId: 1, categoryId: 1, bbox: [0, 0, 10, 10] }],
 *   detections: [{ imageId: 1, categoryId: 1, bbox: [0, 0, 10, 10], score: 0.9 }],
 * });
 * r.stats.AP; // 1
 */
export function evaluateCoco(input: CocoEvalInput): CocoEvalResult {
  const imageKeys = [...(input.imageIds === undefined ? seen(input, "imageId") : new Set(input.imageIds))].sort(compareImageKeys);
  const catIds = [...(input.categoryIds === undefined ? (seen(input, "categoryId") as Set<number>) : new Set(input.categoryIds))].sort((a, b) => a - b);
  const imageIndex = new Map(imageKeys.map((key, i) => [key, i] as const));
  const catIndex = new Map(catIds.map((id, k) => [id, k] as const));
  const gt = buildColumns(input.groundTruths, true, imageIndex, catIndex);
  const dets = input.detections;
  const dt = isColumns(dets) ? buildDetectionColumns(dets, imageIndex, catIndex) : buildColumns(dets, false, imageIndex, catIndex);
  const acc = createAccumulation(catIds.length);
  const scratch: Scratch = {
    dets: new Int32Array(256),
    rowMax: new Float64Array(256),
    ious: new Float64Array(4096),
    perm: new Int32Array(64),
    gtIg: new Uint8Array(64),
    gtCrowd: new Uint8Array(64),
    gtIdOk: new Uint8Array(64),
    gtMatched: new Uint8Array(64),
  };
  const gtCounts: number[] = [];
  for (let k = 0; k < catIds.length; k++) {
    const matches = matchCategory(k, imageKeys.length, gt, dt, scratch);
    gtCounts.push(matches.npig[0] ?? 0);
    accumulateCategory(acc, k, matches);
  }
  return summarizeCoco(acc, catIds, imageKeys.length, gtCounts);
}

function isColumns(d: readonly CocoDetection[] | CocoDetectionColumns): d is CocoDetectionColumns {
  return !Array.isArray(d);
}

/** Distinct image ids (or category ids) over both lists. */
function seen(input: CocoEvalInput, field: "imageId" | "categoryId"): Set<ImageKey> {
  const out = new Set<ImageKey>();
  for (const g of input.groundTruths) out.add(g[field]);
  const dets = input.detections;
  if (isColumns(dets)) for (const v of dets[field]) out.add(v);
  else for (const d of dets) out.add(d[field]);
  return out;
}
