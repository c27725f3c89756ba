import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateDemoDataset } from "../../../src-main/datasets/demo/generate";
import { runExport } from "../../../src-main/datasets/export/run-export";
import { planImport } from "../../../src-main/datasets/import/run";
import { isLoupeError } from "../../../src-main/errors";
import { tempDir } from "../../helpers/temp";
import { boxesByFile, count, importInto, openTempDb } from "./helpers";

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir()));
afterEach(() => t.cleanup());

const jpeg = (w: number, h: number, seed: number) =>
  sharp({ create: { width: w, height: h, channels: 3, background: { r: seed % 256, g: (seed * 7) % 256, b: 90 } } }).jpeg().toBuffer();

/** A 24-bit BMP of w × h (rows padded to 4 bytes). */
function bmp(w: number, h: number): Buffer {
  const row = Math.ceil((w * 3) / 4) * 4;
  const b = Buffer.alloc(54 + row * h, 0x80);
  b.write("BM", 0, "latin1");
  b.writeUInt32LE(b.length, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(w, 18);
  b.writeInt32LE(-h, 22); // top-down
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  return b;
}

/** A YOLO dataset with one of every kind of bad input beside good ones. */
async function messyYolo(root: string): Promise<void> {
  for (const d of ["images/train", "labels/train", "images/val", "labels/val"]) mkdirSync(join(root, d), { recursive: true });
  const good = await jpeg(200, 100, 1);
  writeFileSync(join(root, "images/train/good.jpg"), good);
  writeFileSync(join(root, "images/train/z-copy-of-good.jpg"), good);
  writeFileSync(join(root, "images/train/zero.jpg"), "");
  writeFileSync(join(root, "images/train/cut.jpg"), (await jpeg(64, 64, 2)).subarray(0, 200));
  writeFileSync(join(root, "images/train/cut-end.jpg"), good.subarray(0, good.length - 2));
  writeFileSync(join(root, "images/train/text.png"), "not an image at all");
  writeFileSync(join(root, "images/train/pic.bmp"), bmp(5, 3));
  writeFileSync(join(root, "images/train/pic.webp"), await sharp({ create: { width: 30, height: 20, channels: 3, background: "red" } }).webp().toBuffer());
  writeFileSync(join(root, "images/train/pic.tif"), await sharp({ create: { width: 33, height: 22, channels: 3, background: "blue" } }).tiff().toBuffer());
  writeFileSync(join(root, "images/val/rotated.jpg"), await sharp(await jpeg(40, 10, 3)).withMetadata({ orientation: 6 }).jpeg().toBuffer());
  writeFileSync(join(root, "images/val/blank.png"), await sharp({ create: { width: 16, height: 16, channels: 3, background: "white" } }).png().toBuffer());
  writeFileSync(join(root, "images/val/nolabel.png"), await sharp({ create: { width: 17, height: 16, channels: 3, background: "white" } }).png().toBuffer());
  writeFileSync(
    join(root, "labels/train/good.txt"),
    ["0 0.5 0.5 0.2 0.4", "1 0.5 0.5", "0 nan 0.5 0.1 0.1", "0 3.0 0.5 0.1 0.1", "1 0.998 0.5 0.01 0.2", "5 0.5 0.5 0.1 0.1", "0 0.5 0.5 0 0.1", ""].join("\n"),
  );
  writeFileSync(join(root, "labels/val/rotated.txt"), "1 0.5 0.5 0.5 0.5\n");
  writeFileSync(join(root, "labels/val/blank.txt"), "");
  writeFileSync(join(root, "data.yaml"), `path: ${root}\ntrain: images/train\nval: images/val\ntest: images/nowhere\nnames: [cat, dog]\n`);
}

describe("importing a YOLO dataset with bad input", () => {
  it("reports each bad file and line with its reason and imports the rest", async () => {
    const root = join(t.dir, "messy");
    await messyYolo(root);
    const db = openTempDb(t.dir);
    const r = await importInto(db, root, "auto");
    expect(r.format).toBe("yolo");
    expect(r.counts).toMatchObject({ found: 12, imported: 7, duplicates: 1, failed: 4, labeled: 2, empty: 1, unlabeled: 4, labels: 3 });
    const said = r.issues.map((i) => `${i.severity} ${i.file.slice(root.length + 1)}${i.line ? `:${i.line}` : ""} ${i.message}`);
    expect(said).toEqual([
      "error data.yaml images/nowhere: " + join(root, "images/nowhere") + " does not exist",
      "error images/train/cut-end.jpg truncated JPEG (no end-of-image marker); not imported",
      "error images/train/cut.jpg truncated JPEG (ends before the image data); not imported",
      "error labels/train/good.txt:2 expected 5 fields (class cx cy w h), found 3",
      "error labels/train/good.txt:3 field 2 is not a number: \"nan\"",
      "error labels/train/good.txt:4 box lies outside the image (corner 2.0500 beyond 0..1; more than 0.01 is rejected)",
      "error labels/train/good.txt:6 unknown class id 5 (data.yaml names 2 classes)",
      "error images/train/text.png not a recognised image (jpg, png, webp, bmp, tif); not imported",
      "error images/train/zero.jpg empty file (0 bytes); not imported",
      "warning labels/train/good.txt:5 box clipped to the image (a corner was 0.0030 beyond 0..1)",
      "warning labels/train/good.txt:7 zero-area box left out",
      "warning images/train/z-copy-of-good.jpg same content as " + join(root, "images/train/good.jpg") + " in this import; not imported twice",
    ]);
    const sizes = Object.fromEntries((db.prepare("SELECT rel_path AS rel, width, height, status, split FROM images").all() as { rel: string; width: number; height: number; status: string; split: string }[]).map((x) => [x.rel, `${x.width}x${x.height} ${x.status} ${x.split}`]));
    expect(sizes).toEqual({
      "images/train/good.jpg": "200x100 labeled train",
      "images/train/pic.bmp": "5x3 unlabeled train",
      "images/train/pic.tif": "33x22 unlabeled train",
      "images/train/pic.webp": "30x20 unlabeled train",
      "images/val/blank.png": "16x16 empty val",
      "images/val/nolabel.png": "17x16 unlabeled val",
      "images/val/rotated.jpg": "10x40 labeled val",
    });
    // The rotated image's label is relative to its EXIF-rotated size (10 × 40).
    expect(boxesByFile(db).get("rotated.jpg")).toEqual(["dog 2.5 10 5 20"]);
    // Line 5 (x 0.993..1.003) is clipped at the right edge: x 198.6, w 1.4; y 40, h 20 as written.
    const rounded = boxesByFile(db).get("good.jpg")?.map((b) => b.replace(/\d+\.\d+/g, (v) => String(Math.round(Number(v) * 1e9) / 1e9)));
    expect(rounded).toEqual(["cat 80 30 40 40", "dog 198.6 40 1.4 20"]);
  });

  it("fails the whole import with a file:line reason when data.yaml points nowhere", async () => {
    mkdirSync(join(t.dir, "ds"));
    writeFileSync(join(t.dir, "ds", "data.yaml"), "path: /nonexistent/ds\ntrain: images/train\nnames: [a]\n");
    const err = await planImport(join(t.dir, "ds"), "yolo").catch((e: unknown) => e);
    expect(isLoupeError(err, "E_DATASET_FORMAT")).toBe(true);
    expect((err as Error).message).toBe(`${join(t.dir, "ds", "data.yaml")}: images/train: ${join(t.dir, "ds", "images/train")} does not exist`);
  });

  it("reports COCO annotations pointing at missing images or categories and VOC boxes with xmax < xmin", async () => {
    const root = join(t.dir, "c");
    mkdirSync(join(root, "annotations"), { recursive: true });
    writeFileSync(join(root, "a.jpg"), await jpeg(50, 40, 4));
    writeFileSync(
      join(root, "annotations", "train.json"),
      JSON.stringify({
        images: [{ id: 1, file_name: "a.jpg", width: 50, height: 40 }, { id: 2, file_name: "gone.jpg", width: 5, height: 5 }],
        categories: [{ id: 1, name: "x" }],
        annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [1, 2, 3, 4] }, { id: 2, image_id: 9, category_id: 1, bbox: [1, 1, 1, 1] }, { id: 3, image_id: 1, category_id: 4, bbox: [1, 1, 1, 1] }],
      }),
    );
    const r = await importInto(openTempDb(t.dir), join(root, "annotations", "train.json"), "coco");
    expect(r.counts).toMatchObject({ imported: 1, labels: 1 });
    expect(r.bySplit.train).toBe(1);
    expect(r.issues.map((i) => i.message)).toEqual([
      "annotations[1] (id 2): image_id 9 is not among the images",
      `image gone.jpg (id 2) not found under ${root}`,
      "annotations[2] (id 3): category_id 4 is not among the categories; left out",
    ]);
    const v = join(t.dir, "v");
    mkdirSync(v);
    writeFileSync(join(v, "b.jpg"), await jpeg(50, 40, 5));
    writeFileSync(join(v, "b.xml"), "<annotation><filename>b.jpg</filename>\n<object><name>x</name><bndbox><xmin>30</xmin><ymin>1</ymin><xmax>10</xmax><ymax>5</ymax></bndbox></object></annotation>");
    const rv = await importInto(openTempDb(t.dir), v, "voc");
    expect(rv.issues).toEqual([{ file: join(v, "b.xml"), line: 2, severity: "error", message: "object 1 (x): xmax < xmin or ymax < ymin (30,1,10,5)" }]);
    expect(rv.counts).toMatchObject({ imported: 1, unlabeled: 1, labels: 0 });
  });
});

