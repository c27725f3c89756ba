import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The import rules of STYLE.md 7.4, checked on every file with TypeScript's own pre-processor:
 * core is pure; only src-main/app imports electron; the renderer never imports src-main; the preload imports only
 * electron and its contract.
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
function globalAccessesOf(file: string): Set<string> {
  const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) out.add(`${node.expression.text}.${node.name.text}`);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
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

const files = ["src-main", "src-preload", "src-renderer"].flatMap((d) => walk(join(ROOT, d)));
const rel = (f: string) => relative(ROOT, f).split("\\").join("/");

function isPure(path: string): boolean {
  return (
    path.startsWith("src-main/core/") ||
    path === "src-main/loop/states.ts" ||
    (/\/protocol\.ts$/.test(path) && path.startsWith("src-main/") && !path.startsWith("src-main/app/")) ||
    path.startsWith("src-main/datasets/parse/") ||
    path.startsWith("src-main/datasets/export/builders/")
  );
}

function isPureRenderer(path: string): boolean {
  return (
    path.startsWith("src-renderer/canvas/model/") ||
    path.startsWith("src-renderer/canvas/tools/") ||
    path === "src-renderer/canvas/keymap/conflicts.ts" ||
    path === "src-renderer/canvas/keymap/keymap.ts" ||
    path === "src-renderer/charts/data.ts"
  );
}

const violations: string[] = [];
for (const file of files) {
  const path = rel(file);
  for (const imp of importsOf(file)) {
    const t = target(file, imp.spec);
    const pkg = imp.spec.startsWith("@") ? imp.spec.split("/").slice(0, 2).join("/") : imp.spec.split("/")[0] ?? "";
    const say = (rule: string) => violations.push(`${path} imports ${imp.spec}: ${rule}`);
    if (pkg === "electron" && !imp.typeOnly && !path.startsWith("src-main/app/") && !path.startsWith("src-preload/")) {
      say("only src-main/app and the preload may import electron");
    }
    if (t.startsWith("src-main/app/") && path.startsWith("src-main/") && !path.startsWith("src-main/app/")) {
      say("nothing outside src-main/app imports it");
    }
    if (isPure(path) && !imp.typeOnly) {
      if (SIDE_EFFECT_PACKAGES.includes(pkg) || NODE_IO.test(imp.spec)) say("pure modules import no I/O or UI packages");
      if (t.startsWith("src-main/") && !isPure(t) && !t.startsWith("src-main/services/errors")) say("pure modules import only pure modules");
    }
    if (path.startsWith("src-renderer/")) {
      if (t.startsWith("src-main/")) say("the renderer never imports src-main");
      if (t.startsWith("src-preload/") && t !== "src-preload/api" && !imp.typeOnly) say("the renderer may import only src-preload/api");
      if (NODE_IO.test(imp.spec) || ["better-sqlite3", "onnxruntime-node", "sharp", "electron"].includes(pkg)) say("the renderer is sandboxed");
    }
    if (isPureRenderer(path) && !imp.typeOnly) {
      if (["react", "react-dom", "konva", "react-konva", "zustand"].includes(pkg) || t.startsWith("src-renderer/api/")) say("pure renderer modules import no React, Konva or api");
    }
    if (path.startsWith("src-preload/") && !(pkg === "electron" || t === "src-preload/api")) say("the preload imports only electron and ./api");
  }
  const globals = isPure(path) || isPureRenderer(path) ? globalAccessesOf(file) : new Set<string>();
  const hidden = ["Date.now", "Math.random", "performance.now"].filter((g) => globals.has(g));
  if (isPure(path) && hidden.length) violations.push(`${path}: pure modules take time and randomness as arguments (uses ${hidden.join(", ")})`);
  if (isPureRenderer(path) && [...globals].some((g) => g.startsWith("window.") || g.startsWith("document."))) {
    violations.push(`${path}: pure renderer modules do not touch window or document`);
  }
}

/** Files of the renderer that touch window.loupe (only the client module may). */
const bridgeUsers = files
  .map(rel)
  .filter((p) => p.startsWith("src-renderer/") && p !== "src-renderer/api/client.ts" && !p.endsWith(".d.ts"))
  .filter((p) => [...globalAccessesOf(join(ROOT, p))].includes("window.loupe"));

describe("architecture", () => {
  it("lets only src-renderer/api/client.ts touch window.loupe", () => {
    expect(bridgeUsers).toEqual([]);
  });

  it("finds the source files it checks", () => {
    expect(files.some((f) => rel(f) === "src-main/services/dispatch.ts")).toBe(true);
    expect(files.some((f) => rel(f) === "src-preload/index.ts")).toBe(true);
  });

  it("keeps every import rule of STYLE.md 7.4", () => {
    expect(violations).toEqual([]);
  });

  it("catches a violation when one is planted (the checker itself works)", () => {
    const imps = importsOf(join(ROOT, "src-main/app/ipc.ts"));
    expect(imps.some((i) => i.spec === "electron" && !i.typeOnly)).toBe(true);
    expect(target(join(ROOT, "src-renderer/app/App.tsx"), "../../src-main/host/create-host")).toBe("src-main/host/create-host");
  });
});
