import { describe, expect, it } from "vitest";
import { mediaCropUrl, mediaImageUrl, mediaThumbUrl, parseCropUrl, parseMediaUrl, parseThumbUrl } from "../../../src-main/files/media-url";

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

describe("parseCropUrl", () => {
  it.each([
    [`media://crop/${P}/12/fn/0`, { projectId: P, evaluationId: 12, kind: "fn", index: 0 }],
    [`/media/crop/${P}/3/fp/299`, { projectId: P, evaluationId: 3, kind: "fp", index: 299 }],
  ])("accepts %s", (url, expected) => {
    expect(parseCropUrl(url)).toEqual(expected);
  });

  it.each([
    ["a parent segment", `media://crop/${P}/12/../0`],
    ["encoded dots", `media://crop/${P}/12/fn/%2e%2e`],
    ["another kind", `media://crop/${P}/12/tp/0`],
    ["a file name", `media://crop/${P}/12/fn/0001_3_small.jpg`],
    ["a negative index", `media://crop/${P}/12/fn/-1`],
    ["a leading zero", `media://crop/${P}/12/fn/01`],
    ["a zero evaluation", `media://crop/${P}/0/fn/1`],
    ["extra segments", `media://crop/${P}/12/fn/1/x`],
    ["a query", `media://crop/${P}/12/fn/1?x=1`],
    ["an image url", `media://image/${P}/12`],
  ])("refuses %s", (_what, url) => {
    expect(parseCropUrl(url)).toBeNull();
  });

  it("builds the URL it parses", () => {
    expect(parseCropUrl(mediaCropUrl(P, 7, "fp", 4))).toEqual({ projectId: P, evaluationId: 7, kind: "fp", index: 4 });
  });
});

describe("parseThumbUrl", () => {
  it("accepts a thumbnail of an image by ids, in the app and through the test bridge, and round-trips", () => {
    expect(parseThumbUrl(`media://thumb/${P}/17`)).toEqual({ projectId: P, imageId: 17 });
    expect(parseThumbUrl(`/media/thumb/${P}/3`)).toEqual({ projectId: P, imageId: 3 });
    expect(parseThumbUrl(mediaThumbUrl(P, 42))).toEqual({ projectId: P, imageId: 42 });
  });

  it.each([
    ["a parent segment", `media://thumb/${P}/../17`],
    ["a climb back into image", `media://thumb/../image/${P}/17`],
    ["encoded dots", `media://thumb/${P}/%2e%2e/17`],
    ["a file path", `media://thumb/${P}/photo.jpg`],
    ["a query", `/media/thumb/${P}/17?size=4000`],
    ["the full image", `media://image/${P}/17`],
  ])("refuses %s", (_what, url) => {
    expect(parseThumbUrl(url)).toBeNull();
  });
});
