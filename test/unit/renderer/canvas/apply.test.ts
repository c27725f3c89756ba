import { describe, expect, it } from "vitest";
import { apply, CommandError, labelEditsFor } from "../../../../src-renderer/canvas/model/apply";
import type { Command } from "../../../../src-renderer/canvas/model/commands";
import { acceptAllAboveCommand, createLabelCommand, markEmptyCommand, nudgeCommand } from "../../../../src-renderer/canvas/model/commands";
import { createDoc, getBox } from "../../../../src-renderer/canvas/model/doc";
import type { ReviewDoc } from "../../../../src-renderer/canvas/model/doc";
import { counterIds, id, makeDoc, makeLabel, makePrediction, rect } from "./builders";

/** Applies the command, then its inverse, and checks the document came back. */
function roundTrip(doc: ReviewDoc, command: Command): ReviewDoc {
  const done = apply(doc, command);
  expect(apply(done.doc, done.inverse).doc).toEqual(doc);
  return done.doc;
}

describe("apply: labels", () => {
  it("creating a box adds it on top and its inverse deletes it", () => {
    const doc = makeDoc([makeLabel({ id: "a" })]);
    const after = roundTrip(doc, createLabelCommand(id("b"), 2, rect(1, 2, 3, 4)));
    expect(after.boxes.map((b) => b.id)).toEqual(["a", "b"]);
    expect(getBox(after, id("b"))).toMatchObject({ source: "label", classId: 2, rect: rect(1, 2, 3, 4), origin: "manual" });
  });

  it("deleting a box and undoing puts it back at the same place in drawing order", () => {
    const doc = makeDoc([makeLabel({ id: "a" }), makeLabel({ id: "b" }), makeLabel({ id: "c" })]);
    const { doc: after, inverse } = apply(doc, { kind: "deleteBox", id: id("b") });
    expect(after.boxes.map((b) => b.id)).toEqual(["a", "c"]);
    expect(inverse).toMatchObject({ kind: "createBox", index: 1 });
    expect(apply(after, inverse).doc).toEqual(doc);
  });

  it("moving a box records the old rectangle in the inverse", () => {
    const doc = makeDoc([makeLabel({ id: "a", rect: rect(10, 10, 20, 20) })]);
    const { inverse } = apply(doc, { kind: "updateGeometry", id: id("a"), rect: rect(15, 12, 20, 20) });
    expect(inverse).toEqual({ kind: "updateGeometry", id: "a", rect: rect(10, 10, 20, 20) });
    roundTrip(doc, { kind: "updateGeometry", id: id("a"), rect: rect(15, 12, 20, 20) });
  });

  it("setting the class a box already has changes nothing", () => {
    const doc = makeDoc([makeLabel({ id: "a", classId: 3 })]);
    const r = apply(doc, { kind: "setClass", id: id("a"), classId: 3 });
    expect(r.changed).toBe(false);
    expect(r.doc).toBe(doc);
    expect(r.edits).toEqual([]);
  });

  it("refuses a box that leaves the image, naming the image size", () => {
    const doc = makeDoc([makeLabel({ id: "a" })]);
    expect(() => apply(doc, { kind: "updateGeometry", id: id("a"), rect: rect(90, 0, 20, 10) })).toThrow(/outside the image \(100×80\)/);
  });

  it("refuses to edit the geometry of a prediction in place", () => {
    const doc = makeDoc([makePrediction({ id: "p" })]);
    expect(() => apply(doc, { kind: "updateGeometry", id: id("p"), rect: rect(0, 0, 5, 5) })).toThrow(CommandError);
  });

  it("never modifies the document it was given", () => {
    const doc = makeDoc([makeLabel({ id: "a" })]);
    const copy = structuredClone(doc);
    apply(doc, { kind: "deleteBox", id: id("a") });
    apply(doc, { kind: "updateGeometry", id: id("a"), rect: rect(0, 0, 1, 1) });
    expect(doc).toEqual(copy);
  });
});

