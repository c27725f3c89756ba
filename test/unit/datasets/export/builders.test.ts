import { describe, expect, it } from "vitest";
import type { ClassInfo } from "../../../../src-preload/api";
import { buildCocoExport } from "../../../../src-main/datasets/export/builders/coco";
import { buildCsvExport } from "../../../../src-main/datasets/export/builders/csv";
import { exportFileNames, safeFileName, type ExportImage, type ExportSet } from "../../../../src-main/datasets/export/builders/types";
import { buildVocExport } from "../../../../src-main/datasets/export/builders/voc";
import { buildYoloExport } from "../../../../src-main/datasets/export/builders/yolo";
import { buildManifest } from "../../../../src-main/datasets/export/manifest";

const classes: ClassInfo[] = [
  { id: 7, name: "cat", color: "#000000", position: 0 },
  { id: 3, name: "dog", color: "#000000", position: 1 },
];
const image = (over: Partial<ExportImage>): ExportImage => ({
  id: 1, fileName: "a.jpg", split: "train", width: 200, height: 100, status: "labeled", contentHash: "h1", sourcePath: "/src/a.jpg", labels: [], ...over,
});
const set: ExportSet = {
  classes,
  images: [
    image({ labels: [{ classId: 3, box: { x: 80, y: 30, w: 40, h: 40 }, flags: {} }, { classId: 7, box: { x: 0.5, y: 0, w: 10.25, h: 5 }, flags: { difficult: true, iscrowd: true } }] }),
    image({ id: 2, fileName: "b.png", split: "val", status: "empty", contentHash: "h2", sourcePath: "/src/sub/b.png" }),
    image({ id: 3, fileName: "A.JPG", split: "val", contentHash: "h3", sourcePath: "/other/A.JPG", labels: [{ classId: 7, box: { x: 10, y: 10, w: 20, h: 20 }, flags: { truncated: true } }] }),
  ],
};

describe("the YOLO export builder", () => {
  it("writes images, label lines (an empty file for a confirmed-empty image) and data.yaml, byte for byte", () => {
    expect(buildYoloExport(set, { targetDir: "/out/x" })).toEqual([
      { relativePath: "images/train/1_a.jpg", sourceFile: "/src/a.jpg", contentHash: "h1" },
      { relativePath: "labels/train/1_a.txt", contents: "1 0.500000 0.500000 0.200000 0.400000\n0 0.028125 0.025000 0.051250 0.050000\n" },
      { relativePath: "images/val/b.png", sourceFile: "/src/sub/b.png", contentHash: "h2" },
      { relativePath: "labels/val/b.txt", contents: "" },
      { relativePath: "images/val/3_A.JPG", sourceFile: "/other/A.JPG", contentHash: "h3" },
      { relativePath: "labels/val/3_A.txt", contents: "0 0.100000 0.200000 0.100000 0.200000\n" },
      { relativePath: "data.yaml", contents: 'path: "/out/x"\ntrain: "images/train"\nval: "images/val"\nnc: 2\nnames:\n  0: "cat"\n  1: "dog"\n' },
    ]);
  });
});

describe("the COCO export builder", () => {
  it("writes one JSON per split with categories 1..K and image and annotation ids from 1", () => {
    const entries = buildCocoExport(set);
    expect(entries.map((e) => e.relativePath)).toEqual(["images/train/1_a.jpg", "annotations/instances_train.json", "images/val/b.png", "images/val/3_A.JPG", "annotations/instances_val.json"]);
    const val = entries[4];
    expect(val && "contents" in val && val.contents).toBe(
      '{"images":[{"id":1,"file_name":"b.png","width":200,"height":100},{"id":2,"file_name":"3_A.JPG","width":200,"height":100}],' +
        '"annotations":[{"id":1,"image_id":2,"category_id":1,"bbox":[10,10,20,20],"area":400,"iscrowd":0,"segmentation":[]}],' +
        '"categories":[{"id":1,"name":"cat","supercategory":"none"},{"id":2,"name":"dog","supercategory":"none"}]}\n',
    );
    const train = entries[1];
    const doc = JSON.parse(train && "contents" in train ? train.contents : "{}") as { annotations: { id: number; bbox: number[]; iscrowd: number; category_id: number }[] };
    expect(doc.annotations.map((a) => [a.id, a.category_id, a.bbox, a.iscrowd])).toEqual([[1, 2, [80, 30, 40, 40], 0], [2, 1, [0.5, 0, 10.25, 5], 1]]);
  });
});

describe("the Pascal VOC export builder", () => {
  it("writes an XML per image with corners as stored, flags, and ImageSets lists", () => {
    const entries = buildVocExport(set);
    expect(entries.map((e) => e.relativePath)).toEqual([
      "JPEGImages/1_a.jpg", "Annotations/1_a.xml", "JPEGImages/b.png", "Annotations/b.xml", "JPEGImages/3_A.JPG", "Annotations/3_A.xml",
      "ImageSets/Main/train.txt", "ImageSets/Main/val.txt",
    ]);
    expect(entries[3]).toEqual({
      relativePath: "Annotations/b.xml",
      contents: "<annotation>\n\t<folder>JPEGImages</folder>\n\t<filename>b.png</filename>\n\t<size>\n\t\t<width>200</width>\n\t\t<height>100</height>\n\t\t<depth>3</depth>\n\t</size>\n\t<segmented>0</segmented>\n</annotation>\n",
    });
    const a = entries[1];
    expect(a && "contents" in a && a.contents).toContain(
      "\t<object>\n\t\t<name>cat</name>\n\t\t<pose>Unspecified</pose>\n\t\t<truncated>0</truncated>\n\t\t<difficult>1</difficult>\n\t\t<bndbox>\n\t\t\t<xmin>0.5</xmin>\n\t\t\t<ymin>0</ymin>\n\t\t\t<xmax>10.75</xmax>\n\t\t\t<ymax>5</ymax>\n\t\t</bndbox>\n\t</object>\n",
    );
    expect(entries[7]).toEqual({ relativePath: "ImageSets/Main/val.txt", contents: "b\n3_A\n" });
  });
});

