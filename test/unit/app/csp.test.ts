import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { APP_CSP, APP_CSP_META, buildCsp } from "../../../src-main/app/csp";

describe("the content security policy", () => {
  it("allows scripts from the app only and never inline or eval", () => {
    expect(APP_CSP).toContain("script-src 'self';");
    expect(APP_CSP).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(APP_CSP).toContain("object-src 'none'");
    expect(APP_CSP).toContain("frame-ancestors 'none'");
  });

  it("lets images come from the media protocol but not from the network", () => {
    expect(APP_CSP).toContain("img-src 'self' data: blob: media:;");
    expect(APP_CSP).not.toMatch(/https?:/);
  });

  it("leaves frame-ancestors out of the meta variant, where browsers ignore it", () => {
    expect(APP_CSP_META).not.toContain("frame-ancestors");
    expect(buildCsp({ forMeta: true, connectSources: ["ws://x"] })).toContain("connect-src 'self' ws://x;");
  });

  it("is exactly the policy written into the renderer's index.html", () => {
    const html = readFileSync(resolve(import.meta.dirname, "../../../src-renderer/index.html"), "utf8");
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(APP_CSP_META);
  });
});
