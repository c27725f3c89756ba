import { describe, expect, it } from "vitest";
import { poolFromPacks } from "../../../../src-main/core/selection/pool";

/** One box as the pack stores it: class, score, x, y, w, h. */
const box = (c: number, s: number, x: number, y: number, w: number, h: number) => [c, s, x, y, w, h];

describe("the selector's pool from packed boxes", () => {
  it("keeps each image's boxes at or above the minimum score whose class maps, indexed by pool position", () => {
    const packs = [
      Float64Array.from([...box(0, 0.9, 1, 2, 3, 4), ...box(2, 0.5, 5, 6, 7, 8), ...box(1, 0.05, 9, 9, 9, 9), ...box(0, 0.049, 0, 0, 1, 1)]),
      Float64Array.from([]),
      Float64Array.from([...box(1, 0.7, 10, 20, 30, 40)]),
    ];
    // model class 2 maps to no project class; classes 0 and 1 are dense positions 1 and 0
    const pool = poolFromPacks({ imageIds: [11, 12, 13], widthPx: [640, 640, 320], heightPx: [480, 480, 240] }, packs, [1, 0, -1], 0.05);
    expect(Array.from(pool.boxImage)).toEqual([0, 0, 2]);
    expect(Array.from(pool.boxClass)).toEqual([1, 0, 0]);
    expect(Array.from(pool.boxScore)).toEqual([0.9, 0.05, 0.7]); // 0.05 is kept (≥), 0.049 is not
    expect([Array.from(pool.boxX), Array.from(pool.boxY), Array.from(pool.boxW), Array.from(pool.boxH)]).toEqual([[1, 9, 10], [2, 9, 20], [3, 9, 30], [4, 9, 40]]);
    expect(pool.imageIds).toEqual([11, 12, 13]);
    expect(Array.from(pool.imageWidthPx ?? [])).toEqual([640, 640, 320]);
  });
});
