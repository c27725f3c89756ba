import Database from "better-sqlite3";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { labelStatsFromBoxes } from "../../../src-main/core/selection/pool";
import { createRng } from "../../../src-main/core/random";
import { openDatabase } from "../../../src-main/store/db";
import { MIGRATIONS } from "../../../src-main/store/migrations/index";
import { packBoxes, unpack } from "../../../src-main/store/prediction-packs";
import { countLabelsOfLabeledImages } from "../../../src-main/store/repos/labels-repo";
import { listPredictions, writePredictionBatch } from "../../../src-main/store/repos/predictions-repo";
import { readSelectablePool } from "../../../src-main/store/repos/selections-repo";
import { tempDir } from "../../helpers/temp";

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir()));
afterEach(() => t.cleanup());

type Db = Database.Database;
let next = 0;
const addLabel = (db: Db, imageId: number, classId: number, [x, y, w, h]: readonly number[]) =>
  db.prepare("INSERT INTO labels (id, image_id, class_id, x, y, w, h, source, author, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'manual', 't', 1, 1)")
    .run(`00000000-0000-4000-8000-${String(next++).padStart(12, "0")}`, imageId, classId, x, y, w, h);

/** The statistics as a full scan of every label of a labeled image computes them (the core's own arithmetic). */
function scanned(db: Db) {
  const rows = db.prepare("SELECT l.class_id AS classId, l.x, l.y, l.w, l.h, i.width, i.height FROM labels l JOIN images i ON i.id = l.image_id WHERE i.status = 'labeled'").all() as {
    classId: number; x: number; y: number; w: number; h: number; width: number; height: number;
  }[];
  const s = labelStatsFromBoxes(rows.map((r) => ({ classId: r.classId - 1, box: r, imageWidthPx: r.width, imageHeightPx: r.height })), 3);
  return { byClass: s.classCounts.flatMap((n, k) => (n > 0 ? [{ classId: k + 1, n }] : [])), bySizeBucket: s.sizeCounts, byCell: s.cellCounts };
}

/** A schema-8 file (the one before selection columns): 3 classes, 6 images, labels and one model's predictions. */
function version8File(file: string): void {
  const raw = new Database(file);
  raw.pragma("foreign_keys = ON");
  for (const m of MIGRATIONS.filter((m) => m.version <= 8)) m.up(raw);
  raw.pragma("user_version = 8");
  for (const [k, name] of ["a", "b", "c"].entries()) raw.prepare("INSERT INTO classes (name, color, position, created_at) VALUES (?, '#000000', ?, 1)").run(name, k);
  raw.prepare("INSERT INTO data_roots (path, created_at) VALUES ('/data', 1)").run();
  for (let k = 1; k <= 6; k++) {
    raw.prepare("INSERT INTO images (root_id, rel_path, size_bytes, content_hash, width, height, split, status, created_at, updated_at) VALUES (1, ?, 1, ?, 300, 240, ?, ?, 1, 1)")
      .run(`${k}.jpg`, `h${k}`, k <= 3 ? "train" : "pool", k <= 3 ? "labeled" : "unlabeled");
  }
  // on the size buckets' and the cells' borders
  for (const [image, cls, box] of [[1, 1, [0, 0, 16, 16]], [1, 2, [84, 64, 32, 32]], [2, 2, [102, 112, 96, 96]], [2, 3, [290, 230, 30, 30]], [5, 1, [0, 0, 50, 50]]] as const) addLabel(raw, image, cls, box);
  raw.prepare("INSERT INTO models (id, name, file_name, sha256, size_bytes, layout, input_width, input_height, class_names, metadata, created_at) VALUES ('m', 'm', 'm.onnx', 'x', 1, 'yolov8', 64, 64, '[\"a\",\"b\",\"c\"]', '{}', 1)").run();
  const ins = raw.prepare("INSERT INTO predictions (model_id, image_id, class_index, score, x, y, w, h) VALUES ('m', ?, ?, ?, ?, ?, ?, ?)");
  for (const [image, cls, score] of [[4, 0, 0.3], [4, 1, 0.9], [4, 2, 0.3], [5, 0, 0.01], [6, 2, 0.7]] as const) ins.run(image, cls, score, image, cls, 10 + cls, 20);
  for (const [image, boxCount] of [[4, 3], [5, 1], [6, 1], [3, 0]] as const) {
    raw.prepare("INSERT INTO prediction_status (model_id, image_id, state, conf_threshold, iou_threshold, max_detections, box_count, width, height, updated_at) VALUES ('m', ?, 'done', 0.001, 0.7, 300, ?, 300, 240, 1)").run(image, boxCount);
  }
  raw.close();
}

