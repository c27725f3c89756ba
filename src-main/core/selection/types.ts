/**
 * Shapes for hard-example selection. The pool's predictions are columnar (one typed array per field, one row per
 * box) so 2,000,000 boxes cost no per-box objects; `poolFromImages` builds it from plain objects for small cases.
 */

/** Cheap image descriptors, row-major, one row of `dim` values 0..1 per image. */
export interface Descriptors {
  dim: number;
  values: Float32Array | Float64Array;
}

/** Predicted boxes as columns, one row per box: box j belongs to image `boxImage[j]` (0-based pool index). */
export interface PredictedBoxes {
  boxImage: Int32Array;
  boxClass: Int32Array;
  /** Confidence 0..1 of the box's class. */
  boxScore: Float32Array | Float64Array;
  /** Box in image pixels: top-left x, y and size w, h. */
  boxX: Float32Array | Float64Array;
  boxY: Float32Array | Float64Array;
  boxW: Float32Array | Float64Array;
  boxH: Float32Array | Float64Array;
}

/** Predictions on the unlabeled pool. Box j belongs to image `boxImage[j]` (0-based index into `imageIds`). */
export interface PoolPredictions extends PredictedBoxes {
  imageIds: readonly (string | number)[];
  /** Image sizes in pixels (needed by the spatial factor; without them it is 0). */
  imageWidthPx?: ArrayLike<number>;
  imageHeightPx?: ArrayLike<number>;
  /**
   * Optional full class-score vector per box (row-major `[box * classCount + c]`, each 0..1), from non-NMS exports;
   * entropy and margin use it when present.
   */
  classScores?: { classCount: number; values: Float32Array | Float64Array };
  /**
   * Predictions of the same model on transformed copies of each image (flip, scale), already mapped back to the
   * original image's pixels; localization stability compares them with the boxes above.
   */
  augmented?: readonly AugmentedPredictions[];
  /** Cheap image descriptors, one row per image (values 0..1): coverage and near-duplicate detection use them. */
  descriptors?: Descriptors;
  /** Content hash per image: images with one hash never fill one budget twice. */
  contentHashes?: readonly (string | null)[];
}

/**
 * One image's boxes packed as six float64 per box — model class index, confidence 0..1, x, y, w, h (image pixels,
 * top-left and size) — best first: confidence descending, ties in the order the model gave them. The project stores
 * each predicted image's boxes in this form beside its rows, so a pool is read as one row per image.
 */
export const PACK_FIELDS = 6;

/** One augmentation's predictions, in the original image's pixels, indexed like the pool's boxes. */
export interface AugmentedPredictions extends PredictedBoxes {
  /** What was done to the image ("hflip", "scale 0.75"), for reasons. */
  name: string;
}

/** What is already labelled (counts per class id, per size bucket tiny/small/medium/large, per 3×3 cell). */
export interface LabelStats {
  classCounts: ArrayLike<number>;
  /** Labels per size bucket [tiny, small, medium, large]. */
  sizeCounts?: ArrayLike<number>;
  /** Labels per 3×3 cell of box centres, row-major from top-left. */
  cellCounts?: ArrayLike<number>;
}

export type SelectionStrategy =
  | "multi-factor"
  | "random"
  | "least-confidence"
  | "entropy"
  | "margin"
  | "localization-stability"
  | "coverage"
  | "uncertainty-coverage";

/** Strategies that need the pool's descriptors (and the labelled images' ones). */
export const DESCRIPTOR_STRATEGIES: readonly SelectionStrategy[] = ["coverage", "uncertainty-coverage"];
/** Strategies that need predictions on augmented images. */
export const AUGMENTED_STRATEGIES: readonly SelectionStrategy[] = ["localization-stability"];

/**
 * The strategy the loop, `loupe select`, `selection.run` and `selectHardExamples` use when none is named, chosen from `npm run bench --
 * learning` (README "Simulate"): on the demo and on BCCD, 3 seeds each, entropy was the one strategy that reached
 * random's final mAP50-95 in every seed, with fewer labels (0.98 × and 0.67 × random's), at random's area under the
 * curve; multi-factor missed it in 2 of 6 seeds and spread five times as wide on BCCD.
 */
export const DEFAULT_SELECTION_STRATEGY: SelectionStrategy = "entropy";

/** How box-level values make an image score: max (default), mean, or sum (divided by the pool's largest sum). */
export type Aggregation = "max" | "mean" | "sum";

export type FactorName = "classBalance" | "sizeDiversity" | "spatialDiversity" | "uncertainty";

export type FactorWeights = Record<FactorName, number>;

export const DEFAULT_FACTOR_WEIGHTS: FactorWeights = {
  classBalance: 0.3,
  sizeDiversity: 0.3,
  spatialDiversity: 0.2,
  uncertainty: 0.2,
};

export interface SelectionOptions {
  /** DEFAULT_SELECTION_STRATEGY when not given. */
  strategy?: SelectionStrategy;
  /** Images to choose this round (≥ 0). */
  budget: number;
  /** Seed for ties and the random baseline: the same seed and input give the same choice. */
  seed: number;
  /** Multi-factor weights (any non-negative numbers; divided by their sum). */
  weights?: Partial<FactorWeights>;
  aggregation?: Aggregation;
  /** Boxes under this confidence are ignored (0..1); default 0.05. */
  minScore?: number;
  /** At least `images` chosen images must contain a box of `classId`, when the pool has them. */
  quotas?: readonly { classId: number; images: number }[];
  labelStats?: LabelStats;
  /** Names by class id for reasons; default "class <id>". */
  classNames?: readonly string[];
  /** Descriptors of the labelled images (same dim as the pool's): coverage measures distance to them. */
  labelledDescriptors?: Descriptors;
  /** Near-duplicate distance on descriptors (0 turns it off); default NEAR_DUPLICATE_DISTANCE. */
  duplicateDistance?: number;
  /**
   * What the budget counts: images (default) or boxes — the predicted boxes of the chosen images (an image without
   * predictions counts as 1), so crowded images do not get a free ride.
   */
  budgetUnit?: "images" | "boxes";
}

export interface FactorPart {
  /** The factor's value 0..1. */
  value: number;
  /** Its normalised weight 0..1. */
  weight: number;
  /** value × weight: its share of the score. */
  part: number;
}

export interface SelectedImage {
  /** 1-based order of choice. */
  rank: number;
  imageIndex: number;
  imageId: string | number;
  /** Score 0..1 when chosen (multi-factor: after the diversity updates of earlier picks). */
  score: number;
  /** Multi-factor parts; null for baselines. */
  factors: Record<FactorName, FactorPart> | null;
  reasons: string[];
  /** Pool images left out because they duplicate this one (indices into the pool). */
  duplicates: number[];
}

export interface SelectionResult {
  strategy: SelectionStrategy;
  aggregation: Aggregation;
  seed: number;
  budget: number;
  poolSize: number;
  chosen: SelectedImage[];
  /** Quotas the pool could not fill: class, wanted, got. */
  quotaShortfalls: { classId: number; wanted: number; got: number }[];
  budgetUnit: "images" | "boxes";
  /** Predicted boxes in the chosen images. */
  predictedBoxes: number;
}
