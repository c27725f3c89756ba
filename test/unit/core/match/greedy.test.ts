import { describe, expect, it } from "vitest";
import { matchImage, rankByScore } from "../../../../src-main/core/match/greedy";
import type { GtBox, PredBox } from "../../../../src-main/core/match/types";

const gt = (x: number, classId = 0): GtBox => ({ box: { x, y: 0, w: 10, h: 10 }, classId });
const pred = (x: number, score: number, classId = 0): PredBox => ({ box: { x, y: 0, w: 10, h: 10 }, classId, score });

describe("greedy matching", () => {
  it("ranks by descending score and keeps input order on ties", () => {
    expect(Array.from(rankByScore([{ score: 0.5 }, { score: 0.9 }, { score: 0.5 }]))).toEqual([1, 0, 2]);
  });

  it.each([
    { name: "the higher score takes the shared GT", gts: [gt(0)], preds: [pred(1, 0.6), pred(0, 0.9)], predToGt: [-1, 0] },
    { name: "a prediction takes the best still-free GT", gts: [gt(0), gt(4)], preds: [pred(0, 0.9), pred(2, 0.8)], predToGt: [0, 1] },
    { name: "classes must agree", gts: [gt(0, 1)], preds: [pred(0, 0.9, 0)], predToGt: [-1] },
    { name: "IoU below the threshold does not match", gts: [gt(0)], preds: [pred(6, 0.9)], predToGt: [-1] },
  ])("$name", ({ gts, preds, predToGt }) => {
    expect(Array.from(matchImage(gts, preds).predToGt)).toEqual(predToGt);
  });

  it("matches across classes when class-agnostic and records the IoU", () => {
    const m = matchImage([gt(0, 1)], [pred(5, 0.9, 0)], { classAgnostic: true, iouThreshold: 0.3 });
    expect(Array.from(m.gtToPred)).toEqual([0]);
    expect(m.iou[0]).toBeCloseTo(1 / 3, 12);
  });
});