describe("selection columns (migration 0009)", () => {
  it("packs the predictions already stored, best first with ties by id, and counts the labels of labeled images", () => {
    const file = join(t.dir, "p.sqlite");
    version8File(file);
    const db = openDatabase(file);
    const packOf = (image: number) => unpack(db.prepare("SELECT boxes FROM prediction_status WHERE model_id = 'm' AND image_id = ?").pluck().get(image) as Buffer);
    // image 4: the 0.9 box first, then the two 0.3 boxes in id order (classes 0 then 2)
    expect(Array.from(packOf(4))).toEqual([1, 0.9, 4, 1, 11, 20, 0, 0.3, 4, 0, 10, 20, 2, 0.3, 4, 2, 12, 20]);
    expect(packOf(3).length).toBe(0); // predicted, no box
    const pool = readSelectablePool(db, "m", "pool");
    expect(pool.images.map((i) => i.id)).toEqual([4, 5, 6]);
    expect(pool.packs.map((p) => Array.from(p).filter((_, k) => k % 6 === 1))).toEqual([[0.9, 0.3, 0.3], [0.01], [0.7]]); // scores, best first
    expect(countLabelsOfLabeledImages(db)).toEqual(scanned(db));
    // area 256 is small, 255 would be tiny; the 300×240 image's thirds put (100, 80) in the centre cell
    expect(countLabelsOfLabeledImages(db).bySizeBucket).toEqual([0, 2, 1, 1]);
    db.close();
  });

  it("keeps the label statistics equal to a full scan through inserts, edits, deletes, status and size changes and cascades", () => {
    const file = join(t.dir, "p.sqlite");
    version8File(file);
    const db = openDatabase(file);
    const rng = createRng(5);
    const box = () => [rng.int(320) - 10, rng.int(260) - 10, rng.int(120), rng.int(120)];
    const labelIds = () => db.prepare("SELECT id FROM labels ORDER BY id").pluck().all() as string[];
    const imageIds = () => db.prepare("SELECT id FROM images ORDER BY id").pluck().all() as number[];
    const pick = <T>(xs: readonly T[]): T | undefined => xs[rng.int(xs.length)];
    let deletedImages = 0;
    let mostCounted = 0;
    for (let step = 0; step < 400; step++) {
      const op = rng.int(9);
      const image = pick(imageIds());
      const label = pick(labelIds());
      if (op <= 2 && image !== undefined) addLabel(db, image, 1 + rng.int(3), box());
      else if (op === 3 && label) db.prepare("DELETE FROM labels WHERE id = ?").run(label);
      else if (op === 4 && label) db.prepare("UPDATE labels SET x = ?, y = ?, w = ?, h = ? WHERE id = ?").run(...box(), label);
      else if (op === 5 && label) db.prepare("UPDATE labels SET class_id = ? WHERE id = ?").run(1 + rng.int(3), label);
      else if (op === 6 && image !== undefined) db.prepare("UPDATE images SET status = ? WHERE id = ?").run(pick(["labeled", "unlabeled", "empty"]), image);
      else if (op === 7 && image !== undefined) db.prepare("UPDATE images SET width = ?, height = ? WHERE id = ?").run(100 + rng.int(400), 100 + rng.int(400), image);
      else if (op === 8 && image !== undefined && rng.int(10) === 0) {
        db.prepare("DELETE FROM images WHERE id = ?").run(image); // its labels go by cascade
        deletedImages++;
      } else if (op === 8) {
        // many rows in one statement, and an edit that rolls back
        db.prepare("UPDATE images SET status = 'labeled' WHERE id % 2 = 0").run();
        expect(() => db.transaction(() => {
          db.prepare("UPDATE labels SET w = w + 40").run();
          throw new Error("abort");
        })()).toThrow("abort");
      }
      if (imageIds().length < 4) {
        db.prepare("INSERT INTO images (root_id, rel_path, size_bytes, content_hash, width, height, split, status, created_at, updated_at) VALUES (1, ?, 1, ?, 300, 240, 'train', 'labeled', 1, 1)").run(`n${step}.jpg`, `n${step}`);
      }
      const now = scanned(db);
      expect(countLabelsOfLabeledImages(db), `after step ${step} (operation ${op})`).toEqual(now);
      mostCounted = Math.max(mostCounted, now.bySizeBucket.reduce((a, b) => a + b, 0));
    }
    // the sequence did meet each kind of change
    expect(deletedImages).toBeGreaterThan(0);
    expect(mostCounted).toBeGreaterThan(10);
    db.close();
  });

  it("writes each image's pack with its rows, and replaces or drops it with them", () => {
    const file = join(t.dir, "p.sqlite");
    version8File(file);
    const db = openDatabase(file);
    const settings = { confThreshold: 0.001, iouThreshold: 0.7, maxDetections: 300 };
    const boxes = [{ classIndex: 0, score: 0.2, x: 1, y: 2, w: 3, h: 4 }, { classIndex: 2, score: 0.8, x: 5, y: 6, w: 7, h: 8 }, { classIndex: 1, score: 0.2, x: 9, y: 9, w: 9, h: 9 }];
    writePredictionBatch(db, "m", settings, [{ imageId: 4, ok: true, widthPx: 300, heightPx: 240, boxes }], 2);
    const pack = () => db.prepare("SELECT boxes FROM prediction_status WHERE model_id = 'm' AND image_id = 4").pluck().get() as Buffer | null;
    const fromRows = listPredictions(db, "m", 4).map((p) => [p.classIndex, p.score, p.x, p.y, p.w, p.h]).flat();
    expect(Array.from(unpack(pack()!))).toEqual(fromRows);
    expect(Array.from(unpack(pack()!)).slice(0, 2)).toEqual([2, 0.8]);
    writePredictionBatch(db, "m", settings, [{ imageId: 4, ok: false, error: { code: "E_IO", message: "unreadable" } }], 3);
    expect(pack()).toBeNull();
    expect(readSelectablePool(db, "m", "pool").images.map((i) => i.id)).toEqual([5, 6]); // a failed image is not selectable
    db.close();
  });

  it("reads a damaged or stale pack from the image's rows instead, which the pack only mirrors", () => {
    const file = join(t.dir, "p.sqlite");
    version8File(file);
    const db = openDatabase(file);
    const intact = readSelectablePool(db, "m", "pool").packs.map((p) => Array.from(p));
    db.prepare("UPDATE prediction_status SET boxes = randomblob(47) WHERE model_id = 'm' AND image_id = 4").run(); // not whole boxes
    db.prepare("UPDATE prediction_status SET boxes = X'' WHERE model_id = 'm' AND image_id = 6").run(); // one box short
    expect(readSelectablePool(db, "m", "pool").packs.map((p) => Array.from(p))).toEqual(intact);
    expect(intact.map((p) => p.length / 6)).toEqual([3, 1, 1]);
    db.close();
  });

  it("refuses a blob that is not a whole number of boxes", () => {
    expect(() => unpack(new Uint8Array(47))).toThrow(/47 bytes/);
    expect(unpack(packBoxes([])).length).toBe(0);
  });
});
