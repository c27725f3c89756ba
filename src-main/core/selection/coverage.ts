/**
 * Diversity by greedy coverage (the k-center greedy of Sener & Savarese, "Active Learning for Convolutional Neural
 * Networks: A Core-Set Approach", ICLR 2018): each pick is the pool image farthest from everything labelled or
 * already picked, over cheap image descriptors (a tiny colour thumbnail, values 0..1). Distances are Euclidean and
 * divided by √dim, so they are 0..1. Every pick can only shrink the other images' distances, so the lazy greedy of
 * `budget.ts` picks exactly what the plain k-center greedy would.
 *
 * `uncertainty-coverage` multiplies that distance by the image's entropy score: hard images that are also unlike
 * what is labelled (the hybrid that detection studies find more robust than either term alone).
 */
import type { Scorer } from "./budget";
import type { Descriptors } from "./types";

/**
 * Euclidean distance between row a of `x` and row b of `y`, divided by √dim (0..1 for values in 0..1).
 * @example descriptorDistance({ dim: 2, values: [0, 0] }, 0, { dim: 2, values: [1, 1] }, 0) // 1
 */
export function descriptorDistance(
  x: { dim: number; values: ArrayLike<number> },
  a: number,
  y: { dim: number; values: ArrayLike<number> },
  b: number,
): number {
  let s = 0;
  const d = x.dim;
  for (let k = 0; k < d; k++) {
    const v = (x.values[a * d + k] ?? 0) - (y.values[b * d + k] ?? 0);
    s += v * v;
  }
  return Math.sqrt(s / Math.max(1, d));
}

export interface CoverageScorer extends Scorer {
  /** Current distance 0..1 of image i to the nearest labelled or picked image (1 when nothing is labelled yet). */
  distance(i: number): number;
  /** Distance recorded when each image was picked. */
  readonly pickedDistance: Map<number, number>;
  /** Median distance of the pool before the round (for reasons). */
  readonly medianDistance: number;
}

/**
 * The coverage scorer. `weight(i)` (default 1) multiplies the distance: the entropy score for the hybrid.
 * @example createCoverageScorer(pool, labelled).score(0) // distance of image 0 to the nearest labelled image
 */
export function createCoverageScorer(
  pool: Descriptors,
  labelled: Descriptors | null,
  weight: (i: number) => number = () => 1,
): CoverageScorer {
  const n = Math.floor(pool.values.length / Math.max(1, pool.dim));
  const nearest = new Float64Array(n).fill(1);
  const nl = labelled === null ? 0 : Math.floor(labelled.values.length / Math.max(1, labelled.dim));
  for (let i = 0; i < n; i++) {
    let best = 1;
    for (let l = 0; l < nl; l++) {
      const d = descriptorDistance(pool, i, labelled as Descriptors, l);
      if (d < best) best = d;
    }
    nearest[i] = best;
  }
  const sorted = Float64Array.from(nearest).sort();
  const medianDistance = n === 0 ? 0 : n % 2 === 1 ? (sorted[(n - 1) / 2] ?? 0) : ((sorted[n / 2 - 1] ?? 0) + (sorted[n / 2] ?? 0)) / 2;
  const w = Float64Array.from({ length: n }, (_, i) => Math.max(0, weight(i)));
  const pickedDistance = new Map<number, number>();
  return {
    dynamic: true,
    medianDistance,
    pickedDistance,
    distance: (i) => nearest[i] ?? 0,
    score: (i) => (nearest[i] ?? 0) * (w[i] ?? 0),
    onPick(p) {
      pickedDistance.set(p, nearest[p] ?? 0);
      for (let i = 0; i < n; i++) {
        const d = descriptorDistance(pool, i, pool, p);
        if (d < (nearest[i] ?? 0)) nearest[i] = d;
      }
    },
  };
}
