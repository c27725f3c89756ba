import { describe, expect, it } from "vitest";
import { countChanges, diffReview, type ChangeLabel, type ChangePrediction } from "../../../../src-main/core/review/changes";

const pred = (id: number, over: Partial<ChangePrediction> = {}): ChangePrediction => ({
  id, classId: 1, className: "crop", score: 0.9, box: { x: 10, y: 10, w: 20, h: 20 }, status: "pending", acceptedAs: null, ...over,
});
const label = (id: string, over: Partial<ChangeLabel> = {}): ChangeLabel => ({
  id, classId: 1, className: "crop", box: { x: 10, y: 10, w: 20, h: 20 }, source: "prediction", score: 0.9, ...over,
});

describe("what a review changed on an image", () => {
  it("tells accepted, moved, reclassified, rejected, pending, drawn and kept boxes apart", () => {
    const predictions = [
      pred(1, { status: "accepted", acceptedAs: "a" }),
      pred(2, { status: "accepted", acceptedAs: "b" }),
      pred(3, { status: "accepted", acceptedAs: "c" }),
      pred(4, { status: "rejected" }),
      pred(5),
      pred(6, { status: "accepted", acceptedAs: "gone" }),
    ];
    const labels = [
      label("a"),
      label("b", { box: { x: 12, y: 10, w: 20, h: 20 } }), // left edge moved by 2 px
      label("c", { classId: 2, className: "weed", box: { x: 0, y: 0, w: 5, h: 5 } }), // class wins over the move
      label("d", { source: "manual", score: null }),
      label("e", { source: "import", score: null }),
    ];
    const items = diffReview(predictions, labels);
    expect(items.map((i) => [i.kind, i.predictionId, i.labelId])).toEqual([
      ["accepted", 1, "a"],
      ["moved", 2, "b"],
      ["reclassified", 3, "c"],
      ["rejected", 4, null],
      ["pending", 5, null],
      ["rejected", 6, null],
      ["drawn", null, "d"],
      ["kept", null, "e"],
    ]);
    expect(items[1]?.predictedBox).toEqual({ x: 10, y: 10, w: 20, h: 20 });
    expect(items[2]?.fromClassName).toBe("crop");
    expect(countChanges(items)).toEqual({ accepted: 1, moved: 1, reclassified: 1, rejected: 2, pending: 1, drawn: 1, kept: 1 });
  });

  it("does not call a box moved for a float round trip under half a pixel", () => {
    const items = diffReview([pred(1, { status: "accepted", acceptedAs: "a" })], [label("a", { box: { x: 10.3, y: 9.8, w: 20, h: 20.1 } })]);
    expect(items[0]?.kind).toBe("accepted");
  });

  it("compares a predicted box past the border by its part inside the image", () => {
    const past = pred(1, { status: "accepted", acceptedAs: "a", box: { x: 90, y: 70, w: 20, h: 15 } });
    const kept = label("a", { box: { x: 90, y: 70, w: 10, h: 10 } });
    expect(diffReview([past], [kept], { width: 100, height: 80 })[0]?.kind).toBe("accepted");
    expect(diffReview([past], [kept])[0]?.kind).toBe("moved");
  });
});
