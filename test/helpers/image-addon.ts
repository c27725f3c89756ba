import { resetImageAddon } from "../../src-main/inference/image-addon";

/** Runs `fn` with Loupe's image addon on (as built here) or off (LOUPE_IMAGE_ADDON=off), then restores the env. */
export async function withImageAddon<T>(on: boolean, fn: () => Promise<T>): Promise<T> {
  const before = process.env.LOUPE_IMAGE_ADDON;
  if (on) delete process.env.LOUPE_IMAGE_ADDON;
  else process.env.LOUPE_IMAGE_ADDON = "off";
  resetImageAddon();
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.LOUPE_IMAGE_ADDON;
    else process.env.LOUPE_IMAGE_ADDON = before;
    resetImageAddon();
  }
}
