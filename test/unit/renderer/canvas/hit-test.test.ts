import { describe, expect, it } from "vitest";
import { hitTest, tabOrder } from "../../../../src-renderer/canvas/model/hit-test";
import { imagePoint } from "../../../../src-renderer/canvas/model/viewport";
import { id, makeDoc, makeLabel, makePrediction, rect } from "./builders";

const at = (x: number, y: number) => imagePoint(x, y);
const opts = { scale: 1, selectedId: null, showPredictions: true };

describe("hit testing", () => {
  it("a tiny box on top of a large one is the one hit", () => {
    const doc = makeDoc([makeLabel({ id: "small", rect: rect(40, 40, 2, 2) }), makeLabel({ id: "big", rect: rect(0, 0, 100, 80) })]);
    expect(hitTest(doc, at(41, 41), opts)).toEqual({ kind: "box", boxId: "small" });
    expect(hitTest(doc, at(10, 10), opts)).toEqual({ kind: "box", boxId: "big" });
  });

  it("a 2-pixel box is grabbable 5 px from its centre at 100 %, but not at 400 %", () => {
    const doc = makeDoc([makeLabel({ id: "s", rect: rect(40, 40, 2, 2) })]);
    expect(hitTest(doc, at(46, 41), opts)).toEqual({ kind: "box", boxId: "s" });
    expect(hitTest(doc, at(46, 41), { ...opts, scale: 4 })).toEqual({ kind: "none" });
  });

  it("handles of the selected box come first", () => {
    const doc = makeDoc([makeLabel({ id: "a", rect: rect(10, 10, 40, 40) }), makeLabel({ id: "b", rect: rect(5, 5, 6, 6) })]);
    expect(hitTest(doc, at(10, 10), { ...opts, selectedId: id("a") })).toEqual({ kind: "handle", boxId: "a", handle: "top-left" });
    expect(hitTest(doc, at(10, 10), opts)).toEqual({ kind: "box", boxId: "b" });
  });

  it("labels win over predictions of the same size; hidden, accepted and rejected predictions are not hit", () => {
    const doc = makeDoc([makeLabel({ id: "L", rect: rect(10, 10, 10, 10) }), makePrediction({ id: "p", rect: rect(10, 10, 10, 10) })]);
    expect(hitTest(doc, at(15, 15), opts)).toEqual({ kind: "box", boxId: "L" });
    const only = makeDoc([makePrediction({ id: "p", rect: rect(10, 10, 10, 10) }), makePrediction({ id: "q", status: "rejected", rect: rect(30, 30, 10, 10) })]);
    expect(hitTest(only, at(15, 15), opts)).toEqual({ kind: "box", boxId: "p" });
    expect(hitTest(only, at(15, 15), { ...opts, showPredictions: false })).toEqual({ kind: "none" });
    expect(hitTest(only, at(35, 35), opts)).toEqual({ kind: "none" });
  });

  it("predictions below the confidence slider are not hit", () => {
    const doc = makeDoc([makePrediction({ id: "p", score: 0.3, rect: rect(10, 10, 10, 10) })]);
    expect(hitTest(doc, at(15, 15), { ...opts, minScore: 0.3 })).toEqual({ kind: "box", boxId: "p" });
    expect(hitTest(doc, at(15, 15), { ...opts, minScore: 0.31 })).toEqual({ kind: "none" });
  });

  it("Tab walks boxes top to bottom, then left to right", () => {
    const doc = makeDoc([makeLabel({ id: "c", rect: rect(0, 50, 5, 5) }), makeLabel({ id: "b", rect: rect(50, 10, 5, 5) }), makeLabel({ id: "a", rect: rect(10, 10, 5, 5) })]);
    expect(tabOrder(doc, true)).toEqual(["a", "b", "c"]);
  });
});
