import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SelectionStrategyName } from "../../../src-preload/api";
import { labelStatsFromBoxes, labelStatsFromCounts, poolFromImages } from "../../../src-main/core/selection/pool";
import { selectHardExamples } from "../../../src-main/core/selection/select";
import { createRng } from "../../../src-main/core/random";
import { regionOfInterest } from "../../../src-main/evaluation/select-pool";
import type { Host } from "../../../src-main/host/create-host";
import { predictionReader, storePredictionSource } from "../../../src-main/inference/predictions";
import type { Db } from "../../../src-main/store/db";
import { listClasses } from "../../../src-main/store/repos/classes-repo";
import { countLabelsOfLabeledImages } from "../../../src-main/store/repos/labels-repo";
import { listDoneImageIds } from "../../../src-main/store/repos/predictions-repo";
import { listImagesInOpenTasks } from "../../../src-main/store/repos/selections-repo";
import { storeFakePredictions } from "../../helpers/project-fixture";
import { tempDir, testHost } from "../../helpers/temp";

let t: ReturnType<typeof tempDir>;
let host: Host;

beforeEach(() => {
  t = tempDir("loupe-select-one-pass-");
  host = testHost(t.dir).host;
});
afterEach(async () => {
  await host.dispose();
  t.cleanup();
});

/**
 * A small generated project: 120 unlabeled pool images (one a copy of a labelled image, two in an open batch, a few
 * never predicted), 40 labelled train and 10 val images with labels on box-size and cell borders, and a model whose
 * fourth class maps to no project class, with tied and very low scores.
 */
async function generatedProject(): Promise<{ db: Db; modelId: string }> {
  await host.call("projects", "create", { parentDir: t.dir, name: "gen", classes: ["a", "b", "c"] });
  const db = host.sessions.require().db;
  const rng = createRng(11);
  const root = Number(db.prepare("INSERT INTO data_roots (path, created_at) VALUES (?, 1)").run(t.dir).lastInsertRowid);
  const addImage = db.prepare(
    "INSERT INTO images (root_id, rel_path, size_bytes, content_hash, width, height, split, status, created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?, ?, ?, 1, 1)",
  );
  const classIds = listClasses(db).map((c) => c.id);
  const addLabel = db.prepare("INSERT INTO labels (id, image_id, class_id, x, y, w, h, source, author, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'manual', 't', 1, 1)");
  const labelled: number[] = [];
  db.transaction(() => {
    for (let k = 0; k < 50; k++) {
      const id = Number(addImage.run(root, `l${k}.jpg`, `hl${k}`, 300, 240, k < 40 ? "train" : "val", "labeled").lastInsertRowid);
      labelled.push(id);
      // areas 255/256/1024/9216 and centres on the thirds of a 300×240 image
      const boxes = [[0, 0, 16, 16], [84, 64, 32, 32], [102, 112, 96, 96], [-10, 70, 20, 20], [290, 230, 30, 30], [10, 10, 15.99, 16], [rng.int(280), rng.int(220), 1 + rng.int(60), 1 + rng.int(60)]];
      boxes.forEach(([x, y, w, h], j) => addLabel.run(`00000000-0000-4000-8000-${String(k * 10 + j).padStart(12, "0")}`, id, classIds[(k + j) % 3], x, y, w, h));
    }
    for (let k = 0; k < 120; k++) addImage.run(root, `p${k}.jpg`, k === 7 ? "hl3" : `hp${k}`, 640, 480, "pool", "unlabeled");
    // labels on an image not marked labeled count for no statistics
    const first = Number(db.prepare("SELECT id FROM images WHERE rel_path = 'p0.jpg'").pluck().get());
    addLabel.run("00000000-0000-4000-9000-000000000001", first, classIds[0], 10, 10, 50, 50);
    addLabel.run("00000000-0000-4000-9000-000000000002", first, classIds[1], 10, 10, 5, 5);
  })();
  const pool = db.prepare("SELECT id FROM images WHERE split = 'pool' ORDER BY id").pluck().all() as number[];
  const modelId = storeFakePredictions(
    host,
    ["a", "b", "c", "zebra"],
    pool.filter((_, k) => k % 17 !== 5).map((imageId) => ({
      imageId,
      boxes: Array.from({ length: rng.int(8) }, () => ({
        classIndex: rng.int(4),
        score: [0.5, 0.01, 0.049, 0.05, 0.97][rng.int(7)] ?? rng.next(),
        x: rng.int(600), y: rng.int(440), w: 2 + rng.int(200), h: 2 + rng.int(200),
      })),
    })),
  );
  await host.call("review", "createBatch", { name: "open", tasks: [{ imageId: pool[1]! }, { imageId: pool[2]! }] });
  return { db, modelId };
}

