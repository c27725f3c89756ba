import { describe, expect, it } from "vitest";
import { countObjects, describeCounts, objectRows } from "../../../../src-renderer/canvas/model/objects";
import { makeDoc, makeLabel, makePrediction } from "./builders";

describe("the objects panel", () => {
  it("lists pending predictions by score, then labels, then rejected ones, and counts them in words", () => {
    const doc = makeDoc([
      makePrediction({ id: "p1", score: 0.4 }),
      makePrediction({ id: "p2", score: 0.9 }),
      makePrediction({ id: "p3", status: "accepted", acceptedAs: null }),
      makePrediction({ id: "p4", status: "rejected" }),
      makeLabel({ id: "a", origin: "prediction", score: 0.8 }),
      makeLabel({ id: "d", origin: "manual" }),
    ]);
    const rows = objectRows(doc);
    expect(rows.map((r) => [r.id, r.state, r.source])).toEqual([
      ["p2", "pending", "model"], ["p1", "pending", "model"], ["a", "accepted", "model"], ["d", "drawn", "person"], ["p4", "rejected", "model"],
    ]);
    expect(describeCounts(countObjects(rows))).toBe("2 pending, 1 accepted, 1 drawn, 1 rejected");
    expect(describeCounts(countObjects([]))).toBe("no boxes");
  });
});
