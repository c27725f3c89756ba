import { describe, expect, it } from "vitest";
import { drawBoxTool } from "../../../../src-renderer/canvas/tools/draw-box-tool";
import { makeDoc, rect } from "./builders";
import { ToolDriver } from "./tool-driver";

const newBox = (r: ReturnType<typeof rect>, classId = 1) => ({
  kind: "createBox",
  box: { source: "label", id: "new-1", classId, rect: r, score: null, origin: "manual", status: "pending" },
});

describe("draw-box tool", () => {
  it("press, drag and release draws one box of the active class and selects it", () => {
    const t = new ToolDriver(drawBoxTool, makeDoc());
    t.activeClassId = 3;
    t.pointerDown(10, 10).expectState("draw.pointing");
    t.pointerMove(20, 15).expectState("draw.dragging");
    expect(t.preview).toEqual({ boxId: null, rect: rect(10, 10, 10, 5) });
    t.pointerMove(30, 40).pointerUp(30, 40).expectState("draw.idle");
    expect(t.commands).toEqual([newBox(rect(10, 10, 20, 30), 3)]);
    expect(t.selectedId).toBe("new-1");
  });

  it("dragging up and to the left draws the same box", () => {
    const t = new ToolDriver(drawBoxTool, makeDoc()).drag(30, 40, 10, 10);
    expect(t.commands).toEqual([newBox(rect(10, 10, 20, 30))]);
  });

  it("click, move, click draws a box too (click-click)", () => {
    const t = new ToolDriver(drawBoxTool, makeDoc());
    t.click(10, 10).expectState("draw.placing-second-corner");
    t.pointerMove(25, 30);
    expect(t.preview).toEqual({ boxId: null, rect: rect(10, 10, 15, 20) });
    t.pointerDown(25, 30).expectState("draw.idle").pointerUp(25, 30);
    expect(t.commands).toEqual([newBox(rect(10, 10, 15, 20))]);
  });

  it("a box is clamped to the image", () => {
    const t = new ToolDriver(drawBoxTool, makeDoc()).drag(-20, 70, 50, 200);
    expect(t.commands).toEqual([newBox(rect(0, 70, 50, 10))]);
  });

  it("boxes under 4 screen pixels are dropped at 100 %, but a 2-pixel box is fine at 400 %", () => {
    const t = new ToolDriver(drawBoxTool, makeDoc()).drag(10, 10, 13, 30);
    expect(t.commands).toEqual([]);
    const zoomed = new ToolDriver(drawBoxTool, makeDoc(), { viewport: { scale: 4, x: 0, y: 0 } }).drag(10, 10, 12, 12);
    expect(zoomed.commands).toEqual([newBox(rect(10, 10, 2, 2))]);
  });

  it("Escape while dragging drops the box", () => {
    const t = new ToolDriver(drawBoxTool, makeDoc());
    t.pointerDown(10, 10).pointerMove(40, 40).cancel().expectState("draw.idle").pointerUp(40, 40);
    expect(t.commands).toEqual([]);
    expect(t.preview).toBeNull();
  });

  it("Escape after the first click of click-click drops it", () => {
    const t = new ToolDriver(drawBoxTool, makeDoc());
    t.click(10, 10).pointerMove(40, 40).cancel().expectState("draw.idle");
    t.click(50, 50).expectState("draw.placing-second-corner");
    expect(t.commands).toEqual([]);
  });

  it("draws several boxes in a row without switching tools", () => {
    const t = new ToolDriver(drawBoxTool, makeDoc()).drag(0, 0, 10, 10).drag(20, 20, 30, 30);
    expect(t.commands).toHaveLength(2);
    expect(t.doc.boxes.map((b) => b.id)).toEqual(["new-1", "new-2"]);
  });
});