describe("data.yaml split entries", () => {
  it("reads a .txt list of image paths, a glob and a names map, with the yaml's folder as the default path", async () => {
    const root = join(t.dir, "ds");
    for (const d of ["images/a", "images/b", "labels/a"]) mkdirSync(join(root, d), { recursive: true });
    for (const n of ["a/1.jpg", "a/2.jpg", "b/3.jpg", "b/4.jpg"]) writeFileSync(join(root, "images", n), await jpeg(20, 10, n.length + Number(n[2])));
    writeFileSync(join(root, "labels/a/1.txt"), "1 0.5 0.5 0.5 0.5\n");
    writeFileSync(join(root, "train.txt"), "./images/a/1.jpg\nimages/a/2.jpg\nnotes.md\n");
    writeFileSync(join(root, "data.yaml"), "train: train.txt\nval: images/b/*.jpg\nnames:\n  0: crop\n  1: weed\n");
    const db = openTempDb(t.dir);
    const r = await importInto(db, root, "yolo");
    expect(r.bySplit).toEqual({ train: 2, val: 2, test: 0, pool: 0 });
    expect(r.issues).toEqual([{ file: join(root, "train.txt"), line: 3, severity: "error", message: "notes.md: not an image file name" }]);
    expect(boxesByFile(db).get("1.jpg")).toEqual(["weed 5 2.5 10 5"]);
  });
});

