import { describe, expect, it } from "vitest";
import { panTool } from "../../../../src-renderer/canvas/tools/pan-tool";
import { makeDoc } from "./builders";
import { ToolDriver } from "./tool-driver";

describe("pan tool", () => {
  it("moves the viewport by the pointer's travel in stage pixels and emits no command", () => {
    const t = new ToolDriver(panTool, makeDoc(), { viewport: { scale: 2, x: 0, y: 0 } });
    const stage = { space: "stage" } as const;
    t.pointerDown(100, 100, stage).expectState("pan.panning");
    t.pointerMove(130, 90, stage).pointerMove(140, 95, stage).pointerUp(140, 95, stage).expectState("pan.idle");
    expect(t.viewport).toEqual({ scale: 2, x: 40, y: -5 });
    expect(t.commands).toEqual([]);
  });

  it("moving without pressing does not pan", () => {
    const t = new ToolDriver(panTool, makeDoc());
    t.pointerMove(50, 50, { space: "stage" });
    expect(t.viewport).toEqual({ scale: 1, x: 0, y: 0 });
  });
});
