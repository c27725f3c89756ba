import { describe, expect, it } from "vitest";
import { clampRectToImage, growRect, keepRectInside, rectFromCorners, roundRect, unionRect } from "../../../../src-renderer/canvas/model/rect";
import { rect } from "./builders";

const image = { width: 100, height: 100 };

describe("rectangles in image pixels", () => {
  it.each([
    ["corners in any order", () => rectFromCorners({ x: 5, y: 8 }, { x: 1, y: 2 }), rect(1, 2, 4, 6)],
    ["clamping cuts what lies outside", () => clampRectToImage(rect(-5, 90, 20, 20), image), rect(0, 90, 15, 10)],
    ["keeping inside moves without resizing", () => keepRectInside(rect(95, -3, 10, 10), image), rect(90, 0, 10, 10)],
    ["growing a region of interest about its centre", () => growRect(rect(45, 45, 10, 10), 3, 0, image), rect(35, 35, 30, 30)],
    ["growing a tiny region to a minimum side, clamped", () => growRect(rect(0, 0, 2, 2), 1, 20, image), rect(0, 0, 11, 11)],
    ["the union of boxes", () => unionRect([rect(10, 10, 5, 5), rect(0, 20, 2, 2)]), rect(0, 10, 15, 12)],
    ["rounding removes float noise from screen conversions", () => roundRect({ x: 120.0000016, y: 59.9999966, w: 60.0000049, h: 60.0000049 }), rect(120, 60, 60, 60)],
    ["rounding keeps an edge on the image border on it", () => roundRect({ x: 339.995, y: 0, w: 60.005, h: 1 }), rect(340, 0, 60, 1)],
  ])("%s", (_name, run, expected) => {
    expect(run()).toEqual(expected);
  });

  it("the union of nothing is null", () => {
    expect(unionRect([])).toBeNull();
  });
});
