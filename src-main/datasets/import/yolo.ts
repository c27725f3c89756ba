import { existsSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { Split } from "../../../src-preload/api";
import { LoupeError, isLoupeError } from "../../errors";
import { readRegularText } from "../../files/regular-file";
import { parseDataYaml, YOLO_SPLIT_KEYS } from "../parse/data-yaml";
import { describeIssue, type Issue } from "../parse/types";
import { parseYoloLabels } from "../parse/yolo-labels";
import type { ImportPlan, PlanItem, ResolvedLabels } from "./plan";
import { isImageFile, walkFiles } from "./walk";

/** The data.yaml of a YOLO dataset: the file itself, or `data.yaml` (else the only *.yaml) in a folder. */
export async function findDataYaml(path: string): Promise<string | undefined> {
  const abs = resolve(path);
  if (!existsSync(abs)) return undefined;
  if (!statSync(abs).isDirectory()) return /\.ya?ml$/i.test(abs) ? abs : undefined;
  if (existsSync(join(abs, "data.yaml"))) return join(abs, "data.yaml");
  const yamls = (await readdir(abs)).filter((n) => /\.ya?ml$/i.test(n));
  return yamls.length === 1 ? join(abs, yamls[0] as string) : undefined;
}

/** Label path of an image (YOLO-CONTRACT 2.4): the last `/images/` becomes `/labels/`, the extension `.txt`. */
export function labelPathFor(imagePath: string): string {
  const s = `${sep}images${sep}`;
  const i = imagePath.lastIndexOf(s);
  const swapped = i >= 0 ? `${imagePath.slice(0, i)}${sep}labels${sep}${imagePath.slice(i + s.length)}` : imagePath;
  return swapped.replace(/\.[^.\\/]+$/, ".txt");
}

function globToRegExp(glob: string): RegExp {
  const notSep = sep === "\\" ? "[^\\\\]*" : "[^/]*";
  const body = glob
    .split("/")
    .join(sep)
    .split("**")
    .map((part) => part.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, notSep).replace(/\?/g, "."))
    .join(".*");
  return new RegExp(`^${body}$`);
}

/** Image files of one split entry: a folder (recursive), a .txt list of paths, or a glob. */
async function expandEntry(base: string, entry: string, yamlFile: string, issues: Issue[], signal?: AbortSignal): Promise<string[]> {
  const abs = isAbsolute(entry) ? entry : resolve(base, entry);
  if (/[*?]/.test(entry)) {
    const fixed = abs.slice(0, abs.search(/[*?]/));
    const from = fixed.endsWith(sep) ? fixed : dirname(fixed);
    if (!existsSync(from)) {
      issues.push({ file: yamlFile, severity: "error", message: `${entry}: ${from} does not exist` });
      return [];
    }
    const re = globToRegExp(abs);
    return (await walkFiles(from, undefined, signal)).filter((f) => re.test(f));
  }
  if (!existsSync(abs)) {
    issues.push({ file: yamlFile, severity: "error", message: `${entry}: ${abs} does not exist` });
    return [];
  }
  if (statSync(abs).isDirectory()) return walkFiles(abs, undefined, signal);
  if (abs.toLowerCase().endsWith(".txt")) {
    let text: string;
    try {
      text = await readRegularText(abs, { what: "image list" });
    } catch (err) {
      if (!isLoupeError(err)) throw err;
      issues.push({ file: abs, severity: "error", message: err.message.replace(`${abs}: `, "") });
      return [];
    }
    const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    const out: string[] = [];
    lines.forEach((l, i) => {
      const p = isAbsolute(l) ? l : resolve(base, l);
      if (!isImageFile(p)) issues.push({ file: abs, line: i + 1, severity: "error", message: `${l}: not an image file name` });
      else out.push(p);
    });
    return out;
  }
  issues.push({ file: yamlFile, severity: "error", message: `${entry}: neither a folder, a .txt list nor a glob` });
  return [];
}

/**
 * A YOLO dataset from its data.yaml: each split's images, labels beside them in `labels/` (no label file =
 * unlabeled; an empty one = confirmed empty), class names from `names`. A `path` that does not exist (a dataset
 * moved since it was written) falls back to the yaml's folder with a warning; a split pointing nowhere is an error
 * and the other splits import; nothing usable at all fails the import.
 */
export async function planYoloImport(path: string, signal?: AbortSignal): Promise<ImportPlan> {
  const yamlFile = await findDataYaml(path);
  if (!yamlFile) throw new LoupeError("E_DATASET_FORMAT", `${resolve(path)}: no data.yaml found`, { file: resolve(path) });
  const parsed = parseDataYaml(await readRegularText(yamlFile, { what: "data.yaml", maxBytes: 16 * 1024 * 1024 }), yamlFile);
  const fatal = parsed.issues.find((i) => i.severity === "error");
  if (fatal) throw new LoupeError("E_DATASET_FORMAT", describeIssue(fatal), { file: yamlFile, details: { issues: parsed.issues } });
  const issues: Issue[] = [...parsed.issues];
  const yamlDir = dirname(yamlFile);
  let base = parsed.value.path === undefined ? yamlDir : isAbsolute(parsed.value.path) ? parsed.value.path : resolve(yamlDir, parsed.value.path);
  if (!existsSync(base)) {
    issues.push({ file: yamlFile, severity: "warning", message: `path ${parsed.value.path ?? ""} does not exist; reading the dataset beside data.yaml instead` });
    base = yamlDir;
  }
  const names = parsed.value.names;
  const seen = new Map<string, Split>();
  const items: PlanItem[] = [];
  for (const key of YOLO_SPLIT_KEYS) {
    for (const entry of parsed.value.splits[key] ?? []) {
      for (const img of await expandEntry(base, entry, yamlFile, issues, signal)) {
        const before = seen.get(img);
        if (before) {
          issues.push({ file: img, severity: "warning", message: `listed in ${before} and ${key}; kept in ${before}` });
          continue;
        }
        seen.set(img, key);
        const labelFile = labelPathFor(img);
        items.push({ absPath: img, split: key, labelFile, labels: (size) => readYoloLabels(labelFile, names, size) });
      }
    }
  }
  if (items.length === 0) {
    const first = issues.find((i) => i.severity === "error");
    throw new LoupeError("E_DATASET_FORMAT", first ? describeIssue(first) : `${yamlFile}: the splits list no images`, { file: yamlFile, details: { issues } });
  }
  const root = commonRoot(base, items.map((i) => i.absPath));
  return { format: "yolo", root, items, classNames: names, issues };
}

async function readYoloLabels(file: string, names: readonly string[], size: { width: number; height: number }): Promise<ResolvedLabels> {
  let text: string;
  try {
    text = await readRegularText(file, { what: "label file", maxBytes: 64 * 1024 * 1024 });
  } catch (err) {
    if (isLoupeError(err, "E_NOT_FOUND")) return { boxes: null, issues: [] };
    const why = isLoupeError(err) ? err.message.replace(`${file}: `, "") : (err as Error).message;
    return { boxes: null, issues: [{ file, severity: "error", message: `${why}; image imported unlabeled` }] };
  }
  const parsed = parseYoloLabels(text, file, { names, ...size });
  return { boxes: parsed.value, issues: parsed.issues };
}

/** The dataset root when every image lies under it, else the deepest folder holding them all. */
export function commonRoot(base: string, files: readonly string[]): string {
  if (files.every((f) => !relative(base, f).startsWith(".."))) return base;
  let root = dirname(files[0] ?? base);
  while (files.some((f) => relative(root, f).startsWith("..")) && dirname(root) !== root) root = dirname(root);
  return root;
}
