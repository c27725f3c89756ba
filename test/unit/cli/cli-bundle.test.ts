import { mkdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cliBundleState } from "../../../bin/cli-bundle.mjs";
import { tempDir } from "../../helpers/temp";

let t: ReturnType<typeof tempDir>;

/** Records the current state of src/a.ts and src/b.ts as the bundle's inputs, as scripts/build-cli.mjs does. */
function writeManifest(): void {
  const inputs = ["src/a.ts", "src/b.ts"].map((rel) => {
    const s = statSync(join(t.dir, rel));
    return [rel, s.mtimeMs, s.size];
  });
  writeFileSync(join(t.dir, "out", "cli", "manifest.json"), JSON.stringify({ builtAt: "2026-12-01T20:00:00.000Z", inputs }));
}

beforeEach(() => {
  t = tempDir();
  mkdirSync(join(t.dir, "src"), { recursive: true });
  mkdirSync(join(t.dir, "out", "cli"), { recursive: true });
  writeFileSync(join(t.dir, "src", "a.ts"), "export const a = 1;\n");
  writeFileSync(join(t.dir, "src", "b.ts"), "export const b = 2;\n");
  writeManifest();
});
afterEach(() => t.cleanup());

describe("the prebuilt CLI's freshness check", () => {
  it("runs the bundle while every source file has the mtime and size it was built from", () => {
    const state = cliBundleState(t.dir, {});
    expect(state.entry).toMatch(/\/out\/cli\/loupe\.js$/);
    expect(state.builtAt).toBe("2026-12-01T20:00:00.000Z");
  });

  it("falls back to the sources when a file was edited, even to the same size", () => {
    const file = join(t.dir, "src", "b.ts");
    writeFileSync(file, "export const b = 3;\n");
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(cliBundleState(t.dir, {})).toEqual({ stale: "src/b.ts changed since the CLI was bundled" });
  });

  it("falls back when a file grew or is gone", () => {
    writeFileSync(join(t.dir, "src", "a.ts"), "export const a = 10;\n");
    expect(cliBundleState(t.dir, {}).stale).toBe("src/a.ts changed since the CLI was bundled");
    writeManifest();
    rmSync(join(t.dir, "src", "b.ts"));
    expect(cliBundleState(t.dir, {}).stale).toBe("src/b.ts is gone");
  });

  it("falls back when there is no bundle or the sources are asked for", () => {
    expect(cliBundleState(t.dir, { LOUPE_CLI_FROM_SOURCES: "1" }).stale).toBe("LOUPE_CLI_FROM_SOURCES=1");
    expect(cliBundleState(join(t.dir, "src"), {}).stale).toMatch(/^no prebuilt CLI/);
  });
});
