import { describe, expect, it } from "vitest";
import { mediaImageUrl, parseMediaUrl } from "../../../src-main/files/media-url";

const P = "0f8fad5b-d9cb-469f-a165-70867728950e";

describe("parseMediaUrl", () => {
  it.each([
    [`media://image/${P}/17`, { projectId: P, imageId: 17 }],
    [`/media/image/${P}/1`, { projectId: P, imageId: 1 }],
  ])("accepts %s", (url, expected) => {
    expect(parseMediaUrl(url)).toEqual(expected);
  });

  it.each([
    ["a parent segment", `media://image/${P}/../17`],
    ["encoded dots", `media://image/${P}/%2e%2e/17`],
    ["an encoded slash", `media://image/${P}%2F17`],
    ["an absolute path", "media://image//etc/passwd"],
    ["a file path instead of an id", `media://image/${P}/photo.jpg`],
    ["a zero id", `media://image/${P}/0`],
    ["a negative id", `media://image/${P}/-3`],
    ["a leading zero", `media://image/${P}/017`],
    ["extra segments", `media://image/${P}/17/x`],
    ["a query", `media://image/${P}/17?path=/etc/passwd`],
    ["a backslash", `media://image/${P}\\17`],
    ["a NUL byte", `media://image/${P}/17\0`],
    ["another host", `media://file/${P}/17`],
    ["another scheme", `file:///etc/passwd`],
    ["a project id with dots", `media://image/../../17`],
    ["an id beyond safe integers", `media://image/${P}/999999999999999999`],
    ["a very long url", `media://image/${"a".repeat(400)}/1`],
  ])("refuses %s", (_what, url) => {
    expect(parseMediaUrl(url)).toBeNull();
  });

  it("round-trips the URL it builds", () => {
    expect(parseMediaUrl(mediaImageUrl(P, 42))).toEqual({ projectId: P, imageId: 42 });
  });
});
