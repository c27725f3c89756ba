import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runExport } from "../../../src-main/datasets/export/run-export";
import { parseCoco } from "../../../src-main/datasets/parse/coco";
import { parseBoxCsv } from "../../../src-main/datasets/parse/csv";
import { parseVoc } from "../../../src-main/datasets/parse/voc";
import { tempDir } from "../../helpers/temp";
import { boxesByFile, count, DATA, importInto, openTempDb } from "./helpers";

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir()));
afterEach(() => t.cleanup());

const exportTo = (db: ReturnType<typeof openTempDb>, format: "yolo" | "coco" | "voc" | "csv", name: string) =>
  runExport(db, { format, outDir: join(t.dir, name), filter: {}, link: true, loupeVersion: "test", now: () => 1_800_000_000_000 });

/** Boxes of a folder of VOC XMLs as `file name → sorted "class x y w h"` (zero-area boxes are left out by the parser). */
function vocBoxes(dir: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".xml"))) {
    const v = parseVoc(readFileSync(join(dir, f), "utf8"), f).value;
    if (v.boxes.length) out.set(v.fileName as string, v.boxes.map((b) => `${b.className} ${b.box.x} ${b.box.y} ${b.box.w} ${b.box.h}`).sort());
  }
  return out;
}

describe("importing the raccoon set (VOC, greyscale JPEGs, foreign <path>)", () => {
  it("imports 196 images and 213 boxes, naming the 4 byte-identical duplicate photos instead of importing them twice", async () => {
    const db = openTempDb(t.dir);
    const r = await importInto(db, join(DATA, "raccoon"), "voc");
    expect(r.counts).toMatchObject({ found: 200, imported: 196, duplicates: 4, failed: 0, labeled: 196, labels: 213, errors: 0, warnings: 4 });
    expect(r.issues.map((i) => i.file.split("/").pop()).sort()).toEqual(["raccoon-116.jpg", "raccoon-74.jpg", "raccoon-83.jpg", "raccoon-98.jpg"]);
    expect(r.classesAdded).toEqual(["raccoon"]);
  });

  it("reads every image's size from its header exactly as sharp does (greyscale included)", async () => {
    const db = openTempDb(t.dir);
    await importInto(db, join(DATA, "raccoon"), "voc");
    const rows = db.prepare("SELECT rel_path AS rel, width, height FROM images").all() as { rel: string; width: number; height: number }[];
    for (const r of rows) {
      const m = await sharp(join(DATA, "raccoon", r.rel)).metadata();
      expect([r.rel, r.width, r.height]).toEqual([r.rel, m.autoOrient.width, m.autoOrient.height]);
    }
  });

  it("gives back the same boxes as the source XMLs after VOC → project → VOC, and they equal raccoon_labels.csv", async () => {
    const db = openTempDb(t.dir);
    await importInto(db, join(DATA, "raccoon"), "voc");
    await exportTo(db, "voc", "voc-out");
    const source = vocBoxes(join(DATA, "raccoon", "annotations"));
    const back = vocBoxes(join(t.dir, "voc-out", "Annotations"));
    expect(back.size).toBe(196);
    for (const [file, boxes] of back) expect([file, boxes]).toEqual([file, source.get(file)]);
    const csv = parseBoxCsv(readFileSync(join(DATA, "raccoon", "data", "raccoon_labels.csv"), "utf8"), "raccoon_labels.csv").value;
    const stored = boxesByFile(db);
    for (const rec of csv) {
      if (!stored.has(rec.fileName)) continue; // the 4 duplicates
      expect(rec.boxes.map((b) => `${b.className} ${b.box.x} ${b.box.y} ${b.box.w} ${b.box.h}`).sort()).toEqual(stored.get(rec.fileName));
    }
  });
});

describe("importing BCCD (VOC, 3 classes, ImageSets splits, two zero-area boxes)", () => {
  it("imports 364 images and 4,886 boxes, reports the two zero-area boxes by file and line, and keeps the upstream splits", async () => {
    const db = openTempDb(t.dir);
    const r = await importInto(db, join(DATA, "bccd", "BCCD"), "auto");
    expect(r.format).toBe("voc");
    expect(r.counts).toMatchObject({ found: 364, imported: 364, labeled: 364, labels: 4886, errors: 0, warnings: 2 });
    expect(r.issues).toEqual([
      { file: join(DATA, "bccd/BCCD/Annotations/BloodImage_00338.xml"), line: 158, severity: "warning", message: "object 13 (RBC): zero-area box (504,337,504,337) left out" },
      { file: join(DATA, "bccd/BCCD/Annotations/BloodImage_00343.xml"), line: 50, severity: "warning", message: "object 4 (RBC): zero-area box (181,329,181,329) left out" },
    ]);
    expect(r.bySplit).toEqual({ train: 205, val: 87, test: 72, pool: 0 });
    const perClass = db.prepare("SELECT c.name, COUNT(*) AS n FROM labels l JOIN classes c ON c.id = l.class_id GROUP BY c.name ORDER BY c.name").all();
    expect(perClass).toEqual([{ name: "Platelets", n: 361 }, { name: "RBC", n: 4153 }, { name: "WBC", n: 372 }]);
  });

  it("round-trips VOC → project → VOC with identical boxes and the same ImageSets", async () => {
    const db = openTempDb(t.dir);
    await importInto(db, join(DATA, "bccd", "BCCD"), "voc");
    await exportTo(db, "voc", "bccd-voc");
    expect(vocBoxes(join(t.dir, "bccd-voc", "Annotations"))).toEqual(vocBoxes(join(DATA, "bccd", "BCCD", "Annotations")));
    const list = (p: string) => readFileSync(p, "utf8").trim().split(/\r?\n/).map((s) => s.trim()).sort();
    for (const s of ["train", "val", "test"]) {
      expect(list(join(t.dir, "bccd-voc", "ImageSets", "Main", `${s}.txt`))).toEqual(list(join(DATA, "bccd", "BCCD", "ImageSets", "Main", `${s}.txt`)));
    }
  });
});

