import { describe, expect, it } from "vitest";
import { parseCoco } from "../../../../src-main/datasets/parse/coco";
import { parseBoxCsv } from "../../../../src-main/datasets/parse/csv";
import { parseVoc } from "../../../../src-main/datasets/parse/voc";

const coco = (extra: object = {}) =>
  JSON.stringify({
    images: [{ id: 5, file_name: "a.jpg", width: 100, height: 80 }, { id: 6, file_name: "b.jpg", width: 10, height: 10 }],
    categories: [{ id: 3, name: "cat" }],
    annotations: [
      { id: 1, image_id: 5, category_id: 3, bbox: [10.5, 20, 30.25, 40], iscrowd: 1 },
      { id: 2, image_id: 99, category_id: 3, bbox: [0, 0, 1, 1] },
      { id: 3, image_id: 5, category_id: 42, bbox: [0, 0, 1, 1] },
      { id: 4, image_id: 5, category_id: 3, bbox: [1, 1, 0, 5] },
    ],
    ...extra,
  });

describe("parseCoco", () => {
  it("keeps good annotations with iscrowd as a flag, and names each bad one", () => {
    const res = parseCoco(coco(), "gt.json");
    expect(res.value.categories).toEqual([{ id: 3, name: "cat" }]);
    expect(res.value.images).toEqual([
      {
        cocoId: 5, fileName: "a.jpg", width: 100, height: 80,
        boxes: [{ className: "cat", box: { x: 10.5, y: 20, w: 30.25, h: 40 }, flags: { iscrowd: true } }],
        // a refused annotation stays with its image, which is then not taken as complete
        issues: [{ file: "gt.json", severity: "error", message: "annotations[2] (id 3): category_id 42 is not among the categories; left out" }],
      },
      { cocoId: 6, fileName: "b.jpg", width: 10, height: 10, boxes: [], issues: [] },
    ]);
    expect(res.issues).toEqual([
      { file: "gt.json", severity: "error", message: "annotations[1] (id 2): image_id 99 is not among the images" },
      { file: "gt.json", severity: "warning", message: "annotations[3] (id 4): zero-area box in a.jpg left out" },
    ]);
  });

  it("refuses a second annotation with an id already used, keeping the first", () => {
    const res = parseCoco(coco({ annotations: [1, 1].map((id, i) => ({ id, image_id: 5, category_id: 3, bbox: [i, 0, 5, 5] })) }), "gt.json");
    expect(res.value.images[0]?.boxes.map((b) => b.box.x)).toEqual([0]);
    expect(res.value.images[0]?.issues).toEqual([{ file: "gt.json", severity: "error", message: "annotations[1] (id 1): annotation id 1 is already used by annotations[0]; left out" }]);
  });

  it("refuses a category whose name has a control character", () => {
    const res = parseCoco(coco({ categories: [{ id: 3, name: "c\nat" }] }), "gt.json");
    expect(res.value.categories).toEqual([]);
    expect(res.issues[0]?.message).toBe('categories[0]: class name "c\\nat" contains a control character (a newline, tab or NUL)');
  });

  it("fails the whole file with one error when it is not COCO-shaped", () => {
    expect(parseCoco("{}", "x.json").issues).toEqual([{ file: "x.json", severity: "error", message: "not a COCO dataset: expected images, annotations and categories arrays" }]);
    expect(parseCoco("{", "x.json").issues[0]?.message).toMatch(/^not valid JSON/);
  });
});

const voc = (objects: string, head = "<filename>a.jpg</filename><path>/home/someone/a.jpg</path>") =>
  `<annotation>\n${head}\n<size><width>640</width><height>480</height><depth>3</depth></size>\n${objects}</annotation>\n`;
const obj = (name: string, b: [number, number, number, number], extra = "") =>
  `<object>\n<name>${name}</name>${extra}\n<bndbox><xmin>${b[0]}</xmin><ymin>${b[1]}</ymin><xmax>${b[2]}</xmax><ymax>${b[3]}</ymax></bndbox>\n</object>\n`;

