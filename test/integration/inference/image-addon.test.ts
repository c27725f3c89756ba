import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import type { PreprocessSpec } from "../../../src-main/core/decode/layout";
import { computeLetterbox } from "../../../src-main/core/geometry/letterbox";
import { imageAddon, imageAddonStatus, loadImageAddon, resetImageAddon, type ImageAddon } from "../../../src-main/inference/image-addon";
import { letterboxToNchw, prepareImageBytes, type InputFormat } from "../../../src-main/inference/preprocess";
import { createRng } from "../../../src-main/core/random";
import { withImageAddon } from "../../helpers/image-addon";
import { tempDir } from "../../helpers/temp";
import { RACCOON_IMAGES, SHARED, TOY_IMAGES } from "./helpers";

/**
 * Loupe's image addon (src-native/image). Where libjpeg's headers are installed (CI installs them, scripts/test.sh)
 * the addon must be built and load; it must give sharp's pixels byte for byte, decline what sharp would change
 * after decoding, survive hostile bytes, and lay tensors out value for value as the JS pass does.
 */
const expectAddon = process.platform === "linux" && existsSync("/usr/include/jpeglib.h");
const addon = imageAddon();
const ULTRALYTICS: PreprocessSpec = { channelOrder: "rgb", pixelScale: 1 / 255, padMode: "center", padValue: 114 };
const YOLOX: PreprocessSpec = { channelOrder: "bgr", pixelScale: 1, padMode: "top-left", padValue: 114 };

const toy = readdirSync(TOY_IMAGES).filter((f) => f.endsWith(".jpg")).sort().map((f) => join(TOY_IMAGES, f));
const raccoons = readdirSync(RACCOON_IMAGES).filter((f) => f.endsWith(".jpg")).sort().map((f) => join(RACCOON_IMAGES, f));
const bccd = join(SHARED, "bccd/BCCD/JPEGImages");
const grey = ["raccoon-150.jpg", "raccoon-152.jpg", "raccoon-161.jpg"].map((f) => join(RACCOON_IMAGES, f));
const photos = [...toy, ...grey, ...raccoons.slice(0, 40), ...readdirSync(bccd).sort().slice(0, 8).map((f) => join(bccd, f))];

afterEach(() => {
  delete process.env.LOUPE_IMAGE_ADDON;
  delete process.env.LOUPE_NATIVE_DIR;
  resetImageAddon();
});