describe("importing again", () => {
  it("is idempotent: a second import of the same folder adds nothing and changes nothing", async () => {
    const ds = join(t.dir, "demo");
    await generateDemoDataset(ds, { images: 12, seed: 2, width: 96, height: 72 });
    const db = openTempDb(t.dir);
    const first = await importInto(db, ds);
    const labels = db.prepare("SELECT * FROM labels ORDER BY id").all();
    const images = db.prepare("SELECT * FROM images ORDER BY id").all();
    const again = await importInto(db, ds);
    expect(again.counts).toMatchObject({ found: 12, imported: 0, unchanged: 12, labels: 0 });
    expect(db.prepare("SELECT * FROM labels ORDER BY id").all()).toEqual(labels);
    expect(db.prepare("SELECT * FROM images ORDER BY id").all()).toEqual(images);
    expect(first.counts.imported).toBe(12);
  });

  it("re-links moved files to their new place instead of duplicating them", async () => {
    const ds = join(t.dir, "photos");
    mkdirSync(join(ds, "sub"), { recursive: true });
    for (let i = 0; i < 3; i++) writeFileSync(join(ds, "sub", `p${i}.jpg`), await jpeg(20, 10, 10 + i));
    const db = openTempDb(t.dir);
    await importInto(db, ds, "folder");
    const ids = db.prepare("SELECT id FROM images ORDER BY id").pluck().all();
    const moved = join(t.dir, "moved");
    renameSync(ds, moved);
    const r = await importInto(db, moved, "folder");
    expect(r.counts).toMatchObject({ found: 3, imported: 0, relinked: 3 });
    expect(db.prepare("SELECT id FROM images ORDER BY id").pluck().all()).toEqual(ids);
    const where = db.prepare("SELECT r.path || '/' || i.rel_path AS p FROM images i JOIN data_roots r ON r.id = i.root_id ORDER BY i.id").pluck().all();
    expect(where).toEqual([0, 1, 2].map((i) => join(moved, "sub", `p${i}.jpg`)));
  });

  it("names a file that changed since it was imported and keeps the old record", async () => {
    const ds = join(t.dir, "f");
    mkdirSync(ds);
    writeFileSync(join(ds, "a.jpg"), await jpeg(20, 10, 1));
    const db = openTempDb(t.dir);
    await importInto(db, ds, "folder");
    writeFileSync(join(ds, "a.jpg"), await jpeg(20, 10, 99));
    const r = await importInto(db, ds, "folder");
    expect(r.counts).toMatchObject({ failed: 1, imported: 0 });
    expect(r.issues[0]?.message).toBe("the file changed since it was imported (different content); the project keeps the old record");
    expect(count(db, "SELECT COUNT(*) AS n FROM images")).toBe(1);
  });

  it("commits whole batches only when cancelled: every stored image has its labels", async () => {
    const ds = join(t.dir, "demo");
    await generateDemoDataset(ds, { images: 30, seed: 4, width: 64, height: 48 });
    const db = openTempDb(t.dir);
    const controller = new AbortController();
    const err = await importInto(db, ds, "yolo", {
      batchSize: 4,
      concurrency: 1,
      signal: controller.signal,
      onProgress: (_p, done) => done === 6 && controller.abort(),
    }).catch((e: unknown) => e);
    expect(isLoupeError(err, "E_CANCELLED")).toBe(true);
    expect(count(db, "SELECT COUNT(*) AS n FROM images")).toBe(4);
    expect(count(db, "SELECT COUNT(*) AS n FROM images WHERE status = 'labeled' AND NOT EXISTS (SELECT 1 FROM labels l WHERE l.image_id = images.id)")).toBe(0);
  });
});