/** Selection as it was read before the one-pass reader: the pool image by image through the prediction reader. */
function selectImageByImage(db: Db, modelId: string, req: { strategy?: SelectionStrategyName; budget: number; seed: number; aggregation?: "max" | "mean" | "sum"; budgetUnit?: "images" | "boxes" }) {
  const read = predictionReader(db, modelId);
  const classes = listClasses(db);
  const indexOf = new Map(classes.map((c, i) => [c.id, i]));
  const all = db.prepare("SELECT id, width, height, content_hash AS hash, split, status FROM images ORDER BY id").all() as { id: number; width: number; height: number; hash: string; split: string; status: string }[];
  const done = listDoneImageIds(db, modelId);
  const open = listImagesInOpenTasks(db);
  const labelledHashes = new Set(all.filter((i) => i.status !== "unlabeled").map((i) => i.hash));
  const pool = all.filter((i) => i.split === "pool" && i.status === "unlabeled" && done.has(i.id) && !open.has(i.id) && !labelledHashes.has(i.hash));
  const images = pool.map((img) => ({
    imageId: img.id,
    widthPx: img.width,
    heightPx: img.height,
    preds: read(img.id).flatMap((p) => {
      const k = p.classId === null ? undefined : indexOf.get(p.classId);
      return k === undefined ? [] : [{ box: p.box, classId: k, score: p.score }];
    }),
  }));
  const labels = db.prepare("SELECT l.class_id AS classId, l.x, l.y, l.w, l.h, i.width, i.height FROM labels l JOIN images i ON i.id = l.image_id WHERE i.status = 'labeled'").all() as { classId: number; x: number; y: number; w: number; h: number; width: number; height: number }[];
  const labelStats = labelStatsFromBoxes(labels.map((l) => ({ classId: indexOf.get(l.classId) ?? -1, box: l, imageWidthPx: l.width, imageHeightPx: l.height })), classes.length);
  const result = selectHardExamples({ ...poolFromImages(images), contentHashes: pool.map((i) => i.hash) }, { ...req, quotas: [], labelStats, classNames: classes.map((c) => c.name) });
  return { result, roiOf: (imageId: number) => regionOfInterest(images.find((im) => im.imageId === imageId)) };
}

describe("selection reads the pool in one ordered pass", () => {
  it("counts label statistics inside SQLite exactly as from every label box", async () => {
    const { db } = await generatedProject();
    const indexOf = new Map(listClasses(db).map((c, i) => [c.id, i]));
    const labels = db.prepare("SELECT l.class_id AS classId, l.x, l.y, l.w, l.h, i.width, i.height FROM labels l JOIN images i ON i.id = l.image_id WHERE i.status = 'labeled'").all() as { classId: number; x: number; y: number; w: number; h: number; width: number; height: number }[];
    const fromBoxes = labelStatsFromBoxes(labels.map((l) => ({ classId: indexOf.get(l.classId) ?? -1, box: l, imageWidthPx: l.width, imageHeightPx: l.height })), 3);
    const counted = countLabelsOfLabeledImages(db);
    const fromCounts = labelStatsFromCounts({ ...counted, byClass: counted.byClass.map((c) => ({ classId: indexOf.get(c.classId) ?? -1, n: c.n })) }, 3);
    expect(fromCounts).toEqual(fromBoxes);
    // the border cases are really there: every size bucket and every cell has labels
    expect(fromBoxes.sizeCounts.every((n) => n > 0)).toBe(true);
    expect(fromBoxes.cellCounts.every((n) => n > 0)).toBe(true);
  });

  it("reads the selectable pool's boxes as each image's reader gives them, best first with ties by id", async () => {
    const { db, modelId } = await generatedProject();
    const { images, packs } = storePredictionSource(() => db).selectablePool(modelId, "pool");
    const read = predictionReader(db, modelId);
    const expected = images.flatMap((img) => read(img.id).map((p) => [img.id, p.classIndex, p.score, p.box.x, p.box.y, p.box.w, p.box.h]));
    const got = images.flatMap((img, i) => Array.from({ length: (packs[i]?.length ?? 0) / 6 }, (_, j) => [img.id, ...Array.from(packs[i]!.subarray(j * 6, j * 6 + 6))]));
    expect(got).toEqual(expected);
    // ties are there to be ordered
    expect(new Set(expected.map((r) => `${r[0]}:${r[2]}`)).size).toBeLessThan(expected.length);
  });

  it.each([
    { strategy: "multi-factor" as const, budget: 12, seed: 1 },
    { strategy: "entropy" as const, budget: 15, seed: 6, budgetUnit: "boxes" as const },
    { strategy: "least-confidence" as const, budget: 10, seed: 2, aggregation: "mean" as const },
    { strategy: "margin" as const, budget: 40, seed: 3, aggregation: "sum" as const, budgetUnit: "boxes" as const },
    { strategy: "random" as const, budget: 9, seed: 4 },
  ])("chooses what the image-by-image reading chose: $strategy, budget $budget", async (req) => {
    const { db, modelId } = await generatedProject();
    const before = selectImageByImage(db, modelId, req);
    const now = await host.call("selection", "run", { modelId, ...req, batchName: "round" });
    expect(now.poolSize).toBe(before.result.poolSize);
    expect(now.poolSize).toBe(120 - 7 - 2 - 1); // not predicted, in the open batch, a copy of a labelled image
    expect(now.predictedBoxes).toBe(before.result.predictedBoxes);
    expect(now.chosen.map((c) => [c.imageId, c.score, c.reasons, c.factors])).toEqual(before.result.chosen.map((c) => [c.imageId, c.score, c.reasons, c.factors]));
    const tasks = (await host.call("review", "tasks", { batchId: now.batch!.id })).items;
    expect(tasks.map((x) => x.roi)).toEqual(now.chosen.map((c) => before.roiOf(c.imageId)));
  });
});
