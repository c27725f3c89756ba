import { describe, expect, it } from "vitest";
import { frameRegion, fitImage, imageRectToStage } from "../../../../src-renderer/canvas/model/viewport";

const view = { width: 800, height: 600 };
const inside = (r: { x: number; y: number; w: number; h: number }) => r.x >= -1e-9 && r.y >= -1e-9 && r.x + r.w <= view.width + 1e-9 && r.y + r.h <= view.height + 1e-9;

describe("crop-first framing", () => {
  it("shows a 60-px region with three times its size around it, not at ~10×", () => {
    const vp = frameRegion({ x: 500, y: 400, w: 60, h: 60 }, { width: 2000, height: 1500 }, view, 24);
    expect(vp.scale).toBeCloseTo(552 / 180, 6); // (600 - 2·24) / 180
    expect(inside(imageRectToStage(vp, { x: 500, y: 400, w: 60, h: 60 }))).toBe(true);
    const centre = imageRectToStage(vp, { x: 530, y: 430, w: 0, h: 0 });
    expect([centre.x, centre.y]).toEqual([400, 300]);
  });

  it("never zooms past 4× for a tiny region", () => {
    expect(frameRegion({ x: 100, y: 100, w: 4, h: 4 }, { width: 2000, height: 1500 }, view).scale).toBe(4);
  });

  it("keeps the context inside the image at a corner, and never zooms out past the whole image", () => {
    const image = { width: 2000, height: 1500 };
    const vp = frameRegion({ x: 0, y: 0, w: 100, h: 100 }, image, view);
    const shown = imageRectToStage(vp, { x: 0, y: 0, w: image.width, h: image.height });
    expect([shown.x, shown.y]).toEqual([0, 0]); // slid to the corner: nothing outside the image shows
    const big = frameRegion({ x: 0, y: 0, w: 1500, h: 1400 }, image, view);
    expect(big.scale).toBeCloseTo(fitImage(image, view).scale, 9);
  });
});