describe.runIf(expectAddon)("the image addon (built here: libjpeg's headers are installed)", () => {
  it("is built into native/ and loads, naming its libjpeg", () => {
    expect(addon, "native/loupe_image.node is missing or does not load: run `npm run build:native`").not.toBeNull();
    expect(addon?.library).toMatch(/^libjpeg(-turbo)? \d/);
    expect(imageAddonStatus()).toEqual({ decoder: "image addon", library: addon?.library, file: addon?.file });
  });

  it("decodes real photos to sharp's pixels byte for byte (greyscale as one band)", async () => {
    const a = addon as ImageAddon;
    let decoded = 0;
    for (const file of photos) {
      const bytes = readFileSync(file);
      const px = a.decode(bytes);
      if (typeof px === "string") {
        expect(px, file).toBe("an embedded ICC profile"); // the only reason among these photos (see the next test)
        continue;
      }
      const meta = await sharp(bytes).metadata();
      const want = await sharp(bytes).toColourspace(meta.channels === 1 ? "b-w" : "srgb").raw().toBuffer({ resolveWithObject: true });
      expect({ file, w: px.width, h: px.height, c: px.channels }).toEqual({ file, w: want.info.width, h: want.info.height, c: want.info.channels });
      expect(Buffer.compare(px.data, want.data), file).toBe(0);
      expect(a.inspect(bytes)).toEqual({ width: px.width, height: px.height, channels: px.channels });
      decoded++;
    }
    expect(decoded).toBeGreaterThanOrEqual(photos.length - 5);
    expect(grey.map((f) => (a.inspect(readFileSync(f)) as { channels: number }).channels)).toEqual([1, 1, 1]);
  });

  it("leaves to sharp what sharp changes after decoding: an ICC profile, an EXIF rotation, CMYK", async () => {
    const a = addon as ImageAddon;
    expect(a.decode(readFileSync(join(RACCOON_IMAGES, "raccoon-11.jpg")))).toBe("an embedded ICC profile");
    const rgb = await sharp({ create: { width: 24, height: 16, channels: 3, background: { r: 200, g: 40, b: 10 } } }).raw().toBuffer();
    const raw = { raw: { width: 24, height: 16, channels: 3 as const } };
    const rotated = await sharp(rgb, raw).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect(a.inspect(rotated)).toBe("EXIF orientation 6");
    const withExif = await sharp(rgb, raw).withExif({ IFD0: { Software: "Loupe test" } }).jpeg().toBuffer();
    expect(a.inspect(withExif)).toEqual({ width: 24, height: 16, channels: 3 }); // EXIF without a rotation is fine
    const cmyk = await sharp(rgb, raw).toColourspace("cmyk").jpeg().toBuffer();
    expect(a.inspect(cmyk)).toBe("a CMYK or YCCK colour space");
    // the orientation as a signed SHORT: sharp (libexif) still rotates by it, so the addon must not read it as 1
    const signed = withoutIcc(rotated);
    const le = signed.indexOf(Buffer.from([0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00]));
    const be = signed.indexOf(Buffer.from([0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01]));
    expect(Math.max(le, be)).toBeGreaterThan(0);
    if (le > 0) signed[le + 2] = 8;
    else signed[be + 3] = 8;
    expect(await sharp(signed).metadata()).toMatchObject({ autoOrient: { width: 16, height: 24 }, hasProfile: false });
    expect(a.inspect(signed)).toBe("an EXIF orientation stored in a form Loupe does not read");
  });

  it("leaves a progressive file whose scans stop short to sharp (the unrefined blocks are smoothed differently)", async () => {
    const a = addon as ImageAddon;
    const photo = readFileSync(toy[0] as string);
    const progressive = await sharp(photo).jpeg({ quality: 90, progressive: true }).toBuffer();
    // complete, it decodes to sharp's bytes
    const whole = a.decode(progressive);
    if (typeof whole === "string") throw new Error(`a complete progressive file was declined: ${whole}`);
    expect(Buffer.compare(whole.data, await sharp(progressive).toColourspace("srgb").raw().toBuffer())).toBe(0);
    // cut after its first scan (the DC coefficients only) and closed with an end-of-image marker: no libjpeg warning
    const sos = Buffer.from([0xff, 0xda]);
    const second = progressive.indexOf(sos, progressive.indexOf(sos) + 2);
    expect(second).toBeGreaterThan(0);
    const dcOnly = Buffer.concat([progressive.subarray(0, second), Buffer.from([0xff, 0xd9])]);
    expect(a.decode(dcOnly)).toBe("a progressive scan sequence that leaves coefficients unrefined");
    expect(a.inspect(dcOnly)).toEqual({ width: whole.width, height: whole.height, channels: 3 }); // its header is fine
    // the preparer then decodes it through sharp, which does
    await expect(sharp(dcOnly).raw().toBuffer()).resolves.toBeInstanceOf(Buffer);
  });

  it("answers hostile bytes with a reason, never a crash: not a JPEG, empty, garbage after the marker, truncated", async () => {
    const a = addon as ImageAddon;
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#fff" } }).png().toBuffer();
    expect(a.decode(png)).toBe("not a JPEG");
    expect(a.decode(new Uint8Array(0))).toBe("not a JPEG");
    const garbage = new Uint8Array(4096);
    const rng = createRng(7);
    for (let i = 0; i < garbage.length; i++) garbage[i] = rng.int(256);
    garbage.set([0xff, 0xd8, 0xff, 0xc0]);
    expect(a.decode(garbage)).toMatch(/^libjpeg( warning)?: /);
    const photo = readFileSync(toy[0] as string);
    const truncated = photo.subarray(0, Math.floor(photo.length / 2));
    expect(a.decode(truncated)).toMatch(/^libjpeg warning: /); // sharp refuses it too: the preparer reports sharp's error
    await expect(sharp(truncated).raw().toBuffer()).rejects.toThrow();
    expect(() => (loadImageAddon(addon?.file as string) as ImageAddon).decode("x" as unknown as Uint8Array)).toThrow(TypeError);
  });

  it("lays tensors out exactly as the JS pass: float32 and float16, 1, 3 and 4 bands, RGB and BGR, any padding", () => {
    const rng = createRng(11);
    const cases = [
      { w: 64, h: 64, src: [40, 23], channels: 3, type: "float32", preprocess: ULTRALYTICS },
      { w: 64, h: 48, src: [17, 60], channels: 1, type: "float32", preprocess: YOLOX },
      { w: 32, h: 32, src: [32, 9], channels: 4, type: "float16", preprocess: ULTRALYTICS },
      { w: 33, h: 31, src: [5, 31], channels: 3, type: "float16", preprocess: YOLOX },
    ] as const;
    for (const c of cases) {
      const fmt: InputFormat = { widthPx: c.w, heightPx: c.h, type: c.type, preprocess: c.preprocess };
      const lb = computeLetterbox(c.src[0], c.src[1], c.w, c.h, c.preprocess.padMode);
      const px = Uint8Array.from({ length: lb.resizedWidthPx * lb.resizedHeightPx * c.channels }, () => rng.int(256));
      const make = () => (c.type === "float32" ? new Float32Array(3 * c.w * c.h).fill(-7) : new Uint16Array(3 * c.w * c.h).fill(9));
      const inC = letterboxToNchw(px, c.channels, lb, fmt, make(), addon);
      const inJs = letterboxToNchw(px, c.channels, lb, fmt, make(), null);
      expect(Buffer.from(inC.buffer).equals(Buffer.from(inJs.buffer)), JSON.stringify(c)).toBe(true);
    }
  });

  it("refuses sizes that do not fit instead of writing outside the tensor", () => {
    const a = addon as ImageAddon;
    const lut = new Float32Array(256);
    const ok = { px: new Uint8Array(8 * 4 * 3), channels: 3, resizedWidthPx: 8, resizedHeightPx: 4, out: new Float32Array(3 * 64), widthPx: 8, heightPx: 8, padTopPx: 2, padLeftPx: 0, lut, padIndex: 114, bgr: false };
    expect(() => a.layout(ok)).not.toThrow();
    expect(() => a.layout({ ...ok, padTopPx: 5 })).toThrow(RangeError); // 4 rows from row 5 of 8
    expect(() => a.layout({ ...ok, resizedWidthPx: 9 })).toThrow(RangeError);
    expect(() => a.layout({ ...ok, px: new Uint8Array(10) })).toThrow(RangeError);
    expect(() => a.layout({ ...ok, out: new Float32Array(3 * 63) })).toThrow(RangeError);
    expect(() => a.layout({ ...ok, lut: new Float32Array(255) })).toThrow(RangeError);
    expect(() => a.layout({ ...ok, out: new Uint16Array(3 * 64) })).toThrow(RangeError); // lut and tensor types differ
    expect(() => a.layout({ ...ok, padIndex: 256 })).toThrow(RangeError);
    // sides whose products wrap around 64 bits (3 × w × h ≡ 41,258) must not pass the length check
    expect(() => a.layout({ ...ok, px: new Uint8Array(3), resizedWidthPx: 1, resizedHeightPx: 1, padTopPx: 0, out: new Float32Array(41_258), widthPx: 4_294_853_786, heightPx: 1_431_693_603 })).toThrow(RangeError);
    const one = { ...ok, px: new Uint8Array(3), resizedWidthPx: 1, resizedHeightPx: 1, padTopPx: 0 };
    expect(() => a.layout({ ...one, out: new Float32Array(3 * 65_536), widthPx: 65_536, heightPx: 1 })).not.toThrow();
    expect(() => a.layout({ ...one, out: new Float32Array(3 * 65_537), widthPx: 65_537, heightPx: 1 })).toThrow(RangeError); // wider than any tensor
  });
});

