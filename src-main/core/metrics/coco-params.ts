/**
 * pycocotools' bbox evaluation parameters (cocoeval.py `Params.setDetParams`), as the exact doubles numpy builds.
 */

/**
 * IoU thresholds .50:.05:.95 exactly as `np.linspace(.5, 0.95, 10)` produces them. Written out literally: JS
 * accumulation (`t += 0.05` → 0.7500000000000002) or `0.5 + 0.05 * i` (→ 0.8500000000000001) gives different
 * doubles, and an IoU landing exactly on a threshold would then flip between match and miss.
 */
export const COCO_IOU_THRESHOLDS: readonly number[] = Object.freeze([
  0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95,
]);

/**
 * The 101 recall points 0, .01, …, 1 as `np.linspace(0, 1, 101)` gives them: `i * 0.01` (not `i / 100`), the last
 * one set to exactly 1.
 */
export const COCO_RECALL_THRESHOLDS: readonly number[] = Object.freeze(
  Array.from({ length: 101 }, (_, i) => (i === 100 ? 1 : i * 0.01)),
);

/** Detections kept per image for the three recall settings (AR1, AR10, AR100); the last one bounds matching. */
export const COCO_MAX_DETS: readonly number[] = Object.freeze([1, 10, 100]);

export type CocoAreaLabel = "all" | "small" | "medium" | "large";

/**
 * Area ranges in square pixels, both bounds inclusive: an area of exactly 32² is small and medium at once.
 * "all" and "large" end at 1e5² = 1e10.
 */
export const COCO_AREA_RANGES: readonly { label: CocoAreaLabel; minPx2: number; maxPx2: number }[] = Object.freeze([
  { label: "all", minPx2: 0, maxPx2: 1e10 },
  { label: "small", minPx2: 0, maxPx2: 32 * 32 },
  { label: "medium", minPx2: 32 * 32, maxPx2: 96 * 96 },
  { label: "large", minPx2: 96 * 96, maxPx2: 1e10 },
]);

/** `np.spacing(1)`: added to the precision denominator by pycocotools' accumulate. */
export const NP_SPACING_1 = 2.220446049250313e-16;

/** The 12 summary numbers under stable names, in pycocotools' `stats` order. */
export const COCO_STAT_NAMES = [
  "AP",
  "AP50",
  "AP75",
  "APs",
  "APm",
  "APl",
  "AR1",
  "AR10",
  "AR100",
  "ARs",
  "ARm",
  "ARl",
] as const;

export type CocoStatName = (typeof COCO_STAT_NAMES)[number];
export type CocoStats = Record<CocoStatName, number>;
