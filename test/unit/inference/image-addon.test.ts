import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { IMAGE_ADDON_FILE, imageAddonCandidates, sharpShrinksOnLoad } from "../../../src-main/inference/image-addon";
import { PREPARE_NICE, prepareNice } from "../../../src-main/inference/yield-cpu";

describe("sharpShrinksOnLoad", () => {
  it("is true from 4× down on both axes, as sharp 0.35 shrinks a JPEG on load with fastShrinkOnLoad off", () => {
    expect(sharpShrinksOnLoad(2000, 1333, 320, 213)).toBe(true); // 6.25× and 6.26×
    expect(sharpShrinksOnLoad(1280, 720, 320, 180)).toBe(true); // exactly 4×
    expect(sharpShrinksOnLoad(1279, 720, 320, 180)).toBe(false); // 3.997× across
    expect(sharpShrinksOnLoad(960, 576, 320, 192)).toBe(false); // 3×
    expect(sharpShrinksOnLoad(500, 375, 640, 480)).toBe(false); // upscaled
    expect(sharpShrinksOnLoad(4000, 300, 640, 48)).toBe(true); // 6.25× and 6.25×
    expect(sharpShrinksOnLoad(4000, 300, 640, 100)).toBe(false); // the smaller factor (3×) decides
  });
});

describe("where the addon is looked for", () => {
  it("is native/ at the project root above the sources, the bundled CLI and the bundled main process", () => {
    const url = pathToFileURL("/app/src-main/inference/image-addon.ts").href;
    expect(imageAddonCandidates({}, url)).toEqual(["/app/native", "/app/src-main/native", "/native"].map((d) => join(d, IMAGE_ADDON_FILE)));
    const cli = pathToFileURL("/app/out/cli/chunk-x.js").href;
    expect(imageAddonCandidates({}, cli)).toContain(join("/app/native", IMAGE_ADDON_FILE));
  });

  it("is only $LOUPE_NATIVE_DIR when set", () => {
    expect(imageAddonCandidates({ LOUPE_NATIVE_DIR: "/opt/loupe/native" }, import.meta.url)).toEqual([join("/opt/loupe/native", IMAGE_ADDON_FILE)]);
  });
});

describe("prepareNice", () => {
  it("is 5 unless LOUPE_PREPARE_NICE names a value from 0 to 19", () => {
    expect(PREPARE_NICE).toBe(5);
    expect(prepareNice({})).toBe(5);
    expect(prepareNice({ LOUPE_PREPARE_NICE: "0" })).toBe(0);
    expect(prepareNice({ LOUPE_PREPARE_NICE: "19" })).toBe(19);
    expect(prepareNice({ LOUPE_PREPARE_NICE: "20" })).toBe(5);
    expect(prepareNice({ LOUPE_PREPARE_NICE: "-5" })).toBe(5);
    expect(prepareNice({ LOUPE_PREPARE_NICE: "fast" })).toBe(5);
  });
});
