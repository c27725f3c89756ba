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
  for (let j = 0; j < n; j++) {
    const it = items[j] as CocoGroundTruth & CocoDetection;
    const b = bucketOf(imageIndex, catIndex, it.imageId, it.categoryId);
    bucket[j] = b;
    if (b < 0) continue;
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
  groupByBucket(cols, bucket);
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
  for (let j = 0; j < n; j++) {
    const b = bucketOf(imageIndex, catIndex, raw.imageId[j] ?? NaN, raw.categoryId[j] ?? NaN);
    bucket[j] = b;
    if (b >= 0) cols.area[j] = (raw.w[j] ?? 0) * (raw.h[j] ?? 0);
  }
  groupByBucket(cols, bucket);
  return cols;
}

/** Bucket `k * I + i` of an entry (category index k, image index i of I), or -1 when either is not evaluated. */
function bucketOf(imageIndex: ReadonlyMap<ImageKey, number>, catIndex: ReadonlyMap<number, number>, imageId: ImageKey, categoryId: number): number {
  const i = imageIndex.get(imageId);
  const k = catIndex.get(categoryId);
  return i === undefined || k === undefined ? -1 : k * imageIndex.size + i;
}

/** Fills `start` and `order` (a stable counting sort) from each entry's bucket; -1 marks a dropped entry. */
function groupByBucket(cols: Columns, bucket: Int32Array): void {
  const n = bucket.length;
  const count = cols.start;
  for (let j = 0; j < n; j++) {
    const b = bucket[j] ?? -1;
    if (b >= 0) count[b + 1] = (count[b + 1] ?? 0) + 1;
  }
  for (let b = 1; b < count.length; b++) count[b] = (count[b] ?? 0) + (count[b - 1] ?? 0);
  const order = new Int32Array(count[count.length - 1] ?? 0);
  const fill = count.slice(0, count.length - 1);
  for (let j = 0; j < n; j++) {
    const b = bucket[j] ?? -1;
    if (b < 0) continue;
    order[fill[b] ?? 0] = j;
    fill[b] = (fill[b] ?? 0) + 1;
  }
  cols.order = order;
}
