import { describe, expect, it } from "vitest";
import { decodeEndToEnd } from "../../../../src-main/core/decode/end-to-end";
import type { Candidates } from "../../../../src-main/core/decode/types";
import { decodeYoloV5 } from "../../../../src-main/core/decode/yolo-v5";
import { decodeYoloV8 } from "../../../../src-main/core/decode/yolo-v8";
import { decodeYolox, gridCellCount } from "../../../../src-main/core/decode/yolox";

/** Candidates as rows of [x1, y1, x2, y2, score, class], values rounded to 6 places (inputs are float32). */
function rows(c: Candidates): number[][] {
  const r6 = (v: number): number => Number(v.toFixed(6)) + 0;
  return Array.from({ length: c.count }, (_, i) => [...[...c.xyxy.subarray(4 * i, 4 * i + 4)].map(r6), r6(c.scores[i] as number), c.classes[i] as number]);
}

describe("decodeYoloV8 ([1, 4+nc, N], no objectness)", () => {
  // 2 classes, 3 anchors, stored row by row: cx, cy, w, h, class 0, class 1
  const data = Float32Array.from([
    [10, 50, 100], // cx
    [10, 50, 100], // cy
    [4, 10, 20], // w
    [2, 10, 20], // h
    [0.9, 0.25, 0.1], // class 0
    [0.5, 0.75, 0.25], // class 1
  ].flat());

  it("keeps the best class per anchor above the threshold, as corners", () => {
    expect(rows(decodeYoloV8({ data, dims: [1, 6, 3] }, { confThreshold: 0.25 }))).toEqual([
      [8, 9, 12, 11, 0.9, 0],
      [45, 45, 55, 55, 0.75, 1],
    ]);
  });

  it("applies the threshold strictly (a score equal to it is dropped)", () => {
    expect(rows(decodeYoloV8({ data, dims: [1, 6, 3] }, { confThreshold: 0.75 }))).toEqual([[8, 9, 12, 11, 0.9, 0]]);
  });

  it("keeps low-confidence boxes for evaluation (threshold 0.001)", () => {
    expect(decodeYoloV8({ data, dims: [1, 6, 3] }, { confThreshold: 0.001 }).count).toBe(3);
  });

  it("ignores rows past 4 + numClasses (mask coefficients)", () => {
    expect(rows(decodeYoloV8({ data, dims: [1, 6, 3] }, { confThreshold: 0.25, numClasses: 1 }))).toEqual([[8, 9, 12, 11, 0.9, 0]]);
  });

  it("refuses a tensor of another rank", () => {
    expect(() => decodeYoloV8({ data, dims: [6, 3] }, { confThreshold: 0.25 })).toThrow(/3-d tensor/);
  });
});

describe("decodeYoloV5 ([1, N, 5+nc], objectness × class)", () => {
  const data = Float32Array.from([
    [20, 20, 10, 10, 0.8, 0.5, 0.9], // 0.8 × 0.9 = 0.72, class 1
    [50, 50, 20, 10, 0.2, 1.0, 1.0], // objectness 0.2 ≤ 0.25: skipped before classes
    [80, 80, 4, 4, 0.5, 0.4, 0.3], // 0.5 × 0.4 = 0.2 ≤ 0.25
  ].flat());

  it("scores rows by objectness × best class and filters both", () => {
    expect(rows(decodeYoloV5({ data, dims: [1, 3, 7] }, { confThreshold: 0.25 }))).toEqual([[15, 15, 25, 25, 0.72, 1]]);
  });

  it("keeps all three at the evaluation threshold", () => {
    expect(rows(decodeYoloV5({ data, dims: [1, 3, 7] }, { confThreshold: 0.001 })).map((r) => r[4])).toEqual([0.72, 0.2, 0.2]);
  });
});

describe("decodeEndToEnd ([1, K, 6])", () => {
  const data = Float32Array.from([
    [1, 2, 11, 12, 0.9, 3],
    [1, 2, 11, 12, 0.6, 5], // the same box again with another class, as a one-to-one head emits it
    [30, 30, 40, 40, 0.2, 0],
    [0, 0, 0, 0, 0, 0], // nms=True zero padding
  ].flat());

  it("keeps the same box twice with different classes, as Ultralytics does", () => {
    expect(rows(decodeEndToEnd({ data, dims: [1, 4, 6] }, { confThreshold: 0.25, maxDetections: 300 }))).toEqual([
      [1, 2, 11, 12, 0.9, 3],
      [1, 2, 11, 12, 0.6, 5],
    ]);
  });

  it("drops zero-padded rows even at the evaluation threshold", () => {
    expect(decodeEndToEnd({ data, dims: [1, 4, 6] }, { confThreshold: 0.001, maxDetections: 300 }).count).toBe(3);
  });

  it("stops at maxDetections", () => {
    expect(decodeEndToEnd({ data, dims: [1, 4, 6] }, { confThreshold: 0.001, maxDetections: 1 }).count).toBe(1);
  });
});

describe("decodeYolox (raw grid outputs)", () => {
  it("counts one row per cell over strides 8, 16 and 32", () => {
    expect(gridCellCount(416, 416)).toBe(3549);
    expect(gridCellCount(640, 640)).toBe(8400);
    expect(gridCellCount(16, 16)).toBe(5); // 2 × 2 at stride 8, 1 at stride 16, none at 32
  });

  it("adds the cell to the offsets, scales by the stride and exponentiates the size", () => {
    // 16×16 input: rows 0–3 are the stride-8 cells (x, y) = (0,0) (1,0) (0,1) (1,1); row 4 is the stride-16 cell.
    const zero = [0, 0, 0, 0, 0, 0];
    const data = Float32Array.from([
      ...zero,
      ...zero,
      ...zero,
      0.5, 0.25, Math.log(2), 0, 0.9, 0.5, // cell (1,1) stride 8: centre (12, 10), size 16 × 8
      0, 0, Math.log(0.5), Math.log(0.5), 0.5, 0.8, // stride 16 cell: centre (0, 0), size 8 × 8
    ]);
    const c = decodeYolox({ data, dims: [1, 5, 6] }, { confThreshold: 0.25, inputWidthPx: 16, inputHeightPx: 16 });
    expect(rows(c)).toEqual([
      [4, 6, 20, 14, 0.45, 0],
      [-4, -4, 4, 4, 0.4, 0],
    ]);
  });

  it("refuses a row count that does not match the input's grid (a YOLOv5 tensor is not YOLOX)", () => {
    expect(() => decodeYolox({ data: new Float32Array(15 * 6), dims: [1, 15, 6] }, { confThreshold: 0.25, inputWidthPx: 16, inputHeightPx: 16 })).toThrow(
      /does not match a 16x16 input \(5 cells/,
    );
  });
});
