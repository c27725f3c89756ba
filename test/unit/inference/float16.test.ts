import { describe, expect, it } from "vitest";
import { float16BitsToFloat32, float32ToFloat16Bits } from "../../../src-main/inference/float16";

describe("float16 conversions", () => {
  it.each([
    [0, 0x0000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [65504, 0x7bff],
    [1e6, 0x7c00],
    [2 ** -24, 0x0001],
    [1 / 255, 0x1c04],
  ])("encodes %d as 0x%s", (value, bits) => {
    expect(float32ToFloat16Bits(value)).toBe(bits);
  });

  it("round-trips every pixel value scaled by 1/255 within half precision", () => {
    for (let i = 0; i < 256; i++) {
      const v = i / 255;
      expect(Math.abs(float16BitsToFloat32(float32ToFloat16Bits(v)) - v)).toBeLessThanOrEqual(v * 2 ** -11 + 2 ** -25);
    }
  });

  it("keeps NaN and infinities", () => {
    expect(float16BitsToFloat32(float32ToFloat16Bits(NaN))).toBeNaN();
    expect(float16BitsToFloat32(0xfc00)).toBe(-Infinity);
  });
});