describe("YOLO → project → YOLO", () => {
  it("gives identical label lines for every image, and an empty file for a confirmed-empty one", async () => {
    const ds = join(t.dir, "demo");
    await generateDemoDataset(ds, { images: 40, seed: 11, width: 160, height: 120 });
    writeFileSync(join(ds, "labels", "train", readdirSync(join(ds, "labels", "train"))[0] as string), "");
    const db = openTempDb(t.dir);
    const r = await importInto(db, ds, "yolo");
    expect(r.counts.errors).toBe(0);
    const out = join(t.dir, "out");
    await runExport(db, { format: "yolo", outDir: out, filter: {}, link: false, loupeVersion: "t", now: () => 1 });
    let compared = 0;
    for (const split of ["train", "val", "test"]) {
      for (const f of readdirSync(join(ds, "labels", split))) {
        expect([split, f, readFileSync(join(out, "labels", split, f), "utf8")]).toEqual([split, f, readFileSync(join(ds, "labels", split, f), "utf8")]);
        compared++;
      }
    }
    expect(compared).toBe(16);
    expect(readFileSync(join(out, "data.yaml"), "utf8")).toBe(
      `path: ${JSON.stringify(out)}\ntrain: "images/train"\nval: "images/val"\ntest: "images/test"\nnc: 4\nnames:\n  0: "weed"\n  1: "stone"\n  2: "flower"\n  3: "tag"\n`,
    );
    copyFileSync(join(out, "data.yaml"), join(t.dir, "copy.yaml"));
    cpSync(out, join(t.dir, "again"), { recursive: true });
    const back = await importInto(openTempDb(t.dir), join(t.dir, "again"), "yolo");
    expect(back.counts).toMatchObject({ imported: 16, labels: r.counts.labels });
    expect(back.issues[0]?.message).toBeUndefined();
  });
});

describe("an export imported back without naming its format", () => {
  it("is read as what it is: the export's manifest.json (counts of images) is not taken for COCO annotations", async () => {
    const ds = join(t.dir, "demo");
    await generateDemoDataset(ds, { images: 12, seed: 3, width: 96, height: 72 });
    const db = openTempDb(t.dir);
    await importInto(db, ds, "yolo");
    for (const format of ["voc", "coco"] as const) {
      const out = join(t.dir, `out-${format}`);
      await runExport(db, { format, outDir: out, filter: {}, link: false, loupeVersion: "t", now: () => 1 });
      expect(readFileSync(join(out, "manifest.json"), "utf8")).toMatch(/"images": \d+/);
      expect((await planImport(out, "auto")).format).toBe(format);
    }
  });
});
