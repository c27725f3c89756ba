import type { Issue, Parsed } from "./types";
import { classNameProblem } from "./types";
import { yaml } from "../../core/lazy-packages";

/**
 * The most classes a dataset may declare. A count or id read from a file must be bounded before it sizes anything:
 * `names: {0: cat, 30000000: dog}` would otherwise fill in 30 million missing ids.
 */
export const MAX_CLASSES = 10_000;
/** Aliases a data.yaml may use (YAML anchors); a billion-laughs alias bomb uses thousands. */
const MAX_ALIASES = 100;

/** train/val/test as Ultralytics reads them, plus `pool`, Loupe's own key for unlabeled candidates (others ignore it). */
export const YOLO_SPLIT_KEYS = ["train", "val", "test", "pool"] as const;
export type YoloSplitKey = (typeof YOLO_SPLIT_KEYS)[number];

/** What a YOLO data.yaml says: the dataset root, each split's sources (folders, list files or globs), class names. */
export interface DataYaml {
  /** `path` as written (absolute or relative to the yaml's folder), or undefined when absent. */
  path: string | undefined;
  /** Each split's entries as written, relative to `path`; a split that is absent or null is left out. */
  splits: Partial<Record<YoloSplitKey, string[]>>;
  /** Class names by zero-based id. */
  names: string[];
}

/**
 * Parses a YOLO data.yaml (YOLO-CONTRACT 2.3): `names` as a list or a `{0: a, 1: b}` map, `nc` checked against it,
 * each split as a string or a list of strings. Problems that make the file unusable are errors; the caller turns
 * them into an E_DATASET_FORMAT failure.
 */
export function parseDataYaml(text: string, file: string): Parsed<DataYaml> {
  const issues: Issue[] = [];
  const value: DataYaml = { path: undefined, splits: {}, names: [] };
  const doc = yaml().parseDocument(text, { uniqueKeys: false });
  for (const e of doc.errors) {
    issues.push({ file, line: e.linePos?.[0]?.line, severity: "error", message: `YAML: ${e.message.split("\n")[0] ?? e.message}` });
  }
  if (doc.errors.length) return { value, issues };
  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    // the yaml library throws on alias bombs ("Excessive alias count indicates a resource exhaustion attack")
    issues.push({ file, severity: "error", message: `YAML: ${(err as Error).message}` });
    return { value, issues };
  }
  if (root === null || typeof root !== "object" || Array.isArray(root)) {
    issues.push({ file, line: 1, severity: "error", message: "expected a mapping with train/val/test and names" });
    return { value, issues };
  }
  const obj = root as Record<string, unknown>;
  const lineOf = (key: string): number | undefined => {
    const m = new RegExp(`^${key}\\s*:`, "m").exec(text);
    return m ? text.slice(0, m.index).split("\n").length : undefined;
  };
  if (typeof obj.path === "string" && obj.path.trim() !== "") value.path = obj.path.trim();
  else if (obj.path !== undefined && obj.path !== null && obj.path !== "") {
    issues.push({ file, line: lineOf("path"), severity: "error", message: "path must be a string" });
  }
  for (const key of YOLO_SPLIT_KEYS) {
    const v = obj[key];
    if (v === undefined || v === null || v === "") continue;
    const list = Array.isArray(v) ? v : [v];
    if (!list.every((s): s is string => typeof s === "string")) {
      issues.push({ file, line: lineOf(key), severity: "error", message: `${key} must be a path or a list of paths` });
      continue;
    }
    value.splits[key] = list.map((s) => s.trim());
  }
  if (!value.splits.train && !value.splits.val && !value.splits.test) {
    issues.push({ file, severity: "error", message: "none of train, val or test is given" });
  }
  value.names = readNames(obj.names, file, lineOf("names"), issues);
  if (obj.nc !== undefined && (typeof obj.nc !== "number" || !Number.isInteger(obj.nc) || obj.nc < 0 || obj.nc > MAX_CLASSES)) {
    issues.push({ file, line: lineOf("nc"), severity: "error", message: `nc must be a whole number from 0 to ${MAX_CLASSES}, found ${JSON.stringify(obj.nc)}` });
  } else if (obj.nc !== undefined && obj.nc !== value.names.length) {
    issues.push({ file, line: lineOf("nc"), severity: "error", message: `nc is ${String(obj.nc)} but names lists ${value.names.length}` });
  }
  return { value, issues };
}

