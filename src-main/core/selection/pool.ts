/**
 * Pool indexing shared by the strategies: boxes grouped by image (CSR offsets), filtered by confidence.
 */
import type { GtBox, PredBox } from "../match/types";
import { PACK_FIELDS, type PoolPredictions } from "./types";

export interface PoolIndex {
  imageCount: number;
  /** Boxes of image i are `order[start[i]] … order[start[i + 1] - 1]`, input order kept. */
  start: Int32Array;
  order: Int32Array;
}

/**
 * Groups the boxes with score ≥ `minScore` by image (a stable counting sort, O(boxes)).
 * @example indexPool(pool, 0.05).start[1] // number of kept boxes of image 0
 */
export function indexPool(pool: PoolPredictions, minScore: number): PoolIndex {
  const n = pool.imageIds.length;
  const start = new Int32Array(n + 1);
  const boxes = pool.boxImage.length;
  for (let j = 0; j < boxes; j++) {
    const i = pool.boxImage[j] ?? -1;
    if (i >= 0 && i < n && (pool.boxScore[j] ?? 0) >= minScore) start[i + 1] = (start[i + 1] ?? 0) + 1;
  }
  for (let i = 0; i < n; i++) start[i + 1] = (start[i + 1] ?? 0) + (start[i] ?? 0);
  const fill = start.slice(0, n);
  const order = new Int32Array(start[n] ?? 0);
  for (let j = 0; j < boxes; j++) {
    const i = pool.boxImage[j] ?? -1;
    if (i >= 0 && i < n && (pool.boxScore[j] ?? 0) >= minScore) {
      order[fill[i] ?? 0] = j;
      fill[i] = (fill[i] ?? 0) + 1;
    }
  }
  return { imageCount: n, start, order };
}

/**
 * Builds the columnar pool from per-image prediction lists (convenient for tests and small pools).
 * @example poolFromImages([{ imageId: "a", widthPx: 640, heightPx: 480, preds: [] }]).imageIds // ["a"]
 */
export function poolFromImages(
  images: readonly { imageId: string | number; widthPx?: number; heightPx?: number; preds: readonly PredBox[] }[],
): PoolPredictions {
  const total = images.reduce((s, im) => s + im.preds.length, 0);
  const pool: PoolPredictions = {
    imageIds: images.map((im) => im.imageId),
    imageWidthPx: Float64Array.from(images, (im) => im.widthPx ?? NaN),
    imageHeightPx: Float64Array.from(images, (im) => im.heightPx ?? NaN),
    boxImage: new Int32Array(total),
    boxClass: new Int32Array(total),
    boxScore: new Float64Array(total),
    boxX: new Float64Array(total),
    boxY: new Float64Array(total),
    boxW: new Float64Array(total),
    boxH: new Float64Array(total),
  };
  let j = 0;
  images.forEach((im, i) => {
    for (const p of im.preds) {
      pool.boxImage[j] = i;
      pool.boxClass[j] = p.classId;
      pool.boxScore[j] = p.score;
      pool.boxX[j] = p.box.x;
      pool.boxY[j] = p.box.y;
      pool.boxW[j] = p.box.w;
      pool.boxH[j] = p.box.h;
      j++;
    }
  });
  return pool;
}

/**
 * The selector's pool straight from each image's packed boxes (see PACK_FIELDS; best first), in one pass: boxes under
 * `minScore` and boxes whose model class maps to no project class (`denseClass[c] < 0`) are left out. `packs[i]`
 * belongs to image i.
 * @example poolFromPacks({ imageIds: [7], widthPx: [100], heightPx: [80] }, [Float64Array.of(0, 0.9, 1, 2, 3, 4, 1, 0.01, 0, 0, 1, 1)], [0, 1], 0.05).boxScore // Float64Array [0.9]
 */