/** The JPEG without its ICC profile segments (APP2 "ICC_PROFILE"), everything else byte for byte. */
function withoutIcc(jpeg: Buffer): Buffer {
  const parts: Buffer[] = [jpeg.subarray(0, 2)];
  let at = 2;
  // the segments before the first scan: FF xx, then a big-endian length that counts itself
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff && jpeg[at + 1] !== 0xda) {
    const end = at + 2 + jpeg.readUInt16BE(at + 2);
    const icc = jpeg[at + 1] === 0xe2 && jpeg.subarray(at + 4, at + 16).toString("latin1") === "ICC_PROFILE\0";
    if (!icc) parts.push(jpeg.subarray(at, end));
    at = end;
  }
  parts.push(jpeg.subarray(at));
  return Buffer.concat(parts);
}

describe("how this machine decodes JPEGs (loupe doctor)", () => {
  it("says why sharp decodes them: turned off, or not built with the command that builds it", () => {
    process.env.LOUPE_IMAGE_ADDON = "off";
    resetImageAddon();
    expect(imageAddonStatus()).toEqual({ decoder: "sharp", reason: "turned off (LOUPE_IMAGE_ADDON=off)" });
    delete process.env.LOUPE_IMAGE_ADDON;
    process.env.LOUPE_NATIVE_DIR = join(SHARED, "no-such-folder");
    resetImageAddon();
    expect(imageAddonStatus()).toMatchObject({ decoder: "sharp", reason: expect.stringMatching(/not built: .*libjpeg62-turbo-dev.*npm run build:native/) });
  });

  it("says what the loader said when the addon is there but does not load (a damaged or foreign file)", () => {
    const t = tempDir("loupe-addon-"); // afterEach puts LOUPE_NATIVE_DIR and the loaded addon back
    try {
      writeFileSync(join(t.dir, "loupe_image.node"), "not a shared object");
      process.env.LOUPE_NATIVE_DIR = t.dir;
      resetImageAddon();
      const status = imageAddonStatus();
      expect(status).toMatchObject({ decoder: "sharp", file: join(t.dir, "loupe_image.node") });
      expect(status.reason).toMatch(/^the image addon is built but does not load here: .*(invalid ELF header|file too short|not a valid)/i);
      expect(status.reason).toContain("npm run build:native");
    } finally {
      t.cleanup();
    }
  });
});

