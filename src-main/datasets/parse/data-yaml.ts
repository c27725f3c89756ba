import { parseDocument } from "yaml";
import type { Issue, Parsed } from "./types";

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
  const doc = parseDocument(text, { uniqueKeys: false });
  for (const e of doc.errors) {
    issues.push({ file, line: e.linePos?.[0]?.line, severity: "error", message: `YAML: ${e.message.split("\n")[0] ?? e.message}` });
  }
  if (doc.errors.length) return { value, issues };
  const root: unknown = doc.toJS();
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
  if (obj.nc !== undefined && obj.nc !== value.names.length) {
    issues.push({ file, line: lineOf("nc"), severity: "error", message: `nc is ${String(obj.nc)} but names lists ${value.names.length}` });
  }
  return { value, issues };
}

function readNames(raw: unknown, file: string, line: number | undefined, issues: Issue[]): string[] {
  if (raw === undefined || raw === null) {
    issues.push({ file, line, severity: "error", message: "names is missing" });
    return [];
  }
  // YAML 1.1 readers turn yes/no/true/false into booleans; a class name is always text.
  const text = (v: unknown): string => (typeof v === "string" ? v : String(v));
  if (Array.isArray(raw)) return raw.map(text);
  if (typeof raw === "object") {
    const entries = Object.entries(raw as Record<string, unknown>);
    const names: string[] = [];
    for (const [k, v] of entries) {
      const i = Number(k);
      if (!Number.isInteger(i) || i < 0) {
        issues.push({ file, line, severity: "error", message: `names key "${k}" is not a class id` });
        continue;
      }
      names[i] = text(v);
    }
    for (let i = 0; i < names.length; i++) {
      if (names[i] === undefined) {
        issues.push({ file, line, severity: "error", message: `names has no entry for class id ${i}` });
        names[i] = `class_${i}`;
      }
    }
    return names;
  }
  issues.push({ file, line, severity: "error", message: "names must be a list or a map of id → name" });
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
