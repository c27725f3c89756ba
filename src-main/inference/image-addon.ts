/**
 * Loupe's image addon (src-native/image, built at install by scripts/build-native.mjs into native/loupe_image.node
 * against the system's libjpeg-turbo): the fast path of image preparation.
 * - `decode`: a JPEG in about a third of sharp's time, with the same IDCT and upsampling, so the pixels are byte for
 *   byte the ones sharp decodes. It declines every file whose pixels sharp would change after decoding (an ICC
 *   profile, an EXIF rotation, CMYK, a libjpeg warning, too many pixels), and the preparer leaves it the images sharp
 *   would shrink on load; those, every other format, and every machine without the addon decode through sharp.
 * - `layout`: the letterbox pass (preprocess.ts letterboxToNchw) in C, value for value the same as the JS one.
 *
 * N-API only, so the one file loads in Node and in Electron. `LOUPE_IMAGE_ADDON=off` turns it off;
 * `LOUPE_NATIVE_DIR` names another folder holding it (a packaged app ships it unpacked, outside the asar).
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createLogger } from "../log";

export const IMAGE_ADDON_FILE = "loupe_image.node";

/** 8-bit pixels, rows top to bottom, channels interleaved (grey, or R G B). */
export interface DecodedPixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 3;
}

/** A JPEG's size and bands, from its header (its EXIF orientation is 1: others are declined). */
export interface JpegHeader {
  width: number;
  height: number;
  channels: 1 | 3;
}

/** Where the resized image goes in the tensor, and how its values are looked up (see letterboxToNchw). */
export interface LayoutArgs {
  px: Uint8Array;
  channels: number;
  resizedWidthPx: number;
  resizedHeightPx: number;
  out: Float32Array | Uint16Array;
  widthPx: number;
  heightPx: number;
  padTopPx: number;
  padLeftPx: number;
  /** 256 entries, out's type. */
  lut: Float32Array | Uint16Array;
  padIndex: number;
  bgr: boolean;
}

export interface ImageAddon {
  /** The header, or the reason this file is left to sharp. Reads no pixel data. */
  inspect(bytes: Uint8Array): JpegHeader | string;
  /** The pixels, or the reason this file is left to sharp. */
  decode(bytes: Uint8Array): DecodedPixels | string;
  /** Fills `out` as letterboxToNchw does; throws a RangeError when the sizes do not fit. */
  layout(a: LayoutArgs): void;
  /** The decoding library, e.g. "libjpeg-turbo 2.1.5". */
  library: string;
  /** The addon file loaded. */
  file: string;
}

interface AddonExports {
  decode(bytes: Uint8Array, headerOnly: boolean): { data?: Buffer; width: number; height: number; channels: number } | string;
  layout(...args: [Uint8Array, number, number, number, Float32Array | Uint16Array, number, number, number, number, Float32Array | Uint16Array, number, boolean]): unknown;
  library: string;
}

const log = createLogger("inference.image-addon");

/** Where the addon is looked for: $LOUPE_NATIVE_DIR, else native/ at the project root above this module. */
export function imageAddonCandidates(env: NodeJS.ProcessEnv = process.env, moduleUrl: string = import.meta.url): string[] {
  if (env.LOUPE_NATIVE_DIR) return [join(resolve(env.LOUPE_NATIVE_DIR), IMAGE_ADDON_FILE)];
  const here = dirname(fileURLToPath(moduleUrl));
  // the sources (src-main/inference), the bundled CLI (out/cli) and the bundled main process (out/main[/chunks])
  return ["../..", "..", "../../.."].map((up) => resolve(here, up, "native", IMAGE_ADDON_FILE));
}

/** Why an addon file that exists did not load, by file (for `loupe doctor`). */
const loadFailures = new Map<string, string>();