describe("the CSV export builder", () => {
  it("writes a row per box and a blank-class row for a confirmed-empty image", () => {
    const csv = buildCsvExport(set).at(-1);
    expect(csv).toEqual({
      relativePath: "labels.csv",
      contents:
        "filename,split,width,height,class,xmin,ymin,xmax,ymax,difficult,truncated,iscrowd\n" +
        "1_a.jpg,train,200,100,dog,80,30,120,70,0,0,0\n" +
        "1_a.jpg,train,200,100,cat,0.5,0,10.75,5,1,0,1\n" +
        "b.png,val,200,100,,,,,,,,\n" +
        "3_A.JPG,val,200,100,cat,10,10,30,30,0,1,0\n",
    });
  });
});

describe("the export manifest", () => {
  it("records format, filter, counts per class and split, files sorted by path, and the Loupe version", () => {
    const m = buildManifest({
      format: "yolo", loupeVersion: "0.1.0", createdAtMs: Date.UTC(2026, 0, 2, 3, 4, 5), filter: { approvedOnly: true }, sinceMs: null, set,
      files: [{ path: "z.txt", sha256: "b", bytes: 2 }, { path: "a.txt", sha256: "a", bytes: 1 }],
    });
    expect(m).toEqual({
      format: "yolo", loupeVersion: "0.1.0", createdAt: "2026-01-02T03:04:05.000Z", createdAtMs: Date.UTC(2026, 0, 2, 3, 4, 5),
      filter: { approvedOnly: true }, sourceIterations: [], sinceMs: null,
      counts: { images: 3, labels: 3, emptyImages: 1, byClass: { cat: 2, dog: 1 }, bySplit: { train: { images: 1, labels: 2 }, val: { images: 2, labels: 1 } } },
      renamed: [
        { imageId: 1, original: "a.jpg", exported: "1_a.jpg", reason: "another image has the same name stem; prefixed with the image id" },
        { imageId: 3, original: "A.JPG", exported: "3_A.JPG", reason: "another image has the same name stem; prefixed with the image id" },
      ],
      files: [{ path: "a.txt", sha256: "a", bytes: 1 }, { path: "z.txt", sha256: "b", bytes: 2 }],
    });
  });
});

describe("export file names", () => {
  const one = (id: number, fileName: string): ExportImage => image({ id, fileName });

  it("are made unique by stem, so same.jpg and same.png never share a label file", () => {
    const names = exportFileNames([one(1, "same.jpg"), one(2, "same.png"), one(3, "other.jpg")]);
    expect([...names.values()]).toEqual(["1_same.jpg", "2_same.png", "other.jpg"]);
    const yolo = buildYoloExport({ classes, images: [one(1, "same.jpg"), one(2, "same.png")] }, { targetDir: "/o" });
    expect(yolo.map((e) => e.relativePath).filter((p) => p.startsWith("labels/"))).toEqual(["labels/train/1_same.txt", "labels/train/2_same.txt"]);
    const voc = buildVocExport({ classes, images: [one(1, "same.jpg"), one(2, "same.png")] });
    expect(voc.map((e) => e.relativePath).filter((p) => p.startsWith("Annotations/"))).toEqual(["Annotations/1_same.xml", "Annotations/2_same.xml"]);
  });

  it("never meet a real file that already has the prefixed name", () => {
    const names = exportFileNames([one(1, "a.jpg"), one(2, "a.png"), one(9, "1_a.gif")]);
    expect(new Set([...names.values()].map((n) => n.replace(/\.[^.]+$/, "").toLowerCase())).size).toBe(3);
    expect([names.get(1), names.get(9)]).toEqual(["1_a.jpg", "9_1_a.gif"]);
  });

  it.each([
    ["line\nbreak.jpg", "line_break.jpg"],
    ["tab\there.jpg", "tab_here.jpg"],
    ["back\\slash.jpg", "back_slash.jpg"],
    [".hidden.jpg", "_hidden.jpg"],
    ["plain name.jpg", "plain name.jpg"],
  ])("replace unsafe characters: %j → %j", (from, to) => {
    expect(safeFileName(from)).toBe(to);
  });

  it("keep a VOC image set one stem per line and a CSV row one record when a name has a newline", () => {
    const images = [one(1, "two\nlines.jpg")];
    const voc = buildVocExport({ classes, images });
    expect(voc.find((e) => e.relativePath === "ImageSets/Main/train.txt")).toMatchObject({ contents: "two_lines\n" });
    const csv = buildCsvExport({ classes, images: [{ ...one(1, "a.jpg"), labels: [{ classId: 7, box: { x: 1, y: 1, w: 2, h: 2 }, flags: {} }] }] });
    expect(csv.find((e) => e.relativePath === "labels.csv")).toBeDefined();
  });
});