describe("apply: predictions", () => {
  it("accepting a prediction creates a label with its class, box and score and marks it accepted", () => {
    const doc = makeDoc([makePrediction({ id: "p", classId: 4, score: 0.75, rect: rect(5, 6, 7, 8) })]);
    const after = roundTrip(doc, { kind: "acceptPrediction", predictionId: id("p"), labelId: id("L") });
    expect(getBox(after, id("L"))).toMatchObject({ source: "label", classId: 4, score: 0.75, rect: rect(5, 6, 7, 8), origin: "prediction" });
    expect(getBox(after, id("p"))).toMatchObject({ status: "accepted", acceptedAs: "L" });
  });

  it("accepting with another class and a corrected box keeps the score", () => {
    const doc = makeDoc([makePrediction({ id: "p", classId: 4, score: 0.6 })]);
    const after = roundTrip(doc, { kind: "acceptPrediction", predictionId: id("p"), labelId: id("L"), classId: 2, rect: rect(1, 1, 2, 2) });
    expect(getBox(after, id("L"))).toMatchObject({ classId: 2, rect: rect(1, 1, 2, 2), score: 0.6 });
  });

  it("a prediction cannot be accepted twice", () => {
    const doc = makeDoc([makePrediction({ id: "p", status: "accepted", acceptedAs: id("L") })]);
    expect(() => apply(doc, { kind: "acceptPrediction", predictionId: id("p"), labelId: id("M") })).toThrow(/already accepted/);
  });

  it("rejecting a prediction only changes its status and sends no label edit", () => {
    const doc = makeDoc([makePrediction({ id: "p" })]);
    const r = apply(doc, { kind: "rejectPrediction", predictionId: id("p") });
    expect(getBox(r.doc, id("p"))).toMatchObject({ status: "rejected" });
    expect(r.edits).toEqual([]);
    expect(r.predictionUpdates).toEqual([{ predictionId: "p", status: "rejected", acceptedAs: null }]);
    expect(apply(r.doc, r.inverse).doc).toEqual(doc);
    expect(apply(r.doc, r.inverse).predictionUpdates).toEqual([{ predictionId: "p", status: "pending", acceptedAs: null }]);
  });

  it("reports the review decisions of an edit so they can be stored too", () => {
    const doc = makeDoc([makePrediction({ id: "p1" }), makePrediction({ id: "p2" }), makeLabel({ id: "a" })]);
    expect(apply(doc, { kind: "acceptPrediction", predictionId: id("p2"), labelId: id("L") }).predictionUpdates).toEqual([
      { predictionId: "p2", status: "accepted", acceptedAs: "L" },
    ]);
    expect(apply(doc, { kind: "deleteBox", id: id("a") }).predictionUpdates).toEqual([]);
  });

  it("accept-all takes the pending predictions at or above the threshold, one label each", () => {
    const doc = makeDoc([
      makePrediction({ id: "p1", score: 0.9 }),
      makePrediction({ id: "p2", score: 0.5 }),
      makePrediction({ id: "p3", score: 0.49 }),
      makePrediction({ id: "p4", score: 0.95, status: "rejected" }),
    ]);
    const command = acceptAllAboveCommand(doc, 0.5, counterIds("L"));
    expect(command).toEqual({ kind: "acceptAllAbove", minScore: 0.5, accepted: [
      { predictionId: "p1", labelId: "L-1" },
      { predictionId: "p2", labelId: "L-2" },
    ] });
    const after = roundTrip(doc, command as Command);
    expect(after.boxes.filter((b) => b.source === "label")).toHaveLength(2);
  });

  it("accept-all with nothing above the threshold builds no command", () => {
    expect(acceptAllAboveCommand(makeDoc([makePrediction({ id: "p", score: 0.2 })]), 0.5, counterIds())).toBeNull();
  });

  it("deleting a label that came from a prediction marks that prediction rejected, and undo restores both", () => {
    const doc = apply(makeDoc([makePrediction({ id: "p" })]), { kind: "acceptPrediction", predictionId: id("p"), labelId: id("L") }).doc;
    const after = roundTrip(doc, { kind: "deleteBox", id: id("L") });
    expect(getBox(after, id("p"))).toMatchObject({ status: "rejected", acceptedAs: null });
  });
});

