import { describe, expect, it } from "vitest";
import {
  ANCHOR_HIT_PX,
  MIN_BOX_HIT_PX,
  anchorLayout,
  boxHitRect,
  handleAt,
  minBoxSizePx,
  resizeRect,
} from "../../../../src-renderer/canvas/model/anchors";
import { imagePoint } from "../../../../src-renderer/canvas/model/viewport";
import { rect } from "./builders";

const ZOOMS = [0.02, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 4, 8, 16, 32, 64];
const SIDES_PX = [0.5, 1, 2, 3, 6, 10, 16, 24, 40, 100, 400, 2000];

describe("anchor sizing keeps handles usable at any zoom", () => {
  for (const scale of ZOOMS) {
    it(`at zoom ${scale}, every handle is ${ANCHOR_HIT_PX} px on screen, handles never overlap, and the box centre stays free`, () => {
      for (const w of SIDES_PX) {
        for (const h of [w, w * 3]) {
          const r = rect(100, 100, w, h);
          const layout = anchorLayout(r, scale);
          for (const a of layout.handles) expect(2 * a.halfHitPx * scale).toBeCloseTo(ANCHOR_HIT_PX, 9);
          // No two hit squares overlap (touching is fine).
          for (const [i, a] of layout.handles.entries()) {
            for (const b of layout.handles.slice(i + 1)) {
              const overlapX = Math.abs(a.center.x - b.center.x) * scale < ANCHOR_HIT_PX - 1e-6;
              const overlapY = Math.abs(a.center.y - b.center.y) * scale < ANCHOR_HIT_PX - 1e-6;
              expect(overlapX && overlapY, `${a.handle} overlaps ${b.handle} for ${w}×${h} px`).toBe(false);
            }
          }
          // The centre of the box is never under a handle: it can always be grabbed to move it.
          expect(handleAt(r, scale, imagePoint(r.x + w / 2, r.y + h / 2))).toBeNull();
          // The box can be grabbed over at least MIN_BOX_HIT_PX on screen.
          const hit = boxHitRect(r, scale);
          expect(Math.min(hit.w, hit.h) * scale).toBeGreaterThanOrEqual(MIN_BOX_HIT_PX - 1e-9);
        }
      }
    });
  }

  it("a 4×4 box at 100 % gets only corner handles, pushed 8 px outside", () => {
    const layout = anchorLayout(rect(10, 10, 4, 4), 1);
    expect(layout.paddingPx).toBe(8);
    expect(layout.handles.map((h) => h.handle)).toEqual(["top-left", "top-right", "bottom-right", "bottom-left"]);
    expect(layout.handles[0]?.center).toEqual({ x: 2, y: 2 });
  });

  it("the same 4×4 box at 1600 % is 64 px on screen and gets handles on its corners and sides", () => {
    const layout = anchorLayout(rect(10, 10, 4, 4), 16);
    expect(layout.paddingPx).toBe(0);
    expect(layout.handles).toHaveLength(8);
    expect(handleAt(rect(10, 10, 4, 4), 16, imagePoint(14, 12))).toBe("right");
  });

  it("the minimum box size is 4 screen pixels converted to image pixels", () => {
    expect(minBoxSizePx(1)).toBe(4);
    expect(minBoxSizePx(4)).toBe(1);
    expect(minBoxSizePx(0.5)).toBe(8);
  });
});

describe("resizing", () => {
  const image = { width: 100, height: 80 };

  it("drags the bottom-right corner by the pointer's travel", () => {
    expect(resizeRect(rect(10, 10, 10, 10), "bottom-right", 5, 3, 1, image)).toEqual(rect(10, 10, 15, 13));
  });

  it("flips when dragged past the opposite edge and clamps at the image border", () => {
    expect(resizeRect(rect(10, 10, 10, 10), "bottom-right", 5, -20, 1, image)).toEqual(rect(10, 0, 15, 10));
  });

  it("a side handle moves one edge only", () => {
    expect(resizeRect(rect(10, 10, 10, 10), "left", -4, 50, 1, image)).toEqual(rect(6, 10, 14, 10));
  });

  it("keeps the minimum size, growing away from the fixed edge", () => {
    expect(resizeRect(rect(10, 10, 10, 10), "right", -9.5, 0, 2, image)).toEqual(rect(10, 10, 2, 10));
  });

  it("keeps the minimum size at the image border by growing inward", () => {
    expect(resizeRect(rect(90, 10, 10, 10), "left", 10, 0, 2, image)).toEqual(rect(98, 10, 2, 10));
  });
});
