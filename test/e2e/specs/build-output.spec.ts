import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { APP_CSP_META } from "../../../src-main/app/csp";
import { REPO_ROOT } from "../bridge/browser";

const out = join(REPO_ROOT, "out");

describe("the electron-vite build", () => {
  it("bundles the preload into ONE CommonJS file that requires nothing but electron", () => {
    expect(readdirSync(join(out, "preload"))).toEqual(["index.cjs"]);
    const code = readFileSync(join(out, "preload", "index.cjs"), "utf8");
    const requires = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect([...new Set(requires)]).toEqual(["electron"]);
    expect(code).not.toMatch(/^\s*import\s/m);
    expect(code).toContain('exposeInMainWorld("loupe"');
  });

  it("builds the main process as an ES module that keeps native modules external", () => {
    const code = readFileSync(join(out, "main", "main.js"), "utf8");
    expect(code).toMatch(/from ["']electron["']/);
    expect(code).toMatch(/from ["']better-sqlite3["']/);
  });

  it("builds the inference worker as its own entry for utilityProcess.fork, with onnxruntime and sharp inside it", () => {
    const worker = readFileSync(join(out, "main", "worker-entry.js"), "utf8");
    expect(worker).toMatch(/from ["']onnxruntime-node["']/);
    expect(worker).toMatch(/import\(["']sharp["']\)/); // loaded with the model
    expect(readFileSync(join(out, "main", "main.js"), "utf8")).toContain("worker-entry.js");
  });

  it("builds the worker's image preparing thread as an entry beside it, decoding with sharp", () => {
    expect(readFileSync(join(out, "main", "worker-entry.js"), "utf8")).toContain('"./prepare-thread.js"');
    const thread = readFileSync(join(out, "main", "prepare-thread.js"), "utf8");
    const chunks = [...thread.matchAll(/from ["']\.\/([^"']+\.js)["']/g)].map((m) => readFileSync(join(out, "main", m[1] as string), "utf8"));
    expect([thread, ...chunks].some((code) => /from ["']sharp["']/.test(code))).toBe(true);
    expect(thread).not.toMatch(/["']onnxruntime-node["']/);
  });

  it("never loads onnxruntime or sharp's model code in the main process: the worker inspects and checks every ONNX", () => {
    for (const name of readdirSync(join(out, "main")).filter((f) => f.endsWith(".js") && f !== "worker-entry.js")) {
      const code = readFileSync(join(out, "main", name), "utf8");
      expect(code, `${name} imports onnxruntime-node`).not.toMatch(/["']onnxruntime-node["']/);
    }
  });

  it("ships the renderer with the app's CSP in its index.html", () => {
    const html = readFileSync(join(out, "renderer", "index.html"), "utf8");
    expect(html).toContain(`content="${APP_CSP_META}"`);
  });
});
