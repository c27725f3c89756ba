import { describe, expect, it } from "vitest";
import { readImageHeader } from "../../../../src-main/datasets/parse/image-header";

const u16be = (v: number) => [(v >> 8) & 255, v & 255];
const u32be = (v: number) => [(v >>> 24) & 255, (v >> 16) & 255, (v >> 8) & 255, v & 255];
const u16le = (v: number) => [v & 255, (v >> 8) & 255];
const u32le = (v: number) => [v & 255, (v >> 8) & 255, (v >> 16) & 255, (v >>> 24) & 255];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** A minimal baseline JPEG of w × h, with an EXIF orientation when given. */
function jpeg(w: number, h: number, orientation?: number, end = true): Uint8Array {
  const exif = orientation === undefined ? [] : (() => {
    const tiff = [...ascii("II*\u0000"), ...u32le(8), ...u16le(1), ...u16le(0x0112), ...u16le(3), ...u32le(1), ...u16le(orientation), 0, 0, ...u32le(0)];
    return [0xff, 0xe1, ...u16be(2 + 6 + tiff.length), ...ascii("Exif\u0000\u0000"), ...tiff];
  })();
  const sof = [0xff, 0xc0, ...u16be(17), 8, ...u16be(h), ...u16be(w), 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  const sos = [0xff, 0xda, ...u16be(12), 3, 1, 0, 2, 0x11, 3, 0x11, 0, 63, 0];
  return new Uint8Array([0xff, 0xd8, ...exif, ...sof, ...sos, 0x12, 0xff, 0x00, 0x34, ...(end ? [0xff, 0xd9] : [])]);
}

function png(w: number, h: number, end = true): Uint8Array {
  const sig = [0x89, ...ascii("PNG\r\n\u001a\n")];
  const ihdr = [...u32be(13), ...ascii("IHDR"), ...u32be(w), ...u32be(h), 8, 2, 0, 0, 0, 0, 0, 0, 0];
  const iend = [...u32be(0), ...ascii("IEND"), 0xae, 0x42, 0x60, 0x82];
  return new Uint8Array([...sig, ...ihdr, ...(end ? iend : [])]);
}

function bmp(w: number, h: number, core = false): Uint8Array {
  const dib = core ? [...u32le(12), ...u16le(w), ...u16le(h), ...u16le(1), ...u16le(24)] : [...u32le(40), ...u32le(w), ...u32le(-h >>> 0), ...u16le(1), ...u16le(24), ...new Array(24).fill(0)];
  const head = 14 + dib.length;
  const size = head + 4;
  return new Uint8Array([...ascii("BM"), ...u32le(size), 0, 0, 0, 0, ...u32le(head), ...dib, 1, 2, 3, 0]);
}

function webpVp8x(w: number, h: number): Uint8Array {
  const chunk = [...ascii("VP8X"), ...u32le(10), 0, 0, 0, 0, ...u32le(w - 1).slice(0, 3), ...u32le(h - 1).slice(0, 3)];
  return new Uint8Array([...ascii("RIFF"), ...u32le(4 + chunk.length), ...ascii("WEBP"), ...chunk]);
}

function tiff(w: number, h: number, orientation: number): Uint8Array {
  const entry = (tag: number, v: number) => [...u16be(tag), ...u16be(3), ...u32be(1), ...u16be(v), 0, 0];
  return new Uint8Array([...ascii("MM\u0000*"), ...u32be(8), ...u16be(3), ...entry(256, w), ...entry(257, h), ...entry(274, orientation), ...u32be(0)]);
}

describe("readImageHeader", () => {
  it.each([
    ["a JPEG", jpeg(640, 480), { format: "jpeg", width: 640, height: 480, orientation: 1 }],
    ["a JPEG with EXIF orientation 6 (size swapped)", jpeg(640, 480, 6), { format: "jpeg", width: 480, height: 640, orientation: 6 }],
    ["a JPEG with EXIF orientation 3 (size kept)", jpeg(640, 480, 3), { format: "jpeg", width: 640, height: 480, orientation: 3 }],
    ["a PNG", png(300, 200), { format: "png", width: 300, height: 200, orientation: 1 }],
    ["a bottom-up BMP (BITMAPINFOHEADER)", bmp(5, 3), { format: "bmp", width: 5, height: 3, orientation: 1 }],
    ["an OS/2 BMP (BITMAPCOREHEADER)", bmp(7, 2, true), { format: "bmp", width: 7, height: 2, orientation: 1 }],
    ["an extended WebP (VP8X)", webpVp8x(1000, 700), { format: "webp", width: 1000, height: 700, orientation: 1 }],
    ["a big-endian TIFF with orientation 8", tiff(30, 20, 8), { format: "tiff", width: 20, height: 30, orientation: 8 }],
  ])("reads %s", (_what, bytes, header) => {
    expect(readImageHeader(bytes)).toEqual({ ok: true, header });
  });

  it.each([
    ["zero bytes", new Uint8Array(), "empty file (0 bytes)"],
    ["text", new Uint8Array(ascii("hello, world")), "not a recognised image (jpg, png, webp, bmp, tif)"],
    ["a JPEG without its end marker", jpeg(10, 10, undefined, false), "truncated JPEG (no end-of-image marker)"],
    ["a JPEG cut inside its headers", jpeg(10, 10).subarray(0, 12), "truncated JPEG (ends before the image data)"],
    ["a PNG without IEND", png(10, 10, false), "truncated PNG (no IEND chunk)"],
    ["a BMP shorter than it says", bmp(5, 3).subarray(0, 40), "truncated BMP (40 of 58 bytes)"],
    ["a WebP shorter than its RIFF size", webpVp8x(4, 4).subarray(0, 20), "truncated WebP (RIFF says 30 bytes, file has 20)"],
  ])("refuses %s", (_what, bytes, problem) => {
    expect(readImageHeader(bytes)).toEqual({ ok: false, problem });
  });
});