describe("apply: confirmed-empty images", () => {
  it("marking empty is refused while the image has labels", () => {
    const doc = makeDoc([makeLabel({ id: "a" })]);
    expect(() => apply(doc, { kind: "markEmpty", empty: true })).toThrow(/1 label\(s\)/);
    expect(markEmptyCommand(doc)).toBeNull();
  });

  it("marking empty rejects the pending predictions in the same undo step", () => {
    const doc = makeDoc([makePrediction({ id: "p1" }), makePrediction({ id: "p2", status: "rejected" })]);
    const command = markEmptyCommand(doc) as Command;
    const after = roundTrip(doc, command);
    expect(after.isEmpty).toBe(true);
    expect(getBox(after, id("p1"))).toMatchObject({ status: "rejected" });
    expect(labelEditsFor(doc, command)).toEqual([{ kind: "setImageEmpty", imageId: 7, empty: true }]);
  });

  it("drawing on an empty image clears the mark, and undo puts the mark back", () => {
    const doc = makeDoc([], { isEmpty: true });
    const r = apply(doc, createLabelCommand(id("a"), 1, rect(0, 0, 5, 5)));
    expect(r.doc.isEmpty).toBe(false);
    expect(apply(r.doc, r.inverse).doc).toEqual(doc);
    expect(apply(r.doc, r.inverse).edits).toEqual([
      { kind: "delete", id: "a" },
      { kind: "setImageEmpty", imageId: 7, empty: true },
    ]);
  });
});

describe("labelEditsFor: what labels.applyEdits receives", () => {
  const doc = makeDoc([makeLabel({ id: "a", classId: 1, rect: rect(10, 10, 20, 20) }), makePrediction({ id: "p", classId: 2, score: 0.8, rect: rect(1, 2, 3, 4) })]);

  it.each<[string, Command, unknown[]]>([
    ["create", createLabelCommand(id("n"), 3, rect(0, 0, 4, 4)), [{ kind: "create", id: "n", imageId: 7, classId: 3, box: rect(0, 0, 4, 4), source: "manual", score: null }]],
    ["move", { kind: "updateGeometry", id: id("a"), rect: rect(11, 10, 20, 20) }, [{ kind: "update", id: "a", box: rect(11, 10, 20, 20) }]],
    ["set class", { kind: "setClass", id: id("a"), classId: 5 }, [{ kind: "update", id: "a", classId: 5 }]],
    ["delete", { kind: "deleteBox", id: id("a") }, [{ kind: "delete", id: "a" }]],
    ["accept", { kind: "acceptPrediction", predictionId: id("p"), labelId: id("L") }, [{ kind: "create", id: "L", imageId: 7, classId: 2, box: rect(1, 2, 3, 4), source: "prediction", score: 0.8 }]],
    ["reject", { kind: "rejectPrediction", predictionId: id("p") }, []],
  ])("%s maps to its label edit", (_name, command, edits) => {
    expect(labelEditsFor(doc, command)).toEqual(edits);
  });

  it("undoing a delete re-creates the label with the same id, origin and score", () => {
    const withAccepted = apply(doc, { kind: "acceptPrediction", predictionId: id("p"), labelId: id("L") }).doc;
    const { doc: deleted, inverse } = apply(withAccepted, { kind: "deleteBox", id: id("L") });
    expect(labelEditsFor(deleted, inverse)).toEqual([{ kind: "create", id: "L", imageId: 7, classId: 2, box: rect(1, 2, 3, 4), source: "prediction", score: 0.8 }]);
  });
});

describe("document helpers", () => {
  it("createDoc puts predictions under labels and keeps an accepted prediction's link", () => {
    const doc = createDoc({
      imageId: 3,
      width: 640,
      height: 480,
      labels: [{ id: "L", imageId: 3, classId: 1, box: rect(1, 1, 2, 2), source: "import", author: "x", reviewState: "pending", flags: {}, score: null, createdAt: 0, updatedAt: 0, version: 1 }],
      predictions: [{ id: "p", classId: 1, box: rect(1, 1, 2, 2), score: 0.7, acceptedAs: "L" }],
    });
    expect(doc.boxes.map((b) => `${b.source}:${b.id}`)).toEqual(["prediction:p", "label:L"]);
    expect(getBox(doc, id("p"))).toMatchObject({ status: "accepted", acceptedAs: "L" });
  });

  it("nudging stops at the image border", () => {
    const doc = makeDoc([makeLabel({ id: "a", rect: rect(0, 70, 10, 10) })]);
    expect(nudgeCommand(doc, id("a"), -1, 0)).toBeNull();
    expect(nudgeCommand(doc, id("a"), 10, 5)).toEqual({ kind: "updateGeometry", id: "a", rect: rect(10, 70, 10, 10) });
  });
});