describe("BCCD through YOLO", () => {
  it("exports YOLO, re-imports it with boxes equal within the 6-decimal precision, and re-exports identical label files", async () => {
    const db = openTempDb(t.dir);
    await importInto(db, join(DATA, "bccd", "BCCD"), "voc");
    await exportTo(db, "yolo", "y1");
    const again = openTempDb(t.dir);
    const r = await importInto(again, join(t.dir, "y1"), "yolo");
    expect(r.counts).toMatchObject({ imported: 364, labels: 4886, errors: 0, warnings: 0 });
    expect(r.bySplit).toEqual({ train: 205, val: 87, test: 72, pool: 0 });
    const a = boxesByFile(db);
    const b = boxesByFile(again);
    let worst = 0;
    for (const [file, boxes] of a) {
      const other = (b.get(file) ?? []).map((x) => x.split(" "));
      const mine = boxes.map((x) => x.split(" "));
      // Sorted strings can pair boxes differently after tiny float changes: compare by nearest box instead.
      for (const m of mine) {
        const best = Math.min(...other.filter((o) => o[0] === m[0]).map((o) => Math.max(...[1, 2, 3, 4].map((k) => Math.abs(Number(o[k]) - Number(m[k]))))));
        worst = Math.max(worst, best);
      }
      expect(other).toHaveLength(mine.length);
    }
    expect(worst).toBeLessThanOrEqual(0.5e-6 * 640 * 2);
    await exportTo(again, "yolo", "y2");
    for (const split of ["train", "val", "test"]) {
      for (const f of readdirSync(join(t.dir, "y1", "labels", split))) {
        expect(readFileSync(join(t.dir, "y2", "labels", split, f), "utf8")).toBe(readFileSync(join(t.dir, "y1", "labels", split, f), "utf8"));
      }
    }
  });
});

describe("importing the review toy example (VOC and COCO of the same 12 photos)", () => {
  const toy = join(DATA, "odm-samples", "review-toyexample");

  it("reads the XML with no objects as confirmed empty and the two images without XML as unlabeled", async () => {
    const db = openTempDb(t.dir);
    const r = await importInto(db, toy, "voc");
    expect(r.counts).toMatchObject({ imported: 12, labeled: 9, empty: 1, unlabeled: 2, labels: 12, errors: 0, warnings: 0 });
    const status = Object.fromEntries((db.prepare("SELECT rel_path AS rel, status FROM images").all() as { rel: string; status: string }[]).map((x) => [x.rel, x.status]));
    expect(status["images/2007_000733.jpg"]).toBe("empty");
    expect([status["images/2010_003115.jpg"], status["images/2012_003445.jpg"]]).toEqual(["unlabeled", "unlabeled"]);
  });

  it("gets the same boxes from the COCO file as from the VOC files, and skips the detections JSON in a folder import", async () => {
    const voc = openTempDb(t.dir);
    await importInto(voc, toy, "voc");
    const coco = openTempDb(t.dir);
    const r = await importInto(coco, join(toy, "gts_coco_format", "toy_example_coco.JSON"), "auto");
    expect(r.counts).toMatchObject({ imported: 12, labeled: 9, empty: 1, unlabeled: 2, labels: 12 });
    expect(boxesByFile(coco)).toEqual(boxesByFile(voc));
    const folder = await importInto(openTempDb(t.dir), toy, "coco");
    expect(folder.issues).toContainEqual({ file: join(toy, "dets_coco_format", "coco_dets.json"), severity: "warning", message: "every annotation has a score: these are detections, not labels; skipped" });
  });

  it("round-trips COCO → project → COCO with the same boxes (within 1e-6 px), categories, and annotation ids from 1", async () => {
    const db = openTempDb(t.dir);
    const src = join(toy, "gts_coco_format", "toy_example_coco.JSON");
    await importInto(db, src, "coco", { split: "train" });
    await exportTo(db, "coco", "toy-coco");
    const original = parseCoco(readFileSync(src, "utf8"), src).value;
    const text = readFileSync(join(t.dir, "toy-coco", "annotations", "instances_train.json"), "utf8");
    const back = parseCoco(text, "back").value;
    expect(back.categories.map((c) => c.name)).toEqual(original.categories.map((c) => c.name));
    const byName = (d: typeof original) => new Map(d.images.map((i) => [i.fileName, i.boxes.map((b) => [b.className, b.box.x, b.box.y, b.box.w, b.box.h] as const)]));
    const a = byName(original);
    const b = byName(back);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [file, boxes] of a) {
      const got = b.get(file) ?? [];
      expect(got).toHaveLength(boxes.length);
      boxes.forEach((box, i) => {
        expect(got[i]?.[0]).toBe(box[0]);
        for (let k = 1; k < 5; k++) expect(Math.abs((got[i]?.[k] as number) - (box[k] as number))).toBeLessThanOrEqual(1e-6);
      });
    }
    const ids = (JSON.parse(text) as { annotations: { id: number }[] }).annotations.map((x) => x.id);
    expect(ids).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(count(db, "SELECT COUNT(*) AS n FROM exports")).toBe(1);
  });
});
