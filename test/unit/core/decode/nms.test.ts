import { describe, expect, it } from "vitest";
import { nms } from "../../../../src-main/core/decode/nms";
import type { Candidates } from "../../../../src-main/core/decode/types";

/** Candidates from rows of [x1, y1, x2, y2, score, class]. */
function cands(rows: number[][]): Candidates {
  return {
    count: rows.length,
    xyxy: Float64Array.from(rows.flatMap((r) => r.slice(0, 4))),
    scores: Float64Array.from(rows.map((r) => r[4] as number)),
    classes: Int32Array.from(rows.map((r) => r[5] as number)),
  };
}
const opts = { iouThreshold: 0.7, maxDetections: 300 };

describe("class-wise NMS", () => {
  it("returns nothing for no candidates", () => {
    expect(nms(cands([]), opts)).toEqual([]);
  });

  it("suppresses a same-class box overlapping more than the threshold and keeps the better one", () => {
    // IoU of [0,0,10,10] and [0,0,10,9] = 90 / 100 = 0.9
    expect(nms(cands([[0, 0, 10, 9, 0.8, 0], [0, 0, 10, 10, 0.9, 0]]), opts)).toEqual([1]);
  });

  it("keeps a box whose IoU equals the threshold exactly (suppression is strictly greater)", () => {
    // [0,0,10,10] vs [0,0,10,7]: IoU 70 / 100 = 0.7
    expect(nms(cands([[0, 0, 10, 10, 0.9, 0], [0, 0, 10, 7, 0.8, 0]]), opts)).toEqual([0, 1]);
  });

  it("never lets one class suppress another", () => {
    expect(nms(cands([[0, 0, 10, 10, 0.9, 0], [0, 0, 10, 10, 0.8, 1]]), opts)).toEqual([0, 1]);
  });

  it("suppresses across classes when class-agnostic", () => {
    expect(nms(cands([[0, 0, 10, 10, 0.9, 0], [0, 0, 10, 10, 0.8, 1]]), { ...opts, classAgnostic: true })).toEqual([0]);
  });

  it("breaks score ties by input order", () => {
    expect(nms(cands([[20, 20, 30, 30, 0.5, 0], [0, 0, 10, 10, 0.5, 0], [0, 0, 10, 10, 0.5, 0]]), opts)).toEqual([0, 1]);
  });

  it("orders the kept boxes by descending score", () => {
    expect(nms(cands([[0, 0, 1, 1, 0.3, 0], [5, 5, 6, 6, 0.9, 0], [9, 9, 10, 10, 0.6, 2]]), opts)).toEqual([1, 2, 0]);
  });

  it("stops at maxDetections and considers only the best maxCandidates", () => {
    const rows = Array.from({ length: 10 }, (_, i) => [i * 20, 0, i * 20 + 10, 10, 1 - i / 100, 0]);
    expect(nms(cands(rows), { ...opts, maxDetections: 3 })).toEqual([0, 1, 2]);
    expect(nms(cands(rows), { ...opts, maxCandidates: 4 })).toEqual([0, 1, 2, 3]);
  });

  it("lets a suppressed box suppress nothing (greedy, not transitive)", () => {
    // A (0.9) suppresses B (IoU 0.9); B would suppress C but C only overlaps A by 0.45, so C stays.
    const a = [0, 0, 10, 10, 0.9, 0];
    const b = [1, 0, 11, 10, 0.8, 0]; // IoU(a,b) = 90 / 110 = 0.818
    const c = [4, 0, 14, 10, 0.7, 0]; // IoU(a,c) = 60 / 140 = 0.43; IoU(b,c) = 70 / 130 = 0.54
    expect(nms(cands([a, b, c]), { ...opts, iouThreshold: 0.5 })).toEqual([0, 2]);
  });
});
