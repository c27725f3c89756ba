import { join } from "node:path";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import type { PreprocessSpec } from "../../../src-main/core/decode/layout";
import { float16BitsToFloat32 } from "../../../src-main/inference/float16";
import { prepareImage, type InputFormat } from "../../../src-main/inference/preprocess";
import { tempDir } from "../../helpers/temp";

const tmp = tempDir("loupe-prep-");
afterAll(() => tmp.cleanup());

const ULTRALYTICS: PreprocessSpec = { channelOrder: "rgb", pixelScale: 1 / 255, padMode: "center", padValue: 114 };
const YOLOX: PreprocessSpec = { channelOrder: "bgr", pixelScale: 1, padMode: "top-left", padValue: 114 };
const fmt = (preprocess: PreprocessSpec, type: InputFormat["type"] = "float32"): InputFormat => ({ widthPx: 64, heightPx: 64, type, preprocess });

/** Value of channel c at (x, y) of a 64×64 NCHW tensor, back on the 0–255 scale. */
function at(data: Float32Array | Uint16Array, c: number, x: number, y: number, scale: number): number {
  const v = data[c * 64 * 64 + y * 64 + x] as number;
  return Math.round((data instanceof Uint16Array ? float16BitsToFloat32(v) : v) / scale);
}

async function image(name: string, make: ReturnType<typeof sharp>): Promise<string> {
  const file = join(tmp.dir, name);
  await make.toFile(file);
  return file;
}

describe("prepareImage (sharp)", () => {
  it("letterboxes a 32×16 red image into the middle of a grey 64×64 input, RGB, /255, NCHW", async () => {
    const file = await image("red.png", sharp({ create: { width: 32, height: 16, channels: 3, background: { r: 255, g: 0, b: 0 } } }).png());
    const p = await prepareImage(file, fmt(ULTRALYTICS));
    expect(p).toMatchObject({ widthPx: 32, heightPx: 16, letterbox: { scale: 2, padTopPx: 16, padBottomPx: 16 } });
    expect([0, 1, 2].map((c) => at(p.data, c, 32, 32, 1 / 255))).toEqual([255, 0, 0]);
    expect([0, 1, 2].map((c) => at(p.data, c, 32, 2, 1 / 255))).toEqual([114, 114, 114]); // top padding
    expect(p.data[32 * 64 + 32]).toBeCloseTo(1, 6);
  });

  it("prepares YOLOX inputs as BGR 0–255 pasted at the top-left", async () => {
    const file = await image("red2.png", sharp({ create: { width: 32, height: 16, channels: 3, background: { r: 255, g: 0, b: 0 } } }).png());
    const p = await prepareImage(file, fmt(YOLOX));
    expect([0, 1, 2].map((c) => at(p.data, c, 10, 10, 1))).toEqual([0, 0, 255]); // B, G, R
    expect([0, 1, 2].map((c) => at(p.data, c, 10, 40, 1))).toEqual([114, 114, 114]); // below the pasted image
  });

  it("writes float16 tensors for float16 models", async () => {
    const file = await image("grey.png", sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 51, g: 51, b: 51 } } }).png());
    const p = await prepareImage(file, fmt(ULTRALYTICS, "float16"));
    expect(p.data).toBeInstanceOf(Uint16Array);
    expect(at(p.data, 1, 5, 5, 1 / 255)).toBe(51);
  });

  it.each([
    { name: "a 16-bit PNG", make: () => sharp({ create: { width: 32, height: 16, channels: 3, background: { r: 255, g: 0, b: 0 } } }).toColourspace("rgb16").png(), want: [255, 0, 0] },
    { name: "an RGBA PNG (alpha dropped, as cv2.imread does)", make: () => sharp({ create: { width: 32, height: 16, channels: 4, background: { r: 0, g: 255, b: 0, alpha: 0.5 } } }).png(), want: [0, 255, 0] },
    { name: "a one-channel greyscale JPEG", make: () => sharp({ create: { width: 32, height: 16, channels: 3, background: { r: 90, g: 90, b: 90 } } }).toColourspace("b-w").jpeg({ quality: 100 }), want: [90, 90, 90] },
  ])("reads $name as 8-bit RGB", async ({ name, make, want }) => {
    const file = await image(`${name.length}.${name.includes("JPEG") ? "jpg" : "png"}`, make());
    const p = await prepareImage(file, fmt(ULTRALYTICS));
    expect([0, 1, 2].map((c) => at(p.data, c, 32, 32, 1 / 255))).toEqual(want);
  });

  it("reports the size after EXIF orientation and refuses what is not an image", async () => {
    const rotated = await image("rot.jpg", sharp({ create: { width: 40, height: 20, channels: 3, background: "#000" } }).jpeg().withMetadata({ orientation: 8 }));
    expect(await prepareImage(rotated, fmt(ULTRALYTICS))).toMatchObject({ widthPx: 20, heightPx: 40 });
    await expect(prepareImage(join(tmp.dir, "none.jpg"), fmt(ULTRALYTICS))).rejects.toMatchObject({ code: "E_IO" });
  });
});
