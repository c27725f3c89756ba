import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { computeLetterbox, mapBoxesToImage } from "../../../src-main/core/geometry/letterbox";
import { prepareImageBytes, scaledLetterbox, type InputFormat } from "../../../src-main/inference/preprocess";

const fmt: InputFormat = { widthPx: 8, heightPx: 8, type: "float32", preprocess: { channelOrder: "rgb", pixelScale: 1, padMode: "center", padValue: 114 } };

/** An 8×8 PNG, black with a white left column. */
async function leftColumnPng(): Promise<Buffer> {
  const px = Buffer.alloc(8 * 8 * 3);
  for (let y = 0; y < 8; y++) px.fill(255, y * 24, y * 24 + 3);
  return sharp(px, { raw: { width: 8, height: 8, channels: 3 } }).png().toBuffer();
}

describe("test-time augmentation in preprocessing", () => {
  it("scales the letterbox and maps boxes back to original pixels", () => {
    const lb = scaledLetterbox(computeLetterbox(640, 640, 640, 640), 0.75);
    expect(lb).toMatchObject({ resizedWidthPx: 480, resizedHeightPx: 480, padLeftPx: 80, padTopPx: 80, padRightPx: 80, scale: 0.75 });
    const b = Float64Array.of(80, 80, 560, 560);
    mapBoxesToImage(b, lb);
    expect([...b]).toEqual([0, 0, 640, 640]);
  });

  it("mirrors the image for hflip (the white column moves to the right)", async () => {
    const png = await leftColumnPng();
    const plain = await prepareImageBytes(png, fmt);
    const flipped = await prepareImageBytes(png, fmt, undefined, "hflip");
    expect(plain.data[0]).toBe(255);
    expect(plain.data[7]).toBe(0);
    expect(flipped.data[0]).toBe(0);
    expect(flipped.data[7]).toBe(255);
    expect(flipped.widthPx).toBe(8);
  });

  it("pads around a smaller copy for scale", async () => {
    const scaled = await prepareImageBytes(await leftColumnPng(), fmt, undefined, "scale");
    expect(scaled.letterbox).toMatchObject({ resizedWidthPx: 6, padLeftPx: 1, scale: 0.75 });
    expect(scaled.data[0]).toBe(114); // top-left is padding now
  });
});
