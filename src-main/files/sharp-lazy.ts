import type Sharp from "sharp";

let sharpModule: Promise<{ default: typeof Sharp }> | undefined;

/** sharp (libvips), loaded on first use: CLI commands and the app's start-up that never touch pixels never pay for it. */
export async function loadSharp(): Promise<typeof Sharp> {
  return (await (sharpModule ??= import("sharp"))).default;
}
