import { readdirSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import type { PreprocessSpec } from "../../../src-main/core/decode/layout";
import { computeLetterbox } from "../../../src-main/core/geometry/letterbox";
import { prepareImage, type InputFormat } from "../../../src-main/inference/preprocess";
import { RACCOON_IMAGES, TOY_IMAGES } from "./helpers";

/**
 * The fused letterbox pass against the decoding it replaced: sharp resized AND padded the image (`extend`), then a
 * separate pass laid the padded HWC pixels out as NCHW. The new pass pads while laying out; the tensors must be equal
 * value for value on real photos (the toy example's, the three greyscale raccoons, and raccoons of up to 2000×1333 px, larger than the input),
 * so the boxes predicted from them are the same.
 */
const ULTRALYTICS: PreprocessSpec = { channelOrder: "rgb", pixelScale: 1 / 255, padMode: "center", padValue: 114 };
const YOLOX: PreprocessSpec = { channelOrder: "bgr", pixelScale: 1, padMode: "top-left", padValue: 114 };

/** The previous decoding, kept here as the reference. */
async function previousDecoding(file: string, fmt: InputFormat): Promise<Float32Array> {
  const meta = await sharp(file).metadata();
  const lb = computeLetterbox(meta.autoOrient?.width ?? meta.width, meta.autoOrient?.height ?? meta.height, fmt.widthPx, fmt.heightPx, fmt.preprocess.padMode);
  const pad = fmt.preprocess.padValue;
  const { data: px, info } = await sharp(file)
    .autoOrient()
    .removeAlpha()
    .toColourspace("srgb")
    .resize(lb.resizedWidthPx, lb.resizedHeightPx, { fit: "fill", kernel: "linear", fastShrinkOnLoad: false })
    .extend({ top: lb.padTopPx, bottom: lb.padBottomPx, left: lb.padLeftPx, right: lb.padRightPx, background: { r: pad, g: pad, b: pad } })
    .raw({ depth: "uchar" })
    .toBuffer({ resolveWithObject: true });
  const plane = fmt.widthPx * fmt.heightPx;
  const out = new Float32Array(3 * plane);
  const order = fmt.preprocess.channelOrder === "bgr" ? [2, 1, 0] : [0, 1, 2];
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) out[(order[c] as number) * plane + i] = (px[i * info.channels + c] as number) * fmt.preprocess.pixelScale;
  }
  return out;
}

const grey = ["raccoon-150.jpg", "raccoon-152.jpg", "raccoon-161.jpg"].map((f) => join(RACCOON_IMAGES, f));
const toy = readdirSync(TOY_IMAGES).filter((f) => f.endsWith(".jpg")).sort().map((f) => join(TOY_IMAGES, f));
const large = ["raccoon-100.jpg", "raccoon-183.jpg", "raccoon-197.jpg", "raccoon-105.jpg"].map((f) => join(RACCOON_IMAGES, f));

describe("the fused letterbox pass", () => {
  it.each([
    { name: "Ultralytics at 640", size: 640, preprocess: ULTRALYTICS, files: [...toy.slice(0, 6), ...grey, ...large] },
    { name: "Ultralytics at 320", size: 320, preprocess: ULTRALYTICS, files: [...toy.slice(6), ...grey, ...large] },
    { name: "YOLOX (BGR, 0–255, top-left) at 416", size: 416, preprocess: YOLOX, files: [...toy.slice(0, 3), ...grey.slice(0, 1), ...large.slice(0, 2)] },
  ])("gives the previous decoding's tensor exactly: $name", async ({ size, preprocess, files }) => {
    const fmt: InputFormat = { widthPx: size, heightPx: size, type: "float32", preprocess };
    for (const file of files) {
      const want = await previousDecoding(file, fmt);
      const got = (await prepareImage(file, fmt)).data as Float32Array;
      let differing = 0;
      for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) differing++;
      expect({ file, differing }).toEqual({ file, differing: 0 });
    }
  });
});
