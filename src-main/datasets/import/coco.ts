import { existsSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { SPLITS, type Split } from "../../../src-preload/api";
import { LoupeError } from "../../errors";
import { readRegularText } from "../../files/regular-file";
import { parseCoco, type CocoImageRecord } from "../parse/coco";
import { describeIssue, type Issue } from "../parse/types";
import { ImageIndex } from "./image-index";
import { noLabels, type ImportPlan, type PlanItem } from "./plan";
import { walkFiles } from "./walk";

/** `instances_val.json`, `val.json` → val. */
function splitOfJson(file: string): Split | undefined {
  const stem = basename(file).replace(/\.json$/i, "").toLowerCase();
  return SPLITS.find((s) => stem === s || stem.endsWith(`_${s}`) || stem.endsWith(`-${s}`));
}

/**
 * COCO JSON: one file, or every COCO-shaped .json under a folder. Images are looked up under the root (the folder
 * given, or the parent of the JSON's folder) by `file_name`; images under the root that no JSON lists are
 * unlabeled, listed images without annotations are confirmed empty. A file whose every annotation has a `score`
 * holds detections, not labels, and is skipped with a warning.
 */
export async function planCocoImport(path: string, signal?: AbortSignal): Promise<ImportPlan> {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new LoupeError("E_NOT_FOUND", `${abs}: no such file or folder`, { file: abs });
  const isDir = statSync(abs).isDirectory();
  const root = isDir ? abs : dirname(dirname(abs));
  const jsons = isDir ? await walkFiles(abs, (n) => n.toLowerCase().endsWith(".json"), signal) : [abs];
  const index = new ImageIndex(root, await walkFiles(root, undefined, signal));
  const issues: Issue[] = [];
  const classNames: string[] = [];
  const labelsOf = new Map<string, { json: string; rec: CocoImageRecord; split: Split | undefined }>();
  let cocoFiles = 0;
  for (const json of jsons) {
    const text = await readRegularText(json, { what: "COCO annotation file" });
    const parsed = parseCoco(text, json);
    const shapeError = parsed.issues.find((i) => i.severity === "error" && /^not (valid JSON|a COCO dataset)/.test(i.message));
    if (shapeError) {
      if (!isDir) throw new LoupeError("E_DATASET_FORMAT", describeIssue(shapeError), { file: json });
      continue; // other JSON files in a folder are not ours to judge
    }
    const anns = (JSON.parse(text) as { annotations: { score?: unknown }[] }).annotations;
    if (anns.length > 0 && anns.every((a) => a.score !== undefined)) {
      issues.push({ file: json, severity: "warning", message: "every annotation has a score: these are detections, not labels; skipped" });
      continue;
    }
    cocoFiles++;
    issues.push(...parsed.issues);
    for (const c of parsed.value.categories) if (!classNames.includes(c.name)) classNames.push(c.name);
    const split = splitOfJson(json);
    for (const rec of parsed.value.images) {
      const image = index.find(rec.fileName, split);
      if (!image) {
        issues.push({ file: json, severity: "error", message: `image ${rec.fileName} (id ${rec.cocoId}) not found under ${root}` }, ...rec.issues);
        continue;
      }
      const before = labelsOf.get(image);
      if (before) {
        issues.push({ file: json, severity: "error", message: `${rec.fileName} is already listed in ${before.json}; left out` }, ...rec.issues);
        continue;
      }
      labelsOf.set(image, { json, rec, split });
    }
  }
  if (cocoFiles === 0) throw new LoupeError("E_DATASET_FORMAT", `${abs}: no COCO annotation file found`, { file: abs, details: { issues } });
  const items: PlanItem[] = index.files.map((absPath) => {
    const l = labelsOf.get(absPath);
    if (!l) return { absPath, labels: noLabels };
    const declared = l.rec.width > 0 && l.rec.height > 0 ? { width: l.rec.width, height: l.rec.height } : undefined;
    return { absPath, split: l.split, labelFile: l.json, labels: async () => ({ boxes: l.rec.boxes, issues: l.rec.issues, declaredSize: declared }) };
  });
  return { format: "coco", root, items, classNames, issues };
}
