import { describe, expect, it } from "vitest";
import {
  borderDistancePx,
  boxArea,
  boxFromCxcywh,
  boxFromXyxy,
  boxToXyxy,
  clampBox,
  normalizeBox,
} from "../../../../src-main/core/geometry/box";
import { boxIou, crowdOverlap, iouMatrix, iouXyxy, iouXywh, vocIou } from "../../../../src-main/core/geometry/iou";

describe("boxes", () => {
  it.each([
    { name: "corners to box", got: boxFromXyxy(10, 20, 40, 60), want: { x: 10, y: 20, w: 30, h: 40 } },
    { name: "centre and size to box", got: boxFromCxcywh(25, 40, 30, 40), want: { x: 10, y: 20, w: 30, h: 40 } },
    { name: "reversed corners normalised", got: normalizeBox({ x: 10, y: 10, w: -5, h: 5 }), want: { x: 5, y: 10, w: 5, h: 5 } },
    { name: "clamped to the image", got: clampBox({ x: -5, y: 90, w: 20, h: 20 }, 100, 100), want: { x: 0, y: 90, w: 15, h: 10 } },
    { name: "outside the image becomes empty", got: clampBox({ x: 120, y: 0, w: 20, h: 20 }, 100, 100), want: { x: 100, y: 0, w: 0, h: 20 } },
  ])("converts $name", ({ got, want }) => {
    expect(got).toEqual(want);
  });

  it("round-trips corners", () => {
    expect(boxToXyxy(boxFromXyxy(1.5, 2, 3, 4.25))).toEqual([1.5, 2, 3, 4.25]);
  });

  it.each([
    { b: { x: 0, y: 0, w: 32, h: 32 }, area: 1024 },
    { b: { x: 0, y: 0, w: -3, h: 5 }, area: 0 },
  ])("measures area $area px²", ({ b, area }) => {
    expect(boxArea(b)).toBe(area);
  });

  it.each([
    { b: { x: 3, y: 50, w: 10, h: 10 }, d: 3 },
    { b: { x: 50, y: 50, w: 50, h: 10 }, d: 0 },
    { b: { x: -4, y: 50, w: 10, h: 10 }, d: 0 },
  ])("measures the distance to the nearest edge ($d px)", ({ b, d }) => {
    expect(borderDistancePx(b, 100, 100)).toBe(d);
  });
});

describe("IoU", () => {
  it.each([
    { name: "identical boxes", a: [0, 0, 10, 10], b: [0, 0, 10, 10], iou: 1 },
    { name: "half-overlapping boxes", a: [0, 0, 10, 10], b: [5, 0, 10, 10], iou: 50 / 150 },
    { name: "boxes that only touch", a: [0, 0, 10, 10], b: [10, 0, 10, 10], iou: 0 },
    { name: "disjoint boxes", a: [0, 0, 10, 10], b: [50, 50, 10, 10], iou: 0 },
    { name: "a box inside another", a: [0, 0, 10, 10], b: [0, 0, 20, 20], iou: 0.25 },
    // COCO fixture: [0,0,40,30] vs [0,0,40,40] is exactly 0.75 as a double.
    { name: "cocoeval-tiny's 0.75 pair", a: [0, 0, 40, 30], b: [0, 0, 40, 40], iou: 0.75 },
  ] as const)("of $name is $iou", ({ a, b, iou }) => {
    expect(iouXywh(a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3])).toBeCloseTo(iou, 15);
    expect(iouXyxy(a[0], a[1], a[0] + a[2], a[1] + a[3], b[0], b[1], b[0] + b[2], b[1] + b[3])).toBeCloseTo(iou, 15);
  });

  it("is exactly 0.75 where a threshold tie matters", () => {
    expect(iouXywh(0, 0, 40, 30, 0, 0, 40, 40)).toBe(0.75);
  });

  it("divides by the detection's area against a crowd region", () => {
    expect(crowdOverlap({ x: 0, y: 0, w: 10, h: 10 }, { x: 0, y: 0, w: 100, h: 100 })).toBe(1);
    expect(boxIou({ x: 0, y: 0, w: 10, h: 10 }, { x: 0, y: 0, w: 100, h: 100 })).toBe(0.01);
  });

  it.each([
    // [0,0,9,9] spans 10×10 pixels with +1; [0,0,9,4] spans 10×5 → 50/100.
    { a: { x: 0, y: 0, w: 9, h: 9 }, b: { x: 0, y: 0, w: 9, h: 4 }, iou: 0.5 },
    // Touching corners overlap by one pixel column in the devkit convention: 1·10 / (100 + 100 − 10).
    { a: { x: 0, y: 0, w: 9, h: 9 }, b: { x: 9, y: 0, w: 9, h: 9 }, iou: 10 / 190 },
  ])("follows the VOC devkit's +1 convention ($iou)", ({ a, b, iou }) => {
    expect(vocIou(a, b)).toBeCloseTo(iou, 15);
  });

  it("builds a detections × ground-truth matrix with crowd columns", () => {
    const m = iouMatrix(
      [{ x: 0, y: 0, w: 10, h: 10 }],
      [
        { x: 0, y: 0, w: 10, h: 10 },
        { x: 0, y: 0, w: 100, h: 100 },
      ],
      [false, true],
    );
    expect(Array.from(m)).toEqual([1, 1]);
  });
});