/** Loads the addon at `file`; null (with the reason logged) when it is absent or cannot load here. */
export function loadImageAddon(file: string): ImageAddon | null {
  if (!existsSync(file)) return null;
  let addon: AddonExports;
  try {
    addon = createRequire(import.meta.url)(file) as AddonExports;
  } catch (err) {
    // e.g. the system's libjpeg.so.62 is missing: sharp and JS prepare every image
    const message = ((err as Error).message ?? String(err)).split("\n")[0] ?? "";
    loadFailures.set(file, message);
    log.warn("the image addon cannot load; preparing images with sharp", { file, error: message });
    return null;
  }
  if (typeof addon.decode !== "function" || typeof addon.layout !== "function") {
    loadFailures.set(file, "it has no decode and layout functions (another addon under that name?)");
    return null;
  }
  return {
    library: String(addon.library),
    file,
    inspect(bytes) {
      const r = addon.decode(bytes, true);
      if (typeof r === "string") return r;
      if (r.channels !== 1 && r.channels !== 3) return `${r.channels} channels`;
      return { width: r.width, height: r.height, channels: r.channels };
    },
    decode(bytes) {
      const r = addon.decode(bytes, false);
      if (typeof r === "string") return r;
      if (!r.data || (r.channels !== 1 && r.channels !== 3)) return `${r.channels} channels`;
      return { data: r.data, width: r.width, height: r.height, channels: r.channels };
    },
    layout(a) {
      addon.layout(a.px, a.channels, a.resizedWidthPx, a.resizedHeightPx, a.out, a.widthPx, a.heightPx, a.padTopPx, a.padLeftPx, a.lut, a.padIndex, a.bgr);
    },
  };
}

/**
 * Whether sharp (0.35, fastShrinkOnLoad off) decodes a JPEG resized from `srcW`×`srcH` to `dstW`×`dstH` at a
 * reduced size (its shrink-on-load: from 4× down on both axes, pipeline.cc). Its pixels then are not a full decode
 * resampled, so the fast path leaves such images to sharp. Pure.
 * @example sharpShrinksOnLoad(2000, 1333, 320, 213) // true: 6.25× down
 */
export function sharpShrinksOnLoad(srcW: number, srcH: number, dstW: number, dstH: number): boolean {
  return Math.min(srcW / dstW, srcH / dstH) >= 4;
}

let cached: ImageAddon | null | undefined;

/** The addon of this process, or null where there is none (or LOUPE_IMAGE_ADDON=off). Loaded once. */
export function imageAddon(): ImageAddon | null {
  if (cached !== undefined) return cached;
  cached = null;
  if (process.env.LOUPE_IMAGE_ADDON === "off") return cached;
  for (const file of imageAddonCandidates()) {
    cached = loadImageAddon(file);
    if (cached) break;
  }
  return cached;
}

/** How this process decodes JPEGs for inference, for `loupe doctor`: the addon, or sharp and why. */
export interface ImageAddonStatus {
  decoder: "image addon" | "sharp";
  library?: string;
  file?: string;
  /** Why sharp decodes every JPEG here; absent when the addon is loaded. */
  reason?: string;
}

export function imageAddonStatus(): ImageAddonStatus {
  const addon = imageAddon();
  if (addon) return { decoder: "image addon", library: addon.library, file: addon.file };
  if (process.env.LOUPE_IMAGE_ADDON === "off") return { decoder: "sharp", reason: "turned off (LOUPE_IMAGE_ADDON=off)" };
  const built = imageAddonCandidates().find((f) => existsSync(f));
  const failure = built === undefined ? undefined : loadFailures.get(built);
  return built
    ? { decoder: "sharp", file: built, reason: `the image addon is built but does not load here: ${failure ?? "unknown reason"} (\`npm run build:native\` rebuilds it; it needs libjpeg62-turbo)` }
    : { decoder: "sharp", reason: "the image addon is not built: install libjpeg-turbo's headers (apt-get install libjpeg62-turbo-dev), then `npm run build:native`" };
}

/** For tests and benchmarks: forget the loaded addon, so the next call looks again (after changing the env). */
export function resetImageAddon(): void {
  cached = undefined;
}