describe("parseVoc", () => {
  it("reads boxes as x = xmin, w = xmax − xmin with difficult/truncated flags", () => {
    const res = parseVoc(voc(obj("RBC", [10, 20, 110, 70], "<difficult>1</difficult><truncated>0</truncated>")), "a.xml");
    expect(res).toEqual({
      value: { fileName: "a.jpg", width: 640, height: 480, boxes: [{ className: "RBC", box: { x: 10, y: 20, w: 100, h: 50 }, flags: { difficult: true } }] },
      issues: [],
    });
  });

  it("uses only the basename of a foreign <path> when <filename> is missing", () => {
    expect(parseVoc(voc("", "<path>C:\\Users\\dat\\raccoon-1.jpg</path>"), "r.xml").value.fileName).toBe("raccoon-1.jpg");
  });

  it("reads a file with no objects as a confirmed-empty image", () => {
    expect(parseVoc(voc(""), "e.xml")).toMatchObject({ value: { boxes: [] }, issues: [] });
  });

  it("rejects xmax < xmin and warns on a zero-area box, naming the object's line", () => {
    const res = parseVoc(voc(obj("a", [50, 10, 40, 20]) + obj("RBC", [504, 337, 504, 337]) + obj("b", [1, 1, 5, 5])), "z.xml");
    expect(res.value.boxes.map((b) => b.className)).toEqual(["b"]);
    expect(res.issues).toEqual([
      { file: "z.xml", line: 4, severity: "error", message: "object 1 (a): xmax < xmin or ymax < ymin (50,10,40,20)" },
      { file: "z.xml", line: 8, severity: "warning", message: "object 2 (RBC): zero-area box (504,337,504,337) left out" },
    ]);
  });

  it("reports XML that is not a VOC annotation", () => {
    expect(parseVoc("<foo/>", "f.xml").issues).toEqual([{ file: "f.xml", line: 1, severity: "error", message: "not a Pascal VOC annotation (no <annotation> element)" }]);
  });
});

describe("parseBoxCsv", () => {
  it("maps columns by header name in any order (bccd's xmin,xmax,ymin,ymax)", () => {
    const res = parseBoxCsv("filename,cell_type,xmin,xmax,ymin,ymax\r\nB_1.jpg,WBC,10,50,20,60\r\nB_1.jpg,RBC,1,2,3,4\r\n", "t.csv");
    expect(res.value).toEqual([
      {
        fileName: "B_1.jpg", width: 0, height: 0, split: undefined,
        boxes: [
          { className: "WBC", box: { x: 10, y: 20, w: 40, h: 40 }, flags: {} },
          { className: "RBC", box: { x: 1, y: 3, w: 1, h: 1 }, flags: {} },
        ],
      },
    ]);
  });

  it("names the line of a bad row and keeps the others", () => {
    const res = parseBoxCsv("filename,width,height,class,xmin,ymin,xmax,ymax\na.jpg,10,10,x,5,5,1,1\na.jpg,10,10,x,1,1,5,five\n", "r.csv");
    expect(res.issues).toEqual([
      { file: "r.csv", line: 2, severity: "error", message: "xmax < xmin or ymax < ymin (5,5,1,1)" },
      { file: "r.csv", line: 3, severity: "error", message: "xmin, ymin, xmax and ymax must be numbers" },
    ]);
  });

  it("refuses a header without the box columns", () => {
    expect(parseBoxCsv("a,b\n", "x.csv").issues[0]?.message).toBe("header lacks column(s) for filename, className, xmin, ymin, xmax, ymax");
  });
});

describe("parseBoxText", () => {
  it("reads class-id, score and corner layouts and names bad lines", async () => {
    const { parseBoxText } = await import("../../../../src-main/datasets/parse/box-text");
    const res = parseBoxText("1 0.5 10 20 30 60\n7 0.1 1 1 2 2\n1 0.2 5 5 5 9\n1 x 1 1 2 2\n", "d.txt", { coords: "abs-xyxy", hasScore: true, classBy: "id" }, { names: ["cat", "dog"] });
    expect(res.value).toEqual([{ className: "dog", score: 0.5, box: { x: 10, y: 20, w: 20, h: 40 }, flags: {} }]);
    expect(res.issues).toEqual([
      { file: "d.txt", line: 2, severity: "error", message: 'unknown class id "7"' },
      { file: "d.txt", line: 3, severity: "warning", message: "zero-area box left out" },
      { file: "d.txt", line: 4, severity: "error", message: 'field 2 is not a number: "x"' },
    ]);
  });
});
