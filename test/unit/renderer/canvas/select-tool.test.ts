import { describe, expect, it } from "vitest";
import { getBox } from "../../../../src-renderer/canvas/model/doc";
import { selectTool } from "../../../../src-renderer/canvas/tools/select-tool";
import { id, makeDoc, makeLabel, makePrediction, rect } from "./builders";
import { ToolDriver } from "./tool-driver";

const withBox = () => makeDoc([makeLabel({ id: "a", rect: rect(10, 10, 20, 20) })]);

describe("select tool", () => {
  it("pressing a box selects it; releasing without moving emits nothing", () => {
    const t = new ToolDriver(selectTool, withBox());
    t.pointerDown(20, 20).expectState("select.pointing-box");
    expect(t.selectedId).toBe("a");
    t.pointerUp(20, 20).expectState("select.idle");
    expect(t.commands).toEqual([]);
  });

  it("pressing empty space clears the selection", () => {
    const t = new ToolDriver(selectTool, withBox(), { selectedId: id("a") });
    t.click(80, 70);
    expect(t.selectedId).toBeNull();
  });

  it("a drag moves the box with ONE command when released", () => {
    const t = new ToolDriver(selectTool, withBox());
    t.pointerDown(20, 20).pointerMove(25, 22).expectState("select.translating");
    t.pointerMove(30, 25);
    expect(t.preview).toEqual({ boxId: "a", rect: rect(20, 15, 20, 20) });
    expect(t.commands).toEqual([]);
    t.pointerUp(30, 25).expectState("select.idle");
    expect(t.commands).toEqual([{ kind: "updateGeometry", id: "a", rect: rect(20, 15, 20, 20) }]);
  });

  it("a movement under the drag threshold (3 screen px) is still a click", () => {
    const t = new ToolDriver(selectTool, withBox());
    t.pointerDown(20, 20).pointerMove(22, 21).expectState("select.pointing-box").pointerUp(22, 21);
    expect(t.commands).toEqual([]);
  });

  it("the threshold is in screen pixels: at 400 % a 1-image-pixel move already drags", () => {
    const t = new ToolDriver(selectTool, withBox(), { viewport: { scale: 4, x: 0, y: 0 } });
    t.pointerDown(20, 20).pointerMove(21, 20).expectState("select.translating");
  });

  it("Escape during a drag discards it: no command, box where it was", () => {
    const t = new ToolDriver(selectTool, withBox());
    t.pointerDown(20, 20).pointerMove(40, 40).cancel().expectState("select.idle");
    t.pointerUp(40, 40);
    expect(t.commands).toEqual([]);
    expect(getBox(t.doc, id("a"))?.rect).toEqual(rect(10, 10, 20, 20));
  });

  it("a moved box stays inside the image", () => {
    const t = new ToolDriver(selectTool, withBox());
    t.drag(20, 20, 500, -300);
    expect(t.lastCommand).toEqual({ kind: "updateGeometry", id: "a", rect: rect(80, 0, 20, 20) });
  });

  it("dragging a handle of the selected box resizes it", () => {
    const t = new ToolDriver(selectTool, withBox(), { selectedId: id("a") });
    t.pointerDown(30, 30).expectState("select.resizing(bottom-right)");
    t.pointerMove(35, 40).pointerUp(35, 40);
    expect(t.commands).toEqual([{ kind: "updateGeometry", id: "a", rect: rect(10, 10, 25, 30) }]);
  });

  it("resizing keeps 4 screen pixels at least", () => {
    const t = new ToolDriver(selectTool, withBox(), { selectedId: id("a"), viewport: { scale: 2, x: 0, y: 0 } });
    t.pointerDown(30, 30).pointerMove(10, 10).pointerUp(10, 10);
    expect(t.lastCommand).toEqual({ kind: "updateGeometry", id: "a", rect: rect(10, 10, 2, 2) });
  });

  it("resizing an existing 2-px box at 100 % does not force it up to the 4-px minimum", () => {
    const t = new ToolDriver(selectTool, makeDoc([makeLabel({ id: "t", rect: rect(40, 40, 2, 2) })]), { selectedId: id("t") });
    // The bottom-right handle of a tiny box sits 8 px outside its corner.
    t.pointerDown(50, 50).expectState("select.resizing(bottom-right)");
    t.pointerMove(53, 50).pointerUp(53, 50);
    expect(t.lastCommand).toEqual({ kind: "updateGeometry", id: "t", rect: rect(40, 40, 5, 2) });
  });

  it("Escape during a resize discards it", () => {
    const t = new ToolDriver(selectTool, withBox(), { selectedId: id("a") });
    t.pointerDown(30, 30).pointerMove(50, 50).cancel().pointerUp(50, 50);
    expect(t.commands).toEqual([]);
  });

  it("a tiny selected box can still be moved by its middle at 100 %", () => {
    const t = new ToolDriver(selectTool, makeDoc([makeLabel({ id: "t", rect: rect(40, 40, 3, 3) })]), { selectedId: id("t") });
    t.pointerDown(41.5, 41.5).expectState("select.pointing-box");
    t.pointerMove(45.5, 41.5).pointerMove(51.5, 41.5).pointerUp(51.5, 41.5);
    expect(t.lastCommand).toEqual({ kind: "updateGeometry", id: "t", rect: rect(50, 40, 3, 3) });
  });

  it("moving a pending prediction accepts it with the corrected box and selects the new label", () => {
    const t = new ToolDriver(selectTool, makeDoc([makePrediction({ id: "p", rect: rect(50, 50, 10, 10) })]));
    t.drag(55, 55, 60, 52);
    expect(t.commands).toEqual([{ kind: "acceptPrediction", predictionId: "p", labelId: "new-1", rect: rect(55, 47, 10, 10) }]);
    expect(t.selectedId).toBe("new-1");
  });

  it("Escape when idle clears the selection", () => {
    const t = new ToolDriver(selectTool, withBox(), { selectedId: id("a") });
    t.cancel();
    expect(t.selectedId).toBeNull();
  });

  it("the middle button does nothing in the select tool", () => {
    const t = new ToolDriver(selectTool, withBox());
    t.pointerDown(20, 20, { button: 1 }).expectState("select.idle");
  });
});