describe("image preparation with and without the addon", () => {
  /** The tensor with the addon (as loaded here) and with LOUPE_IMAGE_ADDON=off. */
  async function both(bytes: Buffer, fmt: InputFormat) {
    const withAddon = await withImageAddon(true, () => prepareImageBytes(bytes, fmt));
    const without = await withImageAddon(false, () => prepareImageBytes(bytes, fmt));
    return { withAddon, without };
  }

  it("gives the same tensors at 640 and 416 on real photos (upscaled, downscaled, greyscale, ICC, 2000×1333)", async () => {
    const files = [...toy.slice(0, 6), ...["raccoon-150.jpg", "raccoon-100.jpg", "raccoon-183.jpg", "raccoon-11.jpg", "raccoon-119.jpg"].map((f) => join(RACCOON_IMAGES, f))];
    for (const [size, preprocess] of [[640, ULTRALYTICS], [416, YOLOX]] as const) {
      for (const file of files) {
        const { withAddon, without } = await both(readFileSync(file), { widthPx: size, heightPx: size, type: "float32", preprocess });
        expect(withAddon.letterbox).toEqual(without.letterbox);
        expect({ file, size, same: Buffer.from(withAddon.data.buffer).equals(Buffer.from(without.data.buffer)) }).toEqual({ file, size, same: true });
      }
    }
  });

  it("differs at most by 2 of 255 on a few values where libvips rounds a memory image's reduce differently (320 px)", async () => {
    // raccoon-119 (400×533 → 240×320): libvips' vertical reduce places 4 rows' kernels from region-relative positions
    const { withAddon, without } = await both(readFileSync(join(RACCOON_IMAGES, "raccoon-119.jpg")), { widthPx: 320, heightPx: 320, type: "float32", preprocess: ULTRALYTICS });
    let differing = 0;
    let max = 0;
    for (let i = 0; i < withAddon.data.length; i++) {
      const d = Math.abs((withAddon.data[i] as number) - (without.data[i] as number)) * 255;
      if (d > 1e-4) differing++;
      max = Math.max(max, d);
    }
    if (!addon) return expect(differing).toBe(0); // both are sharp's route here
    expect(max).toBeLessThanOrEqual(2 + 1e-4);
    expect(differing).toBeGreaterThan(0); // the known case: if libvips changes, this note and the bench's figures change
    expect(differing / withAddon.data.length).toBeLessThan(0.005);
  });
});
