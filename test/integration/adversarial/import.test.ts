import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Host } from "../../../src-main/host/create-host";
import type { Db } from "../../../src-main/store/db";
import { tempDir } from "../../helpers/temp";
import {
  canMkfifo, expectNamesFileAndProblem, expectStoredUnchanged, importJob, jpeg, mkfifo, openProject, pngDeclaring, reportOf, snapshot,
  withinLimit, write,
} from "./harness";

/**
 * Hostile datasets and images, imported through dispatch into an open project. A case is either REFUSED (the job
 * fails with an error naming the file and the problem; no table changes) or REPORTED (the import goes on, its report
 * names the file and the problem, and only the listed tables change: the import record, the data root, and the
 * good images of the case). Every case runs under the suite's time limit.
 */
type Outcome =
  | { refused: { file: string; problem: RegExp } }
  | { reported: { file: string; problem: RegExp }; stored?: Record<string, number> };

interface ImportCase {
  kind: "image" | "yolo" | "data.yaml" | "coco" | "voc" | "detect";
  name: string;
  /** Writes the input under `dir`; returns the path to import. */
  build(dir: string): Promise<string> | string;
  format?: "auto" | "yolo" | "coco" | "voc" | "folder";
  outcome: Outcome;
  fifo?: boolean;
}

const REPORTED_NOTHING_STORED = { imports: 1, data_roots: 1 };
const ONE_IMAGE = { imports: 1, data_roots: 1, images: 1 };

/** A YOLO dataset with one train image (fresh pixels) and the given data.yaml / label text. */
async function yolo(dir: string, opts: { yaml?: string; label?: string | null; seed?: number } = {}): Promise<string> {
  write(join(dir, "images", "train", "x.jpg"), await jpeg(opts.seed ?? 50));
  if (opts.label !== null && opts.label !== undefined) write(join(dir, "labels", "train", "x.txt"), opts.label);
  write(join(dir, "data.yaml"), opts.yaml ?? "train: images/train\nnames: [cat]\n");
  return dir;
}

/** A folder holding one hostile image file. */
function imageFolder(name: string, bytes: Buffer | string) {
  return (dir: string): string => {
    write(join(dir, name), bytes);
    return dir;
  };
}

/** A YOLO dataset whose train split is a list file naming `target` (made by `make`). */
function listing(name: string, make: (file: string) => void) {
  return (dir: string): string => {
    mkdirSync(dir, { recursive: true });
    make(join(dir, name));
    write(join(dir, "list.txt"), `${join(dir, name)}\n`);
    write(join(dir, "data.yaml"), "train: list.txt\nnames: [cat]\n");
    return dir;
  };
}

function bmpDeclaring(w: number, h: number): Buffer {
  const b = Buffer.alloc(58);
  b.write("BM", 0, "ascii");
  b.writeUInt32LE(58, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(w, 18);
  b.writeInt32LE(h, 22);
  return b;
}

function jpegDeclaring(w: number, h: number): Buffer {
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x0b, 0x08, h >> 8, h & 255, w >> 8, w & 255, 0x01, 0x01, 0x11, 0x00]);
  const sos = Buffer.from([0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), sof, sos, Buffer.from([0x12, 0x34, 0xff, 0xd9])]);
}

const coco = (over: Record<string, unknown>): string =>
  JSON.stringify({ images: [{ id: 1, file_name: "x.jpg", width: 32, height: 32 }], annotations: [], categories: [{ id: 1, name: "cat" }], ...over });

async function cocoSet(dir: string, json: string, seed = 60): Promise<string> {
  write(join(dir, "images", "x.jpg"), await jpeg(seed));
  write(join(dir, "annotations", "instances_train.json"), json);
  return dir;
}

const vocXml = (name: string, extra = ""): string =>
  `${extra}<annotation><filename>x.jpg</filename><size><width>32</width><height>32</height></size><object><name>${name}</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>9</xmax><ymax>9</ymax></bndbox></object></annotation>`;

async function vocSet(dir: string, xml: string, seed = 70): Promise<string> {
  write(join(dir, "JPEGImages", "x.jpg"), await jpeg(seed));
  write(join(dir, "Annotations", "x.xml"), xml);
  return dir;
}

