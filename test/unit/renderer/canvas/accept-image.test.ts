import { describe, expect, it } from "vitest";
import { apply } from "../../../../src-renderer/canvas/model/apply";
import { acceptImageCommand, summarizeAcceptImage } from "../../../../src-renderer/canvas/model/commands";
import { enterNote } from "../../../../src-renderer/canvas/model/enter-note";
import { counterIds, makeDoc, makeLabel, makePrediction } from "./builders";

describe("Enter: this image is now right", () => {
  const doc = makeDoc([
    makePrediction({ id: "p1", score: 0.92 }),
    makePrediction({ id: "p2", score: 0.25 }),
    makePrediction({ id: "p3", score: 0.1 }),
    makePrediction({ id: "p4", score: 0.8, status: "rejected" }),
  ]);

  it("accepts the pending predictions at or above the threshold and rejects those below, as one undo step", () => {
    const command = acceptImageCommand(doc, 0.25, counterIds())!;
    const result = apply(doc, command);
    expect(result.edits.map((e) => e.kind)).toEqual(["create", "create"]);
    expect(result.predictionUpdates.map((u) => [u.predictionId, u.status, u.acceptedAs])).toEqual([
      ["p1", "accepted", "new-1"],
      ["p2", "accepted", "new-2"],
      ["p3", "rejected", null],
    ]);
    expect(summarizeAcceptImage(doc, 0.25)).toEqual({ accept: 2, reject: 1, marksEmpty: false });
    // the inverse takes it all back
    const back = apply(result.doc, result.inverse);
    expect(back.doc.boxes.map((b) => [b.id, b.source === "prediction" ? b.status : "label"])).toEqual([
      ["p1", "pending"], ["p2", "pending"], ["p3", "pending"], ["p4", "rejected"],
    ]);
  });

  it("marks an image left with no box empty, and does nothing on an image that is already right", () => {
    const onlyLow = makeDoc([makePrediction({ id: "p1", score: 0.1 })]);
    const command = acceptImageCommand(onlyLow, 0.5, counterIds())!;
    expect(apply(onlyLow, command).edits).toEqual([{ kind: "setImageEmpty", imageId: 7, empty: true }]);
    expect(summarizeAcceptImage(onlyLow, 0.5)).toEqual({ accept: 0, reject: 1, marksEmpty: true });
    expect(acceptImageCommand(makeDoc([makeLabel({ id: "a" })]), 0.5, counterIds())).toBeNull();
    expect(acceptImageCommand(makeDoc([], { isEmpty: true }), 0.5, counterIds())).toBeNull();
  });
});

describe("what Enter will do, in words", () => {
  it.each([
    [{ accept: 9, reject: 2, marksEmpty: false }, "Enter accepts 9 boxes, rejects 2"],
    [{ accept: 1, reject: 0, marksEmpty: false }, "Enter accepts 1 box"],
    [{ accept: 0, reject: 3, marksEmpty: true }, "Enter rejects 3 and marks the image empty"],
    [{ accept: 0, reject: 0, marksEmpty: true }, "Enter marks the image empty (no boxes)"],
    [{ accept: 0, reject: 0, marksEmpty: false }, "Enter keeps the boxes as they are"],
  ])("%j → %s", (summary, text) => {
    expect(enterNote(summary)).toBe(text);
  });
});

describe("accepting a prediction that reaches past the border", () => {
  it("keeps the part of the box inside the image instead of refusing the whole edit", () => {
    const doc = makeDoc([makePrediction({ id: "p1", score: 0.9, rect: { x: 90, y: 70, w: 20, h: 15 } })]); // 100×80 image
    const result = apply(doc, acceptImageCommand(doc, 0.5, counterIds())!);
    expect(result.edits[0]).toMatchObject({ kind: "create", box: { x: 90, y: 70, w: 10, h: 10 } });
  });
});
