import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Host } from "../../src-main/host/create-host";
import type { Db } from "../../src-main/store/db";
import { rebuildPredictionPacks } from "../../src-main/store/prediction-packs";
import { ensureRoot } from "../../src-main/store/repos/roots-repo";
import { buildConvTestModel } from "../fixtures/onnx-builder";

export interface ScaleProject {
  dir: string;
  modelId: string;
  images: number;
  labels: number;
  predictions: number;
  /** Bytes of the database file (pages in use) before and after the predictions went in. */
  bytesBeforePredictions: number;
  bytesAfterPredictions: number;
  seconds: number;
}

export const SCALE_CLASSES = Array.from({ length: 10 }, (_, k) => `class${k}`);

const dbBytes = (db: Db): number => (db.pragma("page_count", { simple: true }) as number) * (db.pragma("page_size", { simple: true }) as number);

/**
 * A generated project at the size of a large field campaign, written by SQL inside SQLite (no JS round trip per
 * row): `images` images of 640×480 (10% val, 10% test, 20% train — those 40% labeled with `labels` boxes spread
 * evenly — and 60% unlabeled pool), 10 classes, and one registered model with `predictions` boxes spread evenly
 * over every image, each image marked predicted. Values are arithmetic in the row number, so every run is equal.
 */
export async function generateScaleProject(host: Host, parentDir: string, images: number, labels: number, predictions: number): Promise<ScaleProject> {
  const t0 = performance.now();
  const project = await host.call("projects", "create", { parentDir, name: `scale-${images}`, classes: SCALE_CLASSES });
  const modelFile = join(parentDir, "scale-model.onnx");
  writeFileSync(modelFile, buildConvTestModel({ sizePx: 64, classNames: SCALE_CLASSES, widths: [4, 4, 4] }));
  const model = await host.call("models", "add", { path: modelFile });
  const db = host.sessions.require().db;
  const root = ensureRoot(db, join(parentDir, "images"), 1);
  const classIds = (await host.call("classes", "list", {})).map((c) => c.id);
  const classCase = `CASE n % 10 ${classIds.map((id, k) => `WHEN ${k} THEN ${id}`).join(" ")} END`;
  const labeled = Math.ceil(images * 0.4);
  const perImage = Math.max(1, Math.round(labels / labeled));
  const predPerImage = Math.max(1, Math.round(predictions / images));
  db.transaction(() => {
    db.prepare(
      `WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ?)
       INSERT INTO images (id, root_id, rel_path, size_bytes, content_hash, width, height, split, status, created_at, updated_at)
       SELECT n, ?, printf('field/%07d.jpg', n), 150000 + n % 5000, printf('%064x', n), 640, 480,
         CASE (n - 1) % 10 WHEN 0 THEN 'val' WHEN 1 THEN 'test' WHEN 2 THEN 'train' WHEN 3 THEN 'train' ELSE 'pool' END,
         CASE WHEN (n - 1) % 10 < 4 THEN 'labeled' ELSE 'unlabeled' END, 1, 1 FROM s`,
    ).run(images, root.id);
    // (integers inlined: a bound JS number is a REAL, and n / 2.0 is no row number)
    // the k-th labeled image is n = (k / 4) * 10 + k % 4 + 1
    db.prepare(
      `WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < ? - 1)
       INSERT INTO labels (id, image_id, class_id, x, y, w, h, source, author, review_state, created_at, updated_at)
       SELECT printf('%08x-0000-4000-8000-%012x', n, n), ((n / ${perImage}) / 4) * 10 + (n / ${perImage}) % 4 + 1, ${classCase},
         (n * 37) % 560, (n * 53) % 400, 16 + (n * 7) % 64, 16 + (n * 11) % 64,
         CASE n % 3 WHEN 0 THEN 'manual' WHEN 1 THEN 'import' ELSE 'prediction' END, 'bench',
         CASE n % 4 WHEN 0 THEN 'approved' ELSE 'pending' END, 1, 1 FROM s`,
    ).run(perImage * labeled);
  })();
  const bytesBeforePredictions = dbBytes(db);
  db.transaction(() => {
    db.prepare(
      `WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < ? - 1)
       INSERT INTO predictions (model_id, image_id, class_index, score, x, y, w, h)
       SELECT ?, n / ${predPerImage} + 1, n % 10, ((n * 7919) % 1000) / 1000.0, (n * 41) % 560, (n * 43) % 400, 16 + (n * 13) % 64, 16 + (n * 17) % 64 FROM s`,
    ).run(predPerImage * images, model.id);
    db.prepare(
      `INSERT INTO prediction_status (model_id, image_id, state, conf_threshold, iou_threshold, max_detections, box_count, width, height, updated_at)
       SELECT ?, id, 'done', 0.001, 0.7, 300, ?, 640, 480, 1 FROM images`,
    ).run(model.id, predPerImage);
  })();
  // the rows went in by SQL: their per-image packs are written from them, as the repo writes them beside its rows
  rebuildPredictionPacks(db, model.id);
  db.pragma("wal_checkpoint(TRUNCATE)");
  return {
    dir: project.path,
    modelId: model.id,
    images,
    labels: perImage * labeled,
    predictions: predPerImage * images,
    bytesBeforePredictions,
    bytesAfterPredictions: dbBytes(db),
    seconds: (performance.now() - t0) / 1000,
  };
}