export function poolFromPacks(
  images: { imageIds: readonly number[]; widthPx: ArrayLike<number>; heightPx: ArrayLike<number> },
  packs: readonly Float64Array[],
  denseClass: ArrayLike<number>,
  minScore: number,
): PoolPredictions {
  let n = 0;
  for (const p of packs) n += p.length / PACK_FIELDS;
  const boxImage = new Int32Array(n);
  const boxClass = new Int32Array(n);
  const boxScore = new Float64Array(n);
  const boxX = new Float64Array(n);
  const boxY = new Float64Array(n);
  const boxW = new Float64Array(n);
  const boxH = new Float64Array(n);
  let kept = 0;
  packs.forEach((p, i) => {
    for (let o = 0; o < p.length; o += PACK_FIELDS) {
      const score = p[o + 1] ?? 0;
      if (score < minScore) break; // best first: the rest are lower
      const c = denseClass[p[o] ?? -1] ?? -1;
      if (c < 0) continue;
      boxImage[kept] = i;
      boxClass[kept] = c;
      boxScore[kept] = score;
      boxX[kept] = p[o + 2] ?? 0;
      boxY[kept] = p[o + 3] ?? 0;
      boxW[kept] = p[o + 4] ?? 0;
      boxH[kept] = p[o + 5] ?? 0;
      kept++;
    }
  });
  return {
    imageIds: images.imageIds,
    imageWidthPx: Float64Array.from(images.widthPx),
    imageHeightPx: Float64Array.from(images.heightPx),
    boxImage: boxImage.subarray(0, kept),
    boxClass: boxClass.subarray(0, kept),
    boxScore: boxScore.subarray(0, kept),
    boxX: boxX.subarray(0, kept),
    boxY: boxY.subarray(0, kept),
    boxW: boxW.subarray(0, kept),
    boxH: boxH.subarray(0, kept),
  };
}

/**
 * Label statistics (class, size-bucket and 3×3-cell counts) from labelled boxes.
 * @example labelStatsFromBoxes([{ classId: 1, box: { x: 0, y: 0, w: 10, h: 10 } }], 2).classCounts // [0, 1]
 */
export function labelStatsFromBoxes(
  labels: readonly (GtBox & { imageWidthPx?: number; imageHeightPx?: number })[],
  classCount: number,
): { classCounts: number[]; sizeCounts: number[]; cellCounts: number[] } {
  const classCounts = new Array<number>(classCount).fill(0);
  const sizeCounts = [0, 0, 0, 0];
  const cellCounts = new Array<number>(9).fill(0);
  for (const l of labels) {
    if (l.classId >= 0 && l.classId < classCount) classCounts[l.classId] = (classCounts[l.classId] ?? 0) + 1;
    const b = sizeBucketIndex(l.box.w * l.box.h);
    sizeCounts[b] = (sizeCounts[b] ?? 0) + 1;
    const c = cellIndex(l.box.x + l.box.w / 2, l.box.y + l.box.h / 2, l.imageWidthPx ?? NaN, l.imageHeightPx ?? NaN);
    if (c >= 0) cellCounts[c] = (cellCounts[c] ?? 0) + 1;
  }
  return { classCounts, sizeCounts, cellCounts };
}

/**
 * Label statistics from counts made where the labels are stored: per dense class position, per size bucket (see
 * `sizeBucketIndex`) and per 3×3 cell (see `cellIndex`). Classes outside 0..classCount-1 are not counted.
 * @example labelStatsFromCounts({ byClass: [{ classId: 1, n: 3 }], bySizeBucket: [3, 0, 0, 0], byCell: [3, 0, 0, 0, 0, 0, 0, 0, 0] }, 2).classCounts // [0, 3]
 */
export function labelStatsFromCounts(
  counts: { byClass: readonly { classId: number; n: number }[]; bySizeBucket: readonly number[]; byCell: readonly number[] },
  classCount: number,
): { classCounts: number[]; sizeCounts: number[]; cellCounts: number[] } {
  const classCounts = new Array<number>(classCount).fill(0);
  for (const c of counts.byClass) if (c.classId >= 0 && c.classId < classCount) classCounts[c.classId] = (classCounts[c.classId] ?? 0) + c.n;
  return {
    classCounts,
    sizeCounts: [0, 1, 2, 3].map((k) => counts.bySizeBucket[k] ?? 0),
    cellCounts: Array.from({ length: 9 }, (_, k) => counts.byCell[k] ?? 0),
  };
}

/**
 * Size bucket index of an area in px²: 0 tiny (< 16²), 1 small (< 32²), 2 medium (< 96²), 3 large.
 * @example sizeBucketIndex(400) // 1
 */
export function sizeBucketIndex(areaPx2: number): number {
  return areaPx2 < 256 ? 0 : areaPx2 < 1024 ? 1 : areaPx2 < 9216 ? 2 : 3;
}

/**
 * 3×3 cell (0..8, row-major from top-left) of a point in an image of the given size; -1 without a size.
 * @example cellIndex(320, 240, 640, 480) // 4 (centre)
 */
export function cellIndex(cx: number, cy: number, widthPx: number, heightPx: number): number {
  if (!(widthPx > 0) || !(heightPx > 0)) return -1;
  const col = Math.min(2, Math.max(0, Math.floor((cx / widthPx) * 3)));
  const row = Math.min(2, Math.max(0, Math.floor((cy / heightPx) * 3)));
  return row * 3 + col;
}
