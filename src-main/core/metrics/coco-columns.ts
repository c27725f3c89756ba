/**
 * Column storage for the COCO evaluator: ground truths or detections copied into typed arrays and grouped by
 * (category, image) bucket with a stable counting sort, so matching reads contiguous numbers instead of objects.
 */
import type { CocoDetection, CocoGroundTruth, ImageKey } from "./coco-eval";
import type { CocoDetectionColumns } from "./coco-results-scan";

export interface Columns {
  n: number;
  x: Float64Array;
  y: Float64Array;
  w: Float64Array;
  h: Float64Array;
  /** Area used for the ranges. */
  area: Float64Array;
  /** GT: crowd flag; detections: unused. */
  crowd: Uint8Array;
  /** GT: id is non-zero. */
  idOk: Uint8Array;
  score: Float64Array;
  /** Start of each (category, image) bucket in `order`; bucket = k * I + i. */
  start: Int32Array;
  /** Entry indices grouped by bucket, input order kept within a bucket. */
  order: Int32Array;
}

/**
 * Copies entries into columns and groups them by bucket `k * I + i` (category index k, image index i); entries
 * whose image or category is not evaluated are dropped. GT area defaults to w·h; a GT id of 0 is remembered.
 * @example buildColumns(gts, true, new Map([[1, 0]]), new Map([[7, 0]])).start // Int32Array [0, gts.length]
 */
export function buildColumns(
  items: readonly (CocoGroundTruth | CocoDetection)[],
  isGt: boolean,
  imageIndex: ReadonlyMap<ImageKey, number>,
  catIndex: ReadonlyMap<number, number>,
): Columns {
  const n = items.length;
  const I = imageIndex.size;
  const cols: Columns = {
    n,
    x: new Float64Array(n),
    y: new Float64Array(n),
    w: new Float64Array(n),
    h: new Float64Array(n),
    area: new Float64Array(n),
    crowd: new Uint8Array(n),
    idOk: new Uint8Array(n),
    score: new Float64Array(n),
    start: new Int32Array(catIndex.size * I + 1),
    order: new Int32Array(0),
  };
  const bucket = new Int32Array(n);
  const count = new Int32Array(catIndex.size * I + 1);
  let kept = 0;
  for (let j = 0; j < n; j++) {
    const it = items[j] as CocoGroundTruth & CocoDetection;
    const i = imageIndex.get(it.imageId);
    const k = catIndex.get(it.categoryId);
    if (i === undefined || k === undefined) {
      bucket[j] = -1;
      continue;
    }
    const b = k * I + i;
    bucket[j] = b;
    count[b + 1] = (count[b + 1] ?? 0) + 1;
    kept++;
    const bb = it.bbox;
    const x = bb[0];
    const y = bb[1];
    const w = bb[2];
    const h = bb[3];
    cols.x[j] = x;
    cols.y[j] = y;
    cols.w[j] = w;
    cols.h[j] = h;
    if (isGt) {
      cols.area[j] = it.area ?? w * h;
      cols.crowd[j] = it.isCrowd === true ? 1 : 0;
      cols.idOk[j] = it.id === 0 ? 0 : 1;
    } else {
      cols.area[j] = w * h;
      cols.score[j] = it.score;
    }
  }
  groupByBucket(cols, bucket, count, kept);
  return cols;
}

/**
 * Same as `buildColumns` for detections that are already columns (a results file read by `scanCocoResults`): the
 * coordinate and score arrays are used as they are, no copy.
 */
export function buildDetectionColumns(
  raw: CocoDetectionColumns,
  imageIndex: ReadonlyMap<ImageKey, number>,
  catIndex: ReadonlyMap<number, number>,
): Columns {
  const n = raw.n;
  const I = imageIndex.size;
  const cols: Columns = {
    n,
    x: raw.x,
    y: raw.y,
    w: raw.w,
    h: raw.h,
    area: new Float64Array(n),
    crowd: new Uint8Array(n),
    idOk: new Uint8Array(n),
    score: raw.score,
    start: new Int32Array(catIndex.size * I + 1),
    order: new Int32Array(0),
  };
  const bucket = new Int32Array(n);
  const count = new Int32Array(catIndex.size * I + 1);
  let kept = 0;
  for (let j = 0; j < n; j++) {
    const i = imageIndex.get(raw.imageId[j] ?? NaN);
    const k = catIndex.get(raw.categoryId[j] ?? NaN);
    if (i === undefined || k === undefined) {
      bucket[j] = -1;
      continue;
    }
    const b = k * I + i;
    bucket[j] = b;
    count[b + 1] = (count[b + 1] ?? 0) + 1;
    kept++;
    cols.area[j] = (raw.w[j] ?? 0) * (raw.h[j] ?? 0);
  }
  groupByBucket(cols, bucket, count, kept);
  return cols;
}

/** Fills `start` and `order` from each entry's bucket (-1: dropped) and the bucket counts at `count[b + 1]`. */
function groupByBucket(cols: Columns, bucket: Int32Array, count: Int32Array, kept: number): void {
  const n = bucket.length;
  for (let b = 1; b < count.length; b++) count[b] = (count[b] ?? 0) + (count[b - 1] ?? 0);
  cols.start.set(count);
  const order = new Int32Array(kept);
  const fill = count.slice(0, count.length - 1);
  for (let j = 0; j < n; j++) {
    const b = bucket[j] ?? -1;
    if (b < 0) continue;
    order[fill[b] ?? 0] = j;
    fill[b] = (fill[b] ?? 0) + 1;
  }
  cols.order = order;
}
