import { describe, expect, it } from "vitest";
import type { Viewport } from "../../../../src-renderer/canvas/model/viewport";
import {
  fitImage,
  fitRect,
  imagePoint,
  imageRectToStage,
  imageToStage,
  panBy,
  screenPoint,
  screenToStage,
  stagePoint,
  stageToImage,
  stageToScreen,
  visibleImageRect,
  wheelZoomFactor,
  zoomBy,
  zoomTo,
} from "../../../../src-renderer/canvas/model/viewport";

describe("viewport conversions", () => {
  const vp: Viewport = { scale: 2, x: 10, y: 20 };

  it("maps an image point to the stage by scale then offset", () => {
    expect(imageToStage(vp, imagePoint(5, 5))).toEqual({ x: 20, y: 30 });
    expect(imageRectToStage(vp, { x: 5, y: 5, w: 3, h: 4 })).toEqual({ x: 20, y: 30, w: 6, h: 8 });
  });

  it.each([
    [{ scale: 1, x: 0, y: 0 }, 0, 0],
    [{ scale: 0.37, x: -123.4, y: 55.5 }, 640, 480],
    [{ scale: 17.25, x: 3, y: -9000 }, 0.5, 1919.75],
    [{ scale: 0.02, x: 400, y: 300 }, 20000, 15000],
  ])("image → stage → image round trips at %o", (v, x, y) => {
    const back = stageToImage(v, imageToStage(v, imagePoint(x, y)));
    expect(back.x).toBeCloseTo(x, 9);
    expect(back.y).toBeCloseTo(y, 9);
  });

  it("screen → stage → screen round trips through the stage element's origin", () => {
    const origin = screenPoint(240, 64);
    const s = screenToStage(screenPoint(300, 100), origin);
    expect(s).toEqual({ x: 60, y: 36 });
    expect(stageToScreen(s, origin)).toEqual({ x: 300, y: 100 });
  });
});

describe("zoom and pan", () => {
  it("zooming keeps the image point under the cursor in place", () => {
    const vp: Viewport = { scale: 1.5, x: 33, y: -12 };
    const cursor = stagePoint(400, 250);
    const before = stageToImage(vp, cursor);
    const after = zoomBy(vp, cursor, 1.2);
    expect(after.scale).toBeCloseTo(1.8, 12);
    const still = stageToImage(after, cursor);
    expect(still.x).toBeCloseTo(before.x, 9);
    expect(still.y).toBeCloseTo(before.y, 9);
  });

  it("zooming from 1 to 2 about (100, 100) moves the offset to (-100, -100)", () => {
    expect(zoomTo({ scale: 1, x: 0, y: 0 }, stagePoint(100, 100), 2)).toEqual({ scale: 2, x: -100, y: -100 });
  });

  it("clamps the scale to the limits", () => {
    expect(zoomTo({ scale: 1, x: 0, y: 0 }, stagePoint(0, 0), 1000).scale).toBe(64);
    expect(zoomTo({ scale: 1, x: 0, y: 0 }, stagePoint(0, 0), 0.0001, { minScale: 0.1, maxScale: 8 }).scale).toBe(0.1);
  });

  it("one wheel notch zooms by about 1.2 each way, and the two cancel", () => {
    expect(wheelZoomFactor(-100)).toBeCloseTo(1.2, 9);
    expect(wheelZoomFactor(100) * wheelZoomFactor(-100)).toBeCloseTo(1, 12);
    expect(wheelZoomFactor(0)).toBe(1);
  });

  it("panning moves the offset by the pointer's travel", () => {
    expect(panBy({ scale: 3, x: 1, y: 2 }, 10, -5)).toEqual({ scale: 3, x: 11, y: -3 });
  });
});

describe("fit", () => {
  it("fits a 200×100 region into 800×600 at scale 4, centred vertically", () => {
    expect(fitRect({ x: 0, y: 0, w: 200, h: 100 }, { width: 800, height: 600 })).toEqual({ scale: 4, x: 0, y: 100 });
  });

  it("fits the whole image with padding on the limiting side", () => {
    const vp = fitImage({ width: 1000, height: 500 }, { width: 820, height: 600 }, 10);
    expect(vp.scale).toBe(0.8);
    expect(vp).toEqual({ scale: 0.8, x: 10, y: 100 });
    expect(visibleImageRect(vp, { width: 820, height: 600 })).toEqual({ x: -12.5, y: -125, w: 1025, h: 750 });
  });

  it("fitting a tiny region of interest stops at the zoom limit and keeps it centred", () => {
    const vp = fitRect({ x: 100, y: 100, w: 1, h: 1 }, { width: 800, height: 600 }, 0, { minScale: 0.1, maxScale: 16 });
    expect(vp.scale).toBe(16);
    const centre = imageToStage(vp, imagePoint(100.5, 100.5));
    expect(centre).toEqual({ x: 400, y: 300 });
  });
});
