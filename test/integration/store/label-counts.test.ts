import Database from "better-sqlite3";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../../src-main/store/db";
import { MIGRATIONS } from "../../../src-main/store/migrations/index";
import { countLabelsByClass } from "../../../src-main/store/repos/labels-repo";
import { tempDir } from "../../helpers/temp";

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir()));
afterEach(() => t.cleanup());

type Db = Database.Database;
const counted = (db: Db) => db.prepare("SELECT class_id AS classId, COUNT(*) AS count FROM labels GROUP BY class_id ORDER BY class_id").all();
let next = 0;
const addLabel = (db: Db, imageId: number, classId: number) =>
  db.prepare("INSERT INTO labels (id, image_id, class_id, x, y, w, h, source, author, created_at, updated_at) VALUES (?, ?, ?, 0, 0, 1, 1, 'manual', 't', 1, 1)")
    .run(`00000000-0000-4000-8000-${String(next++).padStart(12, "0")}`, imageId, classId);

/** A schema-7 file (the one before label counts) with 3 classes, 2 images and 5 labels. */
function version7File(file: string): void {
  const raw = new Database(file);
  for (const m of MIGRATIONS.filter((m) => m.version <= 7)) m.up(raw);
  raw.pragma("user_version = 7");
  for (const [k, name] of ["a", "b", "c"].entries()) raw.prepare("INSERT INTO classes (name, color, position, created_at) VALUES (?, '#000000', ?, 1)").run(name, k);
  raw.prepare("INSERT INTO data_roots (path, created_at) VALUES ('/data', 1)").run();
  for (const rel of ["1.jpg", "2.jpg"]) raw.prepare("INSERT INTO images (root_id, rel_path, size_bytes, content_hash, width, height, split, created_at, updated_at) VALUES (1, ?, 1, ?, 10, 10, 'train', 1, 1)").run(rel, rel);
  for (const [image, cls] of [[1, 1], [1, 1], [1, 2], [2, 2], [2, 3]] as const) addLabel(raw, image, cls);
  raw.close();
}

describe("labels per class", () => {
  it("start from the labels already stored and follow every insert, delete, cascade and class change", () => {
    const file = join(t.dir, "p.sqlite");
    version7File(file);
    const db = openDatabase(file);
    expect(countLabelsByClass(db)).toEqual([{ classId: 1, count: 2 }, { classId: 2, count: 2 }, { classId: 3, count: 1 }]);
    addLabel(db, 2, 1);
    db.prepare("UPDATE labels SET class_id = 3 WHERE image_id = 1 AND class_id = 2").run();
    db.prepare("UPDATE labels SET x = 5 WHERE class_id = 3").run(); // not a class change
    expect(countLabelsByClass(db)).toEqual(counted(db));
    db.prepare("DELETE FROM images WHERE id = 1").run(); // its labels go by cascade
    expect(countLabelsByClass(db)).toEqual(counted(db));
    expect(countLabelsByClass(db)).toEqual([{ classId: 1, count: 1 }, { classId: 2, count: 1 }, { classId: 3, count: 1 }]);
    // a rolled-back edit leaves the counts as they were
    expect(() => db.transaction(() => {
      addLabel(db, 2, 2);
      throw new Error("abort");
    })()).toThrow("abort");
    db.prepare("DELETE FROM labels WHERE class_id = 2").run();
    expect(countLabelsByClass(db)).toEqual([{ classId: 1, count: 1 }, { classId: 3, count: 1 }]);
    db.close();
  });
});