const LOL = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;">\n]>\n`;
const ALIAS_BOMB = ["a: &a [x, x, x, x, x, x, x, x, x]", ..."bcdefg".split("").map((k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcdefg"[i]}`).join(", ")}]`), "train: images/train", "names: *g", ""].join("\n");

const CASES: ImportCase[] = [
  // images: each alone in an image folder; the import goes on and reports the file
  { kind: "image", name: "an empty file", build: imageFolder("empty.jpg", ""), format: "folder", outcome: { reported: { file: "empty.jpg", problem: /empty file/ } } },
  { kind: "image", name: "a JPEG cut short", build: async (d) => imageFolder("cut.jpg", (await jpeg(3)).subarray(0, 120))(d), format: "folder", outcome: { reported: { file: "cut.jpg", problem: /truncated JPEG|corrupt JPEG/ } } },
  { kind: "image", name: "a PNG without IEND", build: imageFolder("cut.png", pngDeclaring(10, 10).subarray(0, 40)), format: "folder", outcome: { reported: { file: "cut.png", problem: /truncated PNG/ } } },
  { kind: "image", name: "a 0.1 kB PNG declaring 60000×60000 (decompression bomb)", build: imageFolder("bomb.png", pngDeclaring(60000, 60000)), format: "folder", outcome: { reported: { file: "bomb.png", problem: /60000x60000 .*above Loupe's limit of 89\.5 megapixels/ } } },
  { kind: "image", name: "a BMP declaring 100000×100000", build: imageFolder("bomb.bmp", bmpDeclaring(100000, 100000)), format: "folder", outcome: { reported: { file: "bomb.bmp", problem: /above Loupe's limit/ } } },
  { kind: "image", name: "a JPEG declaring 65535×65535", build: imageFolder("bomb.jpg", jpegDeclaring(65535, 65535)), format: "folder", outcome: { reported: { file: "bomb.jpg", problem: /65535x65535 .*above Loupe's limit/ } } },
  { kind: "image", name: "text named .png", build: imageFolder("text.png", "hello, I am not a picture"), format: "folder", outcome: { reported: { file: "text.png", problem: /not a recognised image/ } } },
  { kind: "image", name: "a WebP whose RIFF size lies", build: imageFolder("lie.webp", Buffer.concat([Buffer.from("RIFF"), Buffer.from([0xff, 0xff, 0xff, 0x0f]), Buffer.from("WEBPVP8 ")])), format: "folder", outcome: { reported: { file: "lie.webp", problem: /truncated WebP/ } } },
  { kind: "image", name: "a TIFF whose IFD lies past the end", build: imageFolder("lie.tif", Buffer.from([0x49, 0x49, 0x2a, 0x00, 0xff, 0xff, 0x00, 0x00])), format: "folder", outcome: { reported: { file: "lie.tif", problem: /TIFF/ } } },
  { kind: "image", name: "a FIFO listed as an image", fifo: true, build: listing("pipe.jpg", mkfifo), format: "yolo", outcome: { reported: { file: "pipe.jpg", problem: /FIFO \(named pipe\), not a regular file/ } } },
  { kind: "image", name: "a folder listed as an image", build: listing("dir.jpg", (f) => mkdirSync(f)), format: "yolo", outcome: { reported: { file: "dir.jpg", problem: /a folder, not a regular file/ } } },
  { kind: "image", name: "a link to /dev/zero listed as an image", fifo: true, build: listing("zero.jpg", (f) => symlinkSync("/dev/zero", f)), format: "yolo", outcome: { reported: { file: "zero.jpg", problem: /character device, not a regular file/ } } },
  { kind: "image", name: "a symlink loop listed as an image", build: listing("loop.jpg", (f) => symlinkSync(f, f)), format: "yolo", outcome: { reported: { file: "loop.jpg", problem: /ELOOP/ } } },

  // data.yaml: refused as a whole
  { kind: "data.yaml", name: "a 43-byte yaml with class id 30000000", build: (d) => yolo(d, { yaml: "train: images/train\nnames: {0: cat, 30000000: dog}\n" }), outcome: { refused: { file: "data.yaml", problem: /class id 30000000 is out of range/ } } },
  { kind: "data.yaml", name: "names that are a list and a map", build: (d) => yolo(d, { yaml: "train: images/train\nnames: [[a, b], {x: 1}]\n" }), outcome: { refused: { file: "data.yaml", problem: /a class name must be text, found a list/ } } },
  { kind: "data.yaml", name: "a YAML alias bomb", build: (d) => yolo(d, { yaml: ALIAS_BOMB }), outcome: { refused: { file: "data.yaml", problem: /alias/ } } },
  { kind: "data.yaml", name: "nc of a billion", build: (d) => yolo(d, { yaml: "train: images/train\nnc: 1000000000\nnames: [cat]\n" }), outcome: { refused: { file: "data.yaml", problem: /nc must be a whole number from 0 to 10000/ } } },
  { kind: "data.yaml", name: "a class name with a newline", build: (d) => yolo(d, { yaml: 'train: images/train\nnames: ["a\\nb"]\n' }), outcome: { refused: { file: "data.yaml", problem: /control character/ } } },
  { kind: "data.yaml", name: "a list of 20001 names", build: (d) => yolo(d, { yaml: `train: images/train\nnames: [${Array.from({ length: 20001 }, (_, i) => `c${i}`).join(", ")}]\n` }), outcome: { refused: { file: "data.yaml", problem: /20001 classes, more than the 10000/ } } },
  { kind: "data.yaml", name: "a data.yaml that is a FIFO", fifo: true, build: (d) => (mkdirSync(d, { recursive: true }), mkfifo(join(d, "data.yaml")), join(d, "data.yaml")), format: "yolo", outcome: { refused: { file: "data.yaml", problem: /FIFO/ } } },
  { kind: "yolo", name: "an image list that is a FIFO", fifo: true, build: (d) => (mkdirSync(d, { recursive: true }), mkfifo(join(d, "list.txt")), write(join(d, "data.yaml"), "train: list.txt\nnames: [cat]\n"), d), outcome: { refused: { file: "list.txt", problem: /FIFO/ } } },

  // YOLO labels: the image imports unlabeled, the label file is named
  { kind: "yolo", name: "a label file that is a FIFO", fifo: true, build: async (d) => { await yolo(d, { seed: 51 }); mkdirSync(join(d, "labels", "train"), { recursive: true }); mkfifo(join(d, "labels", "train", "x.txt")); return d; }, outcome: { reported: { file: "x.txt", problem: /FIFO/ }, stored: ONE_IMAGE } },
  { kind: "yolo", name: "a class id of 99999999999", build: (d) => yolo(d, { seed: 52, label: "99999999999 0.5 0.5 0.1 0.1\n" }), outcome: { reported: { file: "x.txt", problem: /unknown class id 99999999999/ }, stored: ONE_IMAGE } },
  { kind: "yolo", name: "NaN and Infinity coordinates", build: (d) => yolo(d, { seed: 53, label: "0 nan 0.5 0.1 0.1\n0 0.5 Infinity 0.1 0.1\n" }), outcome: { reported: { file: "x.txt", problem: /is not a number: "nan"/ }, stored: ONE_IMAGE } },
  { kind: "yolo", name: "a box far outside the image", build: (d) => yolo(d, { seed: 54, label: "0 1e300 0.5 0.1 0.1\n" }), outcome: { reported: { file: "x.txt", problem: /outside the image/ }, stored: ONE_IMAGE } },

  // COCO
  { kind: "coco", name: "two annotations with one id", build: (d) => cocoSet(d, coco({ annotations: [1, 1].map((id) => ({ id, image_id: 1, category_id: 1, bbox: [1, 1, 5, 5] })) })), outcome: { reported: { file: "instances_train.json", problem: /annotation id 1 is already used by annotations\[0\]/ }, stored: { ...ONE_IMAGE, labels: 1, label_stats: 1, events: 0 } } },
  { kind: "coco", name: "a category name with a newline", build: (d) => cocoSet(d, coco({ categories: [{ id: 1, name: "ca\nt" }], annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [1, 1, 5, 5] }] }), 61), format: "coco", outcome: { reported: { file: "instances_train.json", problem: /control character/ }, stored: ONE_IMAGE } },
  { kind: "coco", name: "a category name that is an object", build: (d) => cocoSet(d, coco({ categories: [{ id: 1, name: { x: 1 } }] }), 62), format: "coco", outcome: { reported: { file: "instances_train.json", problem: /needs a numeric id and a name/ }, stored: ONE_IMAGE } },
  { kind: "coco", name: "a bbox of 1e308", build: (d) => cocoSet(d, coco({ annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 1e308, 1e308] }] }), 63), format: "coco", outcome: { reported: { file: "instances_train.json", problem: /outside the 32x32 image/ }, stored: ONE_IMAGE } },
  { kind: "coco", name: "JSON that is not JSON", build: (d) => cocoSet(d, '{"images": [') .then(() => join(d, "annotations", "instances_train.json")), format: "coco", outcome: { refused: { file: "instances_train.json", problem: /not valid JSON/ } } },
  { kind: "coco", name: "JSON nested 100000 deep", build: (d) => cocoSet(d, `${"[".repeat(100_000)}${"]".repeat(100_000)}`).then(() => join(d, "annotations", "instances_train.json")), format: "coco", outcome: { refused: { file: "instances_train.json", problem: /not valid JSON|not a COCO dataset/ } } },
  { kind: "coco", name: "a COCO file that is a FIFO", fifo: true, build: (d) => (mkdirSync(d, { recursive: true }), mkfifo(join(d, "x.json")), join(d, "x.json")), format: "coco", outcome: { refused: { file: "x.json", problem: /FIFO/ } } },

  // Pascal VOC
  { kind: "voc", name: "a billion-laughs entity expansion", build: (d) => vocSet(d, vocXml("&lol9;", LOL)), outcome: { reported: { file: "x.xml", problem: /DOCTYPE declaration/ }, stored: ONE_IMAGE } },
  { kind: "voc", name: "an undefined entity in a class name", build: (d) => vocSet(d, vocXml("&bogus;"), 71), outcome: { reported: { file: "x.xml", problem: /undefined XML entity &bogus;/ }, stored: ONE_IMAGE } },
  { kind: "voc", name: "a tab inside a class name", build: (d) => vocSet(d, vocXml("ca\tt"), 72), outcome: { reported: { file: "x.xml", problem: /control character/ }, stored: ONE_IMAGE } },
  { kind: "voc", name: "XML that is not well formed", build: (d) => vocSet(d, "<annotation><object></annotation>", 73), outcome: { reported: { file: "x.xml", problem: /not valid XML/ }, stored: ONE_IMAGE } },
  { kind: "voc", name: "XML nested 20000 deep", build: (d) => vocSet(d, `<annotation>${"<a>".repeat(20_000)}${"</a>".repeat(20_000)}</annotation>`, 74), outcome: { reported: { file: "x.xml", problem: /.+/ }, stored: ONE_IMAGE } },
  { kind: "voc", name: "an image set list that is a FIFO", fifo: true, build: async (d) => { await vocSet(d, vocXml("cat"), 75); mkdirSync(join(d, "ImageSets", "Main"), { recursive: true }); mkfifo(join(d, "ImageSets", "Main", "train.txt")); return d; }, outcome: { refused: { file: "train.txt", problem: /FIFO/ } } },

  // format detection by content
  { kind: "detect", name: "VOC XML in both a lower-case annotations/ and a COCO JSON", build: async (d) => { await vocSet(d, vocXml("cat"), 76); write(join(d, "annotations", "instances_val.json"), coco({})); return d; }, outcome: { refused: { file: "instances_val.json", problem: /both Pascal VOC annotations .* and COCO annotations .*choose the format/ } } },
];

let t: ReturnType<typeof tempDir>;
let host: Host;
let db: Db;
beforeAll(async () => {
  t = tempDir("loupe-adv-import-");
  ({ host, db } = await openProject(join(t.dir, "p")));
});
afterAll(async () => {
  await host.dispose();
  t.cleanup();
});

describe.each(["image", "data.yaml", "yolo", "coco", "voc", "detect"] as const)("hostile %s input", (kind) => {
  it.each(CASES.filter((c) => c.kind === kind).map((c, i) => [c.name, c, i] as const))("%s", async (name, c, i) => {
    if (c.fifo && !canMkfifo) return;
    const path = await c.build(join(t.dir, "cases", `${kind}-${i}`));
    const before = snapshot(db);
    const job = await withinLimit(importJob(host, path, c.format ?? "auto"), `importing ${name}`);
    const after = snapshot(db);
    if ("refused" in c.outcome) {
      expect(job.state, JSON.stringify(job.result)).toBe("failed");
      expectNamesFileAndProblem(job.error?.message, c.outcome.refused.file, c.outcome.refused.problem);
      expectStoredUnchanged(before, after);
    } else {
      const { file, problem } = c.outcome.reported;
      expect(job.error).toBeNull();
      const report = reportOf(job);
      const hit = report.issues.find((x) => x.severity === "error" && x.file.endsWith(file) && problem.test(x.message));
      expect(hit, JSON.stringify(report.issues)).toBeDefined();
      expect(hit?.message).not.toMatch(/internal error/);
      expectStoredUnchanged(before, after, c.outcome.stored ?? REPORTED_NOTHING_STORED);
    }
  });
});

describe("format detection reads content, not folder names", () => {
  it("takes a lower-case annotations/ folder of VOC XML (the raccoon layout) for VOC and imports its boxes", async () => {
    const dir = join(t.dir, "raccoon-like");
    write(join(dir, "images", "r1.jpg"), await jpeg(80));
    write(join(dir, "annotations", "r1.xml"), vocXml("cat").replace("x.jpg", "r1.jpg"));
    const before = snapshot(db);
    const job = await withinLimit(importJob(host, dir), "importing a raccoon-like folder");
    expect(job.error).toBeNull();
    expect(reportOf(job)).toMatchObject({ format: "voc", counts: { imported: 1, labeled: 1, labels: 1 } });
    expectStoredUnchanged(before, snapshot(db), { imports: 1, data_roots: 1, images: 1, labels: 1 });
  });

  it("takes a folder whose only JSON is not COCO (a package.json) for an image folder", async () => {
    const dir = join(t.dir, "not-coco");
    write(join(dir, "pic.jpg"), await jpeg(81));
    write(join(dir, "package.json"), '{"name": "x", "version": "1.0.0"}');
    const job = await withinLimit(importJob(host, dir), "importing a folder with package.json");
    expect(job.error).toBeNull();
    expect(reportOf(job)).toMatchObject({ format: "folder", counts: { imported: 1 } });
  });
});
