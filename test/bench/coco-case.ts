import { writeFileSync } from "node:fs";
import { createRng } from "../../src-main/core/random";
import type { CocoDetection, CocoGroundTruth } from "../../src-main/core/metrics/coco-eval";

/**
 * The generated COCO case shared by the eval benchmarks: `images` images of 640×480 with ≈20 GT boxes (10 classes,
 * 1% crowd) and ≈100 detections each (60% jittered copies of a GT, some with the wrong class, the rest random).
 * Seeded, so every run and every tool sees the same numbers.
 */
export function generate(images: number, seed: number): { gts: CocoGroundTruth[]; dts: CocoDetection[] } {
  const rng = createRng(seed);
  const gts: CocoGroundTruth[] = [];
  const dts: CocoDetection[] = [];
  let id = 1;
  for (let i = 1; i <= images; i++) {
    const nGt = 15 + rng.int(11);
    const mine: CocoGroundTruth[] = [];
    for (let g = 0; g < nGt; g++) {
      const w = 8 + rng.int(200);
      const h = 8 + rng.int(200);
      const gt: CocoGroundTruth = {
        id: id++,
        imageId: i,
        categoryId: 1 + rng.int(10),
        bbox: [rng.int(640 - w), rng.int(480 - h), w, h],
        isCrowd: rng.next() < 0.01,
      };
      mine.push(gt);
      gts.push(gt);
    }
    const nDt = 90 + rng.int(21);
    for (let d = 0; d < nDt; d++) {
      const score = Math.round(rng.next() * 1000) / 1000;
      const g = mine[rng.int(mine.length)];
      if (g !== undefined && rng.next() < 0.6) {
        const [x, y, w, h] = g.bbox;
        const j = (v: number): number => v + (rng.next() - 0.5) * 0.3 * Math.min(w, h);
        const categoryId = rng.next() < 0.85 ? g.categoryId : 1 + rng.int(10);
        dts.push({ imageId: i, categoryId, bbox: [j(x), j(y), Math.max(1, j(w)), Math.max(1, j(h))], score });
      } else {
        const w = 8 + rng.int(200);
        const h = 8 + rng.int(200);
        dts.push({ imageId: i, categoryId: 1 + rng.int(10), bbox: [rng.int(640 - w), rng.int(480 - h), w, h], score });
      }
    }
  }
  return { gts, dts };
}

/** Writes the case as a COCO instances file and a COCO results list (what pycocotools and `loupe eval` read). */
export function writeCocoFiles(images: number, gts: readonly CocoGroundTruth[], dts: readonly CocoDetection[], gtFile: string, dtFile: string): void {
  writeFileSync(gtFile, JSON.stringify({
    images: Array.from({ length: images }, (_, i) => ({ id: i + 1, width: 640, height: 480 })),
    categories: Array.from({ length: 10 }, (_, k) => ({ id: k + 1, name: `c${k + 1}` })),
    annotations: gts.map((g) => ({ id: g.id, image_id: g.imageId, category_id: g.categoryId, bbox: g.bbox, area: g.bbox[2] * g.bbox[3], iscrowd: g.isCrowd ? 1 : 0 })),
  }));
  writeFileSync(dtFile, JSON.stringify(dts.map((d) => ({ image_id: d.imageId, category_id: d.categoryId, bbox: d.bbox, score: d.score }))));
}
