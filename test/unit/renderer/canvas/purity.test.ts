/**
 * The canvas core stays pure (STYLE 7.4): model, tools and the keymap data/checks import no React, Konva, DOM
 * globals, renderer API client or main-process code, and reach src-preload only for types. (The project-wide
 * architecture test enforces the same; this one keeps the canvas honest on its own.)
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { PURE_RENDERER, isListed } from "../../../helpers/pure-modules";

const root = join(import.meta.dirname, "../../../..");
/** The canvas part of the one pure-module list (test/helpers/pure-modules.ts). */
function listedFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
    .map((f) => `${dir}/${f.split("\\").join("/")}`)
    .filter((f) => f.endsWith(".ts") && isListed(PURE_RENDERER, f));
}
const pureFiles = listedFiles("src-renderer/canvas").map((f) => join(root, f));

const FORBIDDEN = [/^react/, /^konva/, /^zustand/, /src-main\//, /src-renderer\/api\//, /\/api\/client/, /^node:/, /^electron/];

function strip(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
}

describe("canvas core purity", () => {
  it("covers the model, the tools and the keymap core", () => {
    expect(pureFiles.length).toBeGreaterThanOrEqual(15);
  });

  for (const file of pureFiles) {
    const name = relative(root, file);
    it(`${name} imports nothing impure and touches no DOM global`, () => {
      const source = readFileSync(file, "utf8");
      const imports = ts.preProcessFile(source, true, true).importedFiles.map((i) => i.fileName);
      for (const spec of imports) {
        expect(FORBIDDEN.some((re) => re.test(spec)), `${name} imports ${spec}`).toBe(false);
      }
      for (const line of source.split("\n").filter((l) => l.includes("src-preload"))) {
        expect(line, `${name} must import src-preload types only`).toMatch(/^import type /);
      }
      expect(strip(source)).not.toMatch(/\b(window|document|navigator|localStorage)\s*[.[]/);
      expect(strip(source)).not.toMatch(/\bDate\.now\(|Math\.random\(/);
    });
  }
});
