import { describe, expect, it } from "vitest";
import { DEMO_CLASSES, MIN_OBJECT_PX, planScene, planSplits } from "../../../../src-main/datasets/demo/plan";
import { renderScene } from "../../../../src-main/datasets/demo/render";

describe("the demo scene planner", () => {
  it("plans the same scene for the same seed and index, and another for another index", () => {
    expect(planScene(3, 5, { width: 200, height: 100 })).toEqual(planScene(3, 5, { width: 200, height: 100 }));
    expect(planScene(3, 6, { width: 200, height: 100 })).not.toEqual(planScene(3, 5, { width: 200, height: 100 }));
  });

  it("keeps every box inside the image and at least 8 px on each side, flagging the cut-off ones as truncated", () => {
    for (let i = 0; i < 100; i++) {
      const s = planScene(9, i, { width: 160, height: 120 });
      for (const o of s.objects) {
        expect(o.box.x).toBeGreaterThanOrEqual(0);
        expect(o.box.y).toBeGreaterThanOrEqual(0);
        expect(o.box.x + o.box.w).toBeLessThanOrEqual(160);
        expect(o.box.y + o.box.h).toBeLessThanOrEqual(120);
        expect(Math.min(o.box.w, o.box.h)).toBeGreaterThanOrEqual(MIN_OBJECT_PX);
        const xs = o.polygon.map((p) => p.x);
        const ys = o.polygon.map((p) => p.y);
        const cut = Math.min(...xs) < 0 || Math.min(...ys) < 0 || Math.max(...xs) > 160 || Math.max(...ys) > 120;
        expect(o.truncated).toBe(cut);
        expect(o.classIndex).toBeLessThan(DEMO_CLASSES.length);
      }
    }
  });

  it("splits 10 images into 2 train, 1 val, 1 test and 6 pool", () => {
    const s = planSplits(10, 4);
    expect(["train", "val", "test", "pool"].map((k) => s.filter((x) => x === k).length)).toEqual([2, 1, 1, 6]);
  });

  it("renders the same pixels for the same scene", () => {
    const scene = planScene(1, 2, { width: 40, height: 30 });
    const a = renderScene(scene);
    expect(a).toHaveLength(40 * 30 * 3);
    expect(renderScene(scene)).toEqual(a);
  });
});
