import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseBoxText, type BoxTextLayout, type ScoredBox } from "../../../src-main/datasets/parse/box-text";
import { parseCoco } from "../../../src-main/datasets/parse/coco";
import { DATA } from "./helpers";

const toy = join(DATA, "odm-samples", "review-toyexample");
const names = readFileSync(join(toy, "voc.names"), "utf8").split(/\r?\n/).filter(Boolean);
const cocoDets = parseCoco(readFileSync(join(toy, "dets_coco_format", "coco_dets.json"), "utf8"), "coco_dets.json").value;
const size = new Map(cocoDets.images.map((i) => [i.fileName.replace(/\.jpg$/, ""), { width: i.width, height: i.height }]));

function read(folder: string, layout: BoxTextLayout): Map<string, ScoredBox[]> {
  const out = new Map<string, ScoredBox[]>();
  for (const f of readdirSync(join(toy, folder)).sort()) {
    const stem = f.replace(/\.txt$/, "");
    const res = parseBoxText(readFileSync(join(toy, folder, f), "utf8"), f, layout, { names, ...size.get(stem) });
    expect(res.issues).toEqual([]);
    out.set(stem, res.value);
  }
  return out;
}

describe("the toy example's detections in six text layouts and COCO", () => {
  const xywh = read("dets_classname_abs_xywh", { coords: "abs-xywh", hasScore: true, classBy: "name" });

  it("reads 12 detections in 10 files from the class-name x,y,w,h layout", () => {
    expect([...xywh.values()].flat()).toHaveLength(12);
    expect(xywh.get("2007_000549")).toEqual([{ className: "cat", score: 0.94, box: { x: 12, y: 44, w: 332, h: 437 }, flags: {} }]);
  });

  it.each([
    ["dets_classid_abs_xywh", { coords: "abs-xywh", hasScore: true, classBy: "id" }],
    ["dets_classname_abs_xyx2y2", { coords: "abs-xyxy", hasScore: true, classBy: "name" }],
    ["dets_classid_abs_xyx2y2", { coords: "abs-xyxy", hasScore: true, classBy: "id" }],
  ] as const)("gets exactly the same boxes, classes and scores from %s", (folder, layout) => {
    expect(read(folder, layout)).toEqual(xywh);
  });

  it.each([
    ["dets_classname_rel_xcycwh", { coords: "rel-cxcywh", hasScore: true, classBy: "name" }],
    ["dets_classid_rel_xcycwh", { coords: "rel-cxcywh", hasScore: true, classBy: "id" }],
  ] as const)("gets the same boxes within 1 px from the relative layout %s (its 6 decimals were rounded upstream)", (folder, layout) => {
    const rel = read(folder, layout);
    for (const [stem, boxes] of xywh) {
      const other = rel.get(stem) ?? [];
      expect(other.map((b) => [b.className, b.score])).toEqual(boxes.map((b) => [b.className, b.score]));
      boxes.forEach((b, i) => {
        const o = other[i]?.box;
        for (const k of ["x", "y", "w", "h"] as const) expect(Math.abs((o?.[k] ?? Number.NaN) - b.box[k])).toBeLessThan(1);
      });
    }
  });

  it("equals the COCO detections file box for box", () => {
    for (const img of cocoDets.images) {
      const stem = img.fileName.replace(/\.jpg$/, "");
      expect(img.boxes.map((b) => [b.className, b.box])).toEqual((xywh.get(stem) ?? []).map((b) => [b.className, b.box]));
    }
  });
});
