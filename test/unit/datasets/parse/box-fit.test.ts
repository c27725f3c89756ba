import { describe, expect, it } from "vitest";
import { fitBox } from "../../../../src-main/datasets/parse/box-fit";

describe("fitBox", () => {
  it("keeps a box inside the image bit for bit, and ignores float noise at the border", () => {
    const box = { x: 0.1, y: 0.2, w: 10.3, h: 5 };
    expect(fitBox(box, 20, 10)).toEqual({ ok: true, box, clipped: false });
    expect(fitBox({ x: 0, y: 0, w: 20.0000000001, h: 10 }, 20, 10)).toMatchObject({ ok: true, clipped: false });
  });

  it("clips a box reaching up to 1% (at least 1 px) past the border", () => {
    expect(fitBox({ x: -1, y: 2, w: 5, h: 8.5 }, 20, 10)).toEqual({ ok: true, box: { x: 0, y: 2, w: 4, h: 8 }, clipped: true });
  });

  it("refuses a box far outside", () => {
    expect(fitBox({ x: 15, y: 0, w: 10, h: 5 }, 20, 10)).toEqual({ ok: false, problem: "box (15,0,10,5) lies outside the 20x10 image" });
  });
});
