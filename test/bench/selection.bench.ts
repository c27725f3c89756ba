import type { Bench } from "./bench";
import { createRng } from "../../src-main/core/random";
import { selectHardExamples } from "../../src-main/core/selection/select";
import type { PoolPredictions, SelectionStrategy } from "../../src-main/core/selection/types";

/**
 * Hard-example selection over 100,000 pool images with 2,000,000 predicted boxes (10,000 / 200,000 in quick mode),
 * 8 classes, budget 500 with two class quotas. Goal: multi-factor ≤ 1 s. Baseline in the same run: the random
 * strategy on the same pool (indexing and picking without any scoring), reported as a ratio.
 */
function generatePool(images: number, boxesPerImage: number, seed: number): PoolPredictions {
  const rng = createRng(seed);
  const n = images * boxesPerImage;
  const pool: PoolPredictions = {
    imageIds: Array.from({ length: images }, (_, i) => i + 1),
    imageWidthPx: new Float64Array(images).fill(640),
    imageHeightPx: new Float64Array(images).fill(480),
    boxImage: new Int32Array(n),
    boxClass: new Int32Array(n),
    boxScore: new Float32Array(n),
    boxX: new Float32Array(n),
    boxY: new Float32Array(n),
    boxW: new Float32Array(n),
    boxH: new Float32Array(n),
  };
  for (let j = 0; j < n; j++) {
    pool.boxImage[j] = Math.floor(j / boxesPerImage);
    // Skewed classes: class 7 is rare.
    pool.boxClass[j] = Math.min(7, Math.floor(-Math.log(1 - rng.next()) * 2));
    pool.boxScore[j] = rng.next();
    const w = 4 + rng.int(300);
    const h = 4 + rng.int(300);
    pool.boxW[j] = w;
    pool.boxH[j] = h;
    pool.boxX[j] = rng.int(Math.max(1, 640 - w));
    pool.boxY[j] = rng.int(Math.max(1, 480 - h));
  }
  return pool;
}

export const bench: Bench = {
  name: "selection",
  async run(ctx) {
    const images = ctx.quick ? 10_000 : 100_000;
    const pool = generatePool(images, 20, 7);
    ctx.log(`${images} images, ${pool.boxImage.length} boxes, 8 classes, budget 500, quotas for classes 6 and 7`);
    const labelStats = { classCounts: [4000, 2500, 1200, 600, 300, 150, 60, 10], sizeCounts: [50, 900, 5000, 2900] };
    const options = { budget: 500, seed: 1, labelStats, quotas: [{ classId: 7, images: 20 }, { classId: 6, images: 20 }] };
    selectHardExamples(generatePool(1000, 20, 8), options); // warm-up
    const time = (strategy: SelectionStrategy): number => {
      const t0 = performance.now();
      const r = selectHardExamples(pool, { ...options, strategy });
      const s = (performance.now() - t0) / 1000;
      if (r.chosen.length !== 500) throw new Error(`${strategy} chose ${r.chosen.length}`);
      return s;
    };
    const random = time("random");
    ctx.report({ name: "random baseline", value: random * 1000, unit: "ms" });
    for (const strategy of ["least-confidence", "entropy", "margin"] as const) {
      ctx.report({ name: strategy, value: time(strategy) * 1000, unit: "ms" });
    }
    const multi = time("multi-factor");
    ctx.report({ name: "multi-factor", value: multi * 1000, unit: "ms", note: `${Math.round(images / multi)} images/s; goal ≤ 1000 ms at full size` });
    ctx.report({ name: "multi-factor / random", value: multi / random, unit: "×" });
  },
};