function readNames(raw: unknown, file: string, line: number | undefined, issues: Issue[]): string[] {
  const err = (message: string): void => void issues.push({ file, line, severity: "error", message });
  if (raw === undefined || raw === null) {
    err("names is missing");
    return [];
  }
  // YAML 1.1 readers turn yes/no/true/false into booleans, and 007 into a number; a class name is always text.
  // Anything else (a list, a map, null) is not a name: refused, never stored as "a,b" or "[object Object]".
  const text = (v: unknown, where: string): string | undefined => {
    const s = typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;
    if (s === undefined) {
      err(`names ${where}: a class name must be text, found ${v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "a map" : typeof v}`);
      return undefined;
    }
    const problem = classNameProblem(s);
    if (problem) {
      err(`names ${where}: class name ${JSON.stringify(s.slice(0, 80))} ${problem}`);
      return undefined;
    }
    return s;
  };
  const checkUnique = (names: string[]): string[] => {
    const seen = new Map<string, number>();
    names.forEach((n, i) => {
      const before = seen.get(n);
      if (before !== undefined) issues.push({ file, line, severity: "warning", message: `names: "${n}" is given to class ids ${before} and ${i}; both import as one class` });
      else seen.set(n, i);
    });
    return names;
  };
  if (Array.isArray(raw)) {
    if (raw.length > MAX_CLASSES) {
      err(`names lists ${raw.length} classes, more than the ${MAX_CLASSES} Loupe accepts`);
      return [];
    }
    const names = raw.map((v, i) => text(v, `[${i}]`));
    return names.every((n): n is string => n !== undefined) ? checkUnique(names) : [];
  }
  if (typeof raw === "object") {
    const entries = Object.entries(raw as Record<string, unknown>);
    const byId = new Map<number, string>();
    let max = -1;
    let ok = true;
    for (const [k, v] of entries) {
      const i = /^\d+$/.test(k) ? Number(k) : Number.NaN;
      if (!Number.isInteger(i) || i < 0) {
        err(`names key "${k}" is not a class id`);
        ok = false;
        continue;
      }
      if (i >= MAX_CLASSES) {
        err(`names: class id ${k} is out of range (ids run from 0 to ${MAX_CLASSES - 1})`);
        ok = false;
        continue;
      }
      const name = text(v, `${k}`);
      if (name === undefined) ok = false;
      else byId.set(i, name);
      max = Math.max(max, i);
    }
    // Bounded by MAX_CLASSES above, so this loop is at most 10,000 steps.
    const missing: number[] = [];
    for (let i = 0; i <= max; i++) if (!byId.has(i)) missing.push(i);
    if (missing.length > 0) {
      const shown = missing.slice(0, 10).join(", ");
      err(`names has no entry for class id${missing.length === 1 ? "" : "s"} ${shown}${missing.length > 10 ? ` and ${missing.length - 10} more` : ""} (ids must run 0, 1, 2, … without gaps)`);
      ok = false;
    }
    if (!ok) return [];
    return checkUnique(Array.from({ length: max + 1 }, (_, i) => byId.get(i) as string));
  }
  err("names must be a list or a map of id → name");
  return [];
}

/** data.yaml text for an export: absolute `path`, split folders, names quoted (YOLO-CONTRACT 2.3). */
export function formatDataYaml(absPath: string, splits: Partial<Record<YoloSplitKey, string>>, names: readonly string[]): string {
  const q = (s: string): string => JSON.stringify(s);
  const lines = [`path: ${q(absPath)}`];
  for (const key of YOLO_SPLIT_KEYS) {
    const v = splits[key];
    if (v !== undefined) lines.push(`${key}: ${q(v)}`);
  }
  lines.push(`nc: ${names.length}`, "names:");
  names.forEach((n, i) => lines.push(`  ${i}: ${q(n)}`));
  return `${lines.join("\n")}\n`;
}
