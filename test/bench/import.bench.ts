import { randomUUID } from "node:crypto";
import { join } from "node:path";
import sharp from "sharp";
import type { Bench } from "./bench";
import { generateDemoDataset } from "../../src-main/datasets/demo/generate";
import { planImport } from "../../src-main/datasets/import/run";
import { runImport } from "../../src-main/datasets/import/run-import";
import { mapPool, probeImage } from "../../src-main/datasets/import/probe";
import { walkFiles } from "../../src-main/datasets/import/walk";
import { openDatabase } from "../../src-main/store/db";
import { createImportWriter } from "../../src-main/store/repos/datasets-repo";
import { ensureClass } from "../../src-main/store/repos/classes-repo";
import { ensureRoot } from "../../src-main/store/repos/roots-repo";

/**
 * Importing 5,000 generated images (a YOLO data set of the demo generator, 128×96 JPEGs; 500 in quick mode):
 * images/s of the whole import (walk, read, sha256, header, labels, SQLite) against reading the same files' headers
 * alone with sharp's metadata in the same run (goal: ≥ 2,000 images/s and ≥ 0.5 of the header-read rate), plus the
 * rate of inserting labels into SQLite in one transaction.
 */
export const bench: Bench = {
  name: "import",
  async run(ctx) {
    const n = ctx.quick ? 500 : 5000;
    const ds = join(ctx.tmpDir, "demo");
    let t0 = performance.now();
    const gen = await generateDemoDataset(ds, { images: n, seed: 1, width: 128, height: 96, quality: 80 });
    ctx.log(`generated ${n} images (${gen.objects} objects) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const files = await walkFiles(join(ds, "images"));

    t0 = performance.now();
    await mapPool(files, 8, (f) => sharp(f).metadata());
    const sharpRate = files.length / ((performance.now() - t0) / 1000);
    ctx.report({ name: "header read (sharp metadata, 8 in flight)", value: Math.round(sharpRate), unit: "images/s" });

    t0 = performance.now();
    await mapPool(files, 16, (f) => probeImage(f));
    const probeRate = files.length / ((performance.now() - t0) / 1000);
    ctx.report({ name: "read + sha256 + own header parse", value: Math.round(probeRate), unit: "images/s" });

    const db = openDatabase(join(ctx.tmpDir, "bench.sqlite"), { create: true });
    t0 = performance.now();
    const plan = await planImport(ds, "yolo");
    const report = await runImport(db, plan, ds, { seed: 1, actor: "bench", now: () => Date.now(), newId: randomUUID });
    const seconds = (performance.now() - t0) / 1000;
    const importRate = report.counts.imported / seconds;
    ctx.report({ name: "full import (YOLO, labels included)", value: Math.round(importRate), unit: "images/s", note: `${report.counts.imported} images, ${report.counts.labels} labels in ${seconds.toFixed(2)} s` });
    ctx.report({ name: "import vs sharp header read", value: importRate / sharpRate, unit: "ratio", note: "goal ≥ 0.5" });
    if (report.counts.imported !== n) throw new Error(`imported ${report.counts.imported} of ${n}`);

    const writer = createImportWriter(db);
    const labels = ctx.quick ? 20_000 : 200_000;
    const imageId = db.prepare("SELECT MIN(id) FROM images").pluck().get() as number;
    const cls = ensureClass(db, "bench", 0).id;
    ensureRoot(db, ds, 0);
    t0 = performance.now();
    db.transaction(() => {
      for (let i = 0; i < labels; i++) writer.insertLabel(imageId, { id: randomUUID(), classId: cls, x: i % 100, y: 1, w: 2, h: 3, flags: {} }, "import", "bench", 0);
    })();
    ctx.report({ name: "label insert (one transaction)", value: Math.round(labels / ((performance.now() - t0) / 1000)), unit: "labels/s" });
    db.close();
  },
};
