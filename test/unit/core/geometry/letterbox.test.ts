import { describe, expect, it } from "vitest";
import { computeLetterbox, mapBoxesToImage, mapPointToInput, pyRound } from "../../../../src-main/core/geometry/letterbox";

describe("pyRound", () => {
  it.each([
    [0.5, 0],
    [1.5, 2],
    [2.5, 2],
    [3.5, 4],
    [-1.5, -2],
    [114.4, 114],
    [114.6, 115],
    [7, 7],
  ])("rounds %d half to even like Python's round() → %d", (x, want) => {
    expect(pyRound(x)).toBe(want);
  });
});

describe("computeLetterbox (Ultralytics centre padding)", () => {
  it("fits a 650x417 photo into 640x640: 640x411 with 114 px on top and 115 below", () => {
    const lb = computeLetterbox(650, 417, 640, 640);
    expect(lb.scale).toBeCloseTo(640 / 650, 12);
    expect([lb.resizedWidthPx, lb.resizedHeightPx]).toEqual([640, 411]); // 417 × 0.98462 = 410.58 → 411
    expect([lb.padLeftPx, lb.padRightPx, lb.padTopPx, lb.padBottomPx]).toEqual([0, 0, 114, 115]); // 229 / 2 = 114.5
    // scale_boxes recomputes the pad from 417 × r: (640 − 410.58) / 2 − 0.1 = 114.61 → 115
    expect([lb.mapOffsetXPx, lb.mapOffsetYPx]).toEqual([0, 115]);
  });

  it("puts the extra pixel of an odd padding at the bottom", () => {
    const even = computeLetterbox(100, 43, 64, 64); // r 0.64: 43 × 0.64 = 27.52 → 28, padding 36 → 18 / 18
    expect([even.resizedHeightPx, even.padTopPx, even.padBottomPx]).toEqual([28, 18, 18]);
    const odd = computeLetterbox(100, 42, 64, 64); // 42 × 0.64 = 26.88 → 27, padding 37 → round(18.4) 18 top, round(18.6) 19 bottom
    expect([odd.resizedHeightPx, odd.padTopPx, odd.padBottomPx]).toEqual([27, 18, 19]);
  });

  it("upscales small images (as the predictor does)", () => {
    const lb = computeLetterbox(32, 16, 64, 64);
    expect(lb.scale).toBe(2);
    expect([lb.resizedWidthPx, lb.resizedHeightPx, lb.padTopPx, lb.padBottomPx]).toEqual([64, 32, 16, 16]);
  });

  it("pastes YOLOX inputs at the top-left with a truncated size", () => {
    const lb = computeLetterbox(500, 375, 416, 416, "top-left"); // r 0.832 → 416 x 312
    expect([lb.resizedWidthPx, lb.resizedHeightPx]).toEqual([416, 312]);
    expect([lb.padLeftPx, lb.padTopPx, lb.padRightPx, lb.padBottomPx]).toEqual([0, 0, 0, 104]);
    expect([lb.mapOffsetXPx, lb.mapOffsetYPx]).toEqual([0, 0]);
  });

  it("refuses empty sizes", () => {
    expect(() => computeLetterbox(0, 10, 64, 64)).toThrow(RangeError);
  });
});

describe("mapping boxes back to the image", () => {
  it("maps the letterboxed image area back to the whole image", () => {
    const lb = computeLetterbox(100, 50, 64, 64); // r 0.64, 64 x 32 at y 16
    const boxes = Float64Array.of(0, 16, 64, 48);
    mapBoxesToImage(boxes, lb);
    expect([...boxes]).toEqual([0, 0, 100, 50]);
  });

  it("round-trips points of a 650x417 image exactly through the input and back", () => {
    const lb = computeLetterbox(650, 417, 640, 640);
    const pts = [
      [10, 20],
      [325.5, 208.25],
      [640, 400],
    ];
    for (const [x, y] of pts as [number, number][]) {
      const p = mapPointToInput(x, y, lb);
      const box = [p.x, p.y, p.x, p.y];
      mapBoxesToImage(box, lb);
      expect(box[0]).toBeCloseTo(x, 9);
      expect(box[1]).toBeCloseTo(y, 9);
    }
  });

  it("keeps the drift of Ultralytics' back-mapping under one original pixel at the padded edge", () => {
    const lb = computeLetterbox(650, 417, 640, 640);
    // the top edge of the pasted image in the input is row 114; scale_boxes uses 115 → −1.02 px, clipped to 0
    const box = [0, lb.padTopPx, 640, lb.padTopPx + lb.resizedHeightPx];
    mapBoxesToImage(box, lb);
    expect(box[1]).toBe(0);
    expect(box[3]).toBeGreaterThan(417 - 1.02);
  });

  it("clips boxes that leave the image", () => {
    const lb = computeLetterbox(100, 50, 64, 64);
    const boxes = [-10, 0, 80, 70];
    mapBoxesToImage(boxes, lb);
    expect(boxes).toEqual([0, 0, 100, 50]);
  });

  it("divides by the scale for top-left padding", () => {
    const lb = computeLetterbox(500, 375, 416, 416, "top-left");
    const boxes = [83.2, 41.6, 166.4, 83.2];
    mapBoxesToImage(boxes, lb);
    expect(boxes[0]).toBeCloseTo(100, 9);
    expect(boxes[1]).toBeCloseTo(50, 9);
    expect(boxes[2]).toBeCloseTo(200, 9);
    expect(boxes[3]).toBeCloseTo(100, 9);
  });
});
