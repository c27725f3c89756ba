import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { PURE_MAIN, PURE_RENDERER, isListed } from "./helpers/pure-modules";

/**
 * The import rules of STYLE.md 7.4, checked on every file with TypeScript's own parser: pure modules (one list,
 * test/helpers/pure-modules.ts) are pure; nothing below services imports services or host; only src-main/app
 * imports electron; the renderer never imports src-main; the preload imports only electron and its contract.
 */
const ROOT = resolve(import.meta.dirname, "..");

function walk(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(walk(p));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

interface Import {
  spec: string;
  typeOnly: boolean;
}

/** Property accesses on globals in code (comments and strings do not count), e.g. "Date.now", "window.location". */
function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}

function globalAccessesOf(file: string): Set<string> {
  return globalAccessesOfSource(parse(file));
}

function globalAccessesOfSource(sf: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) out.add(`${node.expression.text}.${node.name.text}`);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function importsOf(file: string): Import[] {
  return importsOfSource(parse(file));
}

function importsOfSource(sf: ts.SourceFile): Import[] {
  const out: Import[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly = Boolean(clause?.isTypeOnly) ||
        Boolean(clause && !clause.name && clause.namedBindings && ts.isNamedImports(clause.namedBindings) &&
          clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly));
      out.push({ spec: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({ spec: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteral(arg)) out.push({ spec: arg.text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push({ spec: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Repo-relative target of a relative import, or the bare package name. */
function target(file: string, spec: string): string {
  if (spec.startsWith(".")) return relative(ROOT, resolve(dirname(file), spec)).split("\\").join("/");
  return spec;
}

const SIDE_EFFECT_PACKAGES = ["electron", "better-sqlite3", "onnxruntime-node", "sharp", "react", "react-dom", "konva", "react-konva", "ws", "playwright-core"];
const NODE_IO = /^(node:)?(fs|fs\/promises|child_process|worker_threads|net|http|https|os|cluster|dgram)$/;

const rel = (f: string) => relative(ROOT, f).split("\\").join("/");
const files = ["src-main", "src-preload", "src-renderer"].flatMap((d) => walk(join(ROOT, d)));

const isPure = (path: string) => isListed(PURE_MAIN, path);
const isPureRenderer = (path: string) => isListed(PURE_RENDERER, path);
/** Renderer layers that read slices and call store actions; only store/ and app/ wiring know src-renderer/api. */
const VIEW_LAYERS = ["src-renderer/views/", "src-renderer/components/", "src-renderer/charts/", "src-renderer/canvas/"];
/** The layers that may know services and the composition root: the hosts themselves. */
const UPPER = ["src-main/app/", "src-main/cli/", "src-main/host/", "src-main/services/"];

/**
 * Every rule broken by one file, given its repo-relative path, its imports and the globals it touches. Pure so the
 * "catches a planted violation" test can feed it a file that does not exist.
 */
function violationsOf(path: string, imports: readonly Import[], globals: ReadonlySet<string>, resolveSpec: (spec: string) => string): string[] {
  const out: string[] = [];
  for (const imp of imports) {
    const t = resolveSpec(imp.spec);
    const pkg = imp.spec.startsWith("@") ? imp.spec.split("/").slice(0, 2).join("/") : imp.spec.split("/")[0] ?? "";
    const say = (rule: string) => out.push(`${path} imports ${imp.spec}: ${rule}`);
    if (pkg === "electron" && !imp.typeOnly && !path.startsWith("src-main/app/") && !path.startsWith("src-preload/")) {
      say("only src-main/app and the preload may import electron");
    }
    if (t.startsWith("src-main/app/") && path.startsWith("src-main/") && !path.startsWith("src-main/app/")) {
      say("nothing outside src-main/app imports it");
    }
    if (path.startsWith("src-main/") && !UPPER.some((u) => path.startsWith(u)) && (t.startsWith("src-main/services/") || t.startsWith("src-main/host/"))) {
      say("nothing below services imports services or host");
    }
    if (path.startsWith("src-main/services/") && t.startsWith("src-main/host/")) say("services never import the host that creates them");
    if (isPure(path) && !imp.typeOnly) {
      if (SIDE_EFFECT_PACKAGES.includes(pkg) || NODE_IO.test(imp.spec)) say("pure modules import no I/O or UI packages");
      if (t.startsWith("src-main/") && !isPure(t) && t !== "src-main/errors") say("pure modules import only pure modules (and errors.ts)");
    }
    if (path.startsWith("src-renderer/")) {
      if (t.startsWith("src-main/")) say("the renderer never imports src-main");
      if (t.startsWith("src-preload/") && t !== "src-preload/api" && !imp.typeOnly) say("the renderer may import only src-preload/api");
      if (NODE_IO.test(imp.spec) || ["better-sqlite3", "onnxruntime-node", "sharp", "electron"].includes(pkg)) say("the renderer is sandboxed");
    }
    if (VIEW_LAYERS.some((v) => path.startsWith(v)) && t.startsWith("src-renderer/api/")) {
      say("views and components reach main through store actions, never the API client (STYLE.md 7.7)");
    }
    if (isPureRenderer(path) && !imp.typeOnly) {
      if (["react", "react-dom", "konva", "react-konva", "zustand"].includes(pkg) || t.startsWith("src-renderer/api/")) say("pure renderer modules import no React, Konva or api");
    }
    if (path.startsWith("src-preload/") && !(pkg === "electron" || t === "src-preload/api")) say("the preload imports only electron and ./api");
  }
  const hidden = ["Date.now", "Math.random", "performance.now"].filter((g) => globals.has(g));
  if ((isPure(path) || isPureRenderer(path)) && hidden.length) out.push(`${path}: pure modules take time and randomness as arguments (uses ${hidden.join(", ")})`);
  if (isPureRenderer(path) && [...globals].some((g) => g.startsWith("window.") || g.startsWith("document."))) {
    out.push(`${path}: pure renderer modules do not touch window or document`);
  }
  return out;
}

const violations = files.flatMap((file) => {
  const path = rel(file);
  return violationsOf(path, importsOf(file), globalAccessesOf(file), (spec) => target(file, spec));
});

/** Files of the renderer that touch window.loupe (only the client module may). */
const bridgeUsers = files
  .map(rel)
  .filter((p) => p.startsWith("src-renderer/") && p !== "src-renderer/api/client.ts" && !p.endsWith(".d.ts"))
  .filter((p) => [...globalAccessesOf(join(ROOT, p))].includes("window.loupe"));

/** Checks a file that exists only in memory, as if it sat at `path`. */
function plant(path: string, source: string): string[] {
  const abs = join(ROOT, path);
  const sf = ts.createSourceFile(abs, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  return violationsOf(path, importsOfSource(sf), globalAccessesOfSource(sf), (spec) => target(abs, spec));
}

describe("architecture", () => {
  it("lets only src-renderer/api/client.ts touch window.loupe", () => {
    expect(bridgeUsers).toEqual([]);
  });

  it("finds the source files it checks", () => {
    expect(files.some((f) => rel(f) === "src-main/services/dispatch.ts")).toBe(true);
    expect(files.some((f) => rel(f) === "src-preload/index.ts")).toBe(true);
    expect(files.filter((f) => isPure(rel(f))).length).toBeGreaterThan(50);
  });

  it("keeps every import rule of STYLE.md 7.4", () => {
    expect(violations).toEqual([]);
  });

  it("catches a store module that imports a service, even for a type", () => {
    expect(plant("src-main/store/repos/x-repo.ts", 'import type { ServiceContext } from "../../services/context";\n')).toEqual([
      "src-main/store/repos/x-repo.ts imports ../../services/context: nothing below services imports services or host",
    ]);
  });

  it("catches a runtime module that imports the host, and a service that imports the host", () => {
    expect(plant("src-main/runtime/x.ts", 'import { createHost } from "../host/create-host";\n')).toHaveLength(1);
    expect(plant("src-main/services/x-service.ts", 'import { createHost } from "../host/create-host";\n')).toEqual([
      "src-main/services/x-service.ts imports ../host/create-host: services never import the host that creates them",
    ]);
  });

  it("catches a pure module that reads the file system, the clock or an impure module", () => {
    const found = plant("src-main/core/x.ts", 'import { readFileSync } from "node:fs";\nimport { openDatabase } from "../store/db";\nexport const t = Date.now();\n');
    expect(found).toEqual([
      "src-main/core/x.ts imports node:fs: pure modules import no I/O or UI packages",
      "src-main/core/x.ts imports ../store/db: pure modules import only pure modules (and errors.ts)",
      "src-main/core/x.ts: pure modules take time and randomness as arguments (uses Date.now)",
    ]);
  });

  it("catches electron outside the glue and the renderer reaching into main", () => {
    expect(plant("src-main/loop/engine.ts", 'import { app } from "electron";\n')).toHaveLength(1);
    expect(plant("src-renderer/views/X.tsx", 'import { openDatabase } from "../../src-main/store/db";\n')).toEqual([
      "src-renderer/views/X.tsx imports ../../src-main/store/db: the renderer never imports src-main",
    ]);
  });

  it("catches a view or a component that imports the API client, even for one call", () => {
    expect(plant("src-renderer/views/models/X.tsx", 'import { call } from "../../api/client";\n')).toEqual([
      "src-renderer/views/models/X.tsx imports ../../api/client: views and components reach main through store actions, never the API client (STYLE.md 7.7)",
    ]);
    expect(plant("src-renderer/components/Y.tsx", 'import { connectEvents } from "../api/events";\n')).toHaveLength(1);
    expect(plant("src-renderer/store/slices/x-slice.ts", 'import { call } from "../../api/client";\n')).toEqual([]);
  });

  it("lets a lower module import errors.ts and a pure module import zod", () => {
    expect(plant("src-main/core/x.ts", 'import { z } from "zod";\nimport { LoupeError } from "../errors";\n')).toEqual([]);
  });
});
