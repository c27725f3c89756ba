import { describe, expect, it } from "vitest";
import type { ImageBoxes } from "../../../../src-preload/api";
import { boxStrokes, NO_CLASS_COLOR } from "../../../../src-renderer/views/data/box-paths";

const box = (x: number, y: number, w: number, h: number) => ({ x, y, w, h });
const label = (classId: number, b: ReturnType<typeof box>) => ({ classId, source: "manual" as const, reviewState: "approved" as const, box: b });
const pred = (classId: number | null, score: number, b: ReturnType<typeof box>) => ({ classId, className: "c", score, box: b });

describe("a thumbnail's boxes as paths", () => {
  const colors = new Map([
    [1, "#ff0000"],
    [2, "#00ff00"],
  ]);

  it("draws the labels of one class as one path, each box a closed rectangle, its corners to a tenth of a pixel", () => {
    const boxes: ImageBoxes = { imageId: 7, labels: [label(1, box(10, 20, 30, 40)), label(2, box(0, 0, 5, 5)), label(1, box(1.26, 2.34, 3.05, 4))], predictions: [] };
    expect(boxStrokes(boxes, colors)).toEqual([
      { kind: "label", color: "#ff0000", opacity: 1, d: "M10 20H40V60H10zM1.3 2.3H4.3V6.3H1.3z", count: 2 },
      { kind: "label", color: "#00ff00", opacity: 1, d: "M0 0H5V5H0z", count: 1 },
    ]);
  });

  it("groups predictions by colour and score to a tenth, after the labels, unknown classes in the neutral colour", () => {
    const boxes: ImageBoxes = {
      imageId: 7,
      labels: [label(9, box(0, 0, 1, 1))], // a class with no colour
      predictions: [pred(1, 0.93, box(0, 0, 2, 2)), pred(1, 0.87, box(4, 4, 2, 2)), pred(1, 0.5, box(8, 8, 2, 2)), pred(null, 1, box(1, 1, 1, 1))],
    };
    // 0.93 and 0.87 both round to 0.9: opacity 0.35 + 0.65 × 0.9 = 0.935; 0.5 → 0.675; a score of 1 → 1
    expect(boxStrokes(boxes, colors)).toEqual([
      { kind: "label", color: NO_CLASS_COLOR, opacity: 1, d: "M0 0H1V1H0z", count: 1 },
      { kind: "prediction", color: "#ff0000", opacity: 0.935, d: "M0 0H2V2H0zM4 4H6V6H4z", count: 2 },
      { kind: "prediction", color: "#ff0000", opacity: 0.675, d: "M8 8H10V10H8z", count: 1 },
      { kind: "prediction", color: NO_CLASS_COLOR, opacity: 1, d: "M1 1H2V2H1z", count: 1 },
    ]);
  });

  it("draws nothing for an image without boxes", () => {
    expect(boxStrokes({ imageId: 1, labels: [], predictions: [] }, colors)).toEqual([]);
  });
});
