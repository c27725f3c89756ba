import { existsSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { Split } from "../../../src-preload/api";
import { LoupeError, isLoupeError } from "../../errors";
import { readRegularText } from "../../files/regular-file";
import type { Issue, ParsedBox } from "../parse/types";
import { parseVoc } from "../parse/voc";
import { ImageIndex } from "./image-index";
import { noLabels, type ImportPlan, type PlanItem } from "./plan";
import { mapPool } from "./probe";
import { walkFiles } from "./walk";

/** train/val/test lists of a VOC layout (`ImageSets/Main/<split>.txt`, one stem per line), by stem. */
async function readImageSets(root: string): Promise<Map<string, Split>> {
  const out = new Map<string, Split>();
  for (const split of ["train", "val", "test"] as const) {
    const f = join(root, "ImageSets", "Main", `${split}.txt`);
    if (!existsSync(f)) continue;
    for (const line of (await readRegularText(f, { what: "image set list" })).split(/\r?\n/)) {
      const stem = line.trim().split(/\s+/)[0];
      if (stem && !out.has(stem)) out.set(stem, split);
    }
  }
  return out;
}

/**
 * Pascal VOC: every XML under the folder (recursive) is matched to an image under the same folder by its
 * `<filename>` (a foreign absolute `<path>` is reduced to its basename), else by the XML's own name. Images
 * without an XML are unlabeled; an XML without objects is a confirmed-empty image. Splits come from
 * `ImageSets/Main/{train,val,test}.txt` where present.
 */
export async function planVocImport(path: string, signal?: AbortSignal): Promise<ImportPlan> {
  let root = resolve(path);
  if (!existsSync(root)) throw new LoupeError("E_NOT_FOUND", `${root}: no such folder`, { file: root });
  if (!statSync(root).isDirectory()) root = dirname(root);
  if (basename(root) === "Annotations") root = dirname(root);
  const xmls = await walkFiles(root, (n) => n.toLowerCase().endsWith(".xml"), signal);
  if (xmls.length === 0) throw new LoupeError("E_DATASET_FORMAT", `${root}: no Pascal VOC .xml files found`, { file: root });
  const index = new ImageIndex(root, await walkFiles(root, undefined, signal));
  const sets = await readImageSets(root);
  const issues: Issue[] = [];
  const classNames: string[] = [];
  const labelsOf = new Map<string, { xml: string; boxes: ParsedBox[]; issues: Issue[]; width: number; height: number }>();
  const parsed = await mapPool(xmls, 8, async (xml) => {
    try {
      return parseVoc(await readRegularText(xml, { what: "VOC annotation", maxBytes: 64 * 1024 * 1024 }), xml);
    } catch (err) {
      if (!isLoupeError(err)) throw err;
      return { value: { fileName: undefined, width: 0, height: 0, boxes: [] }, issues: [{ file: xml, severity: "error" as const, message: `not a Pascal VOC annotation: ${err.message.replace(`${xml}: `, "")}` }] };
    }
  }, signal);
  parsed.forEach((p, i) => {
    const xml = xmls[i] as string;
    if (p.issues.some((x) => x.severity === "error" && /^not (valid XML|a Pascal VOC)/.test(x.message))) {
      issues.push(...p.issues);
      return;
    }
    const stem = basename(xml).replace(/\.xml$/i, "");
    const image = (p.value.fileName && index.find(p.value.fileName)) || (index.byStem(stem).length === 1 ? index.byStem(stem)[0] : undefined);
    if (!image) {
      issues.push({ file: xml, severity: "error", message: `no image ${p.value.fileName ?? stem} found under ${root}` });
      return;
    }
    if (labelsOf.has(image)) {
      issues.push({ file: xml, severity: "error", message: `${basename(image)} already has labels from ${labelsOf.get(image)?.xml ?? "another file"}; left out` });
      return;
    }
    for (const b of p.value.boxes) if (!classNames.includes(b.className)) classNames.push(b.className);
    labelsOf.set(image, { xml, boxes: p.value.boxes, issues: p.issues, width: p.value.width, height: p.value.height });
  });
  const items: PlanItem[] = index.files.map((absPath) => {
    const l = labelsOf.get(absPath);
    const split = sets.get(basename(absPath).replace(/\.[^.]+$/, ""));
    if (!l) return { absPath, split, labels: noLabels };
    return {
      absPath,
      split,
      labelFile: l.xml,
      labels: async () => ({ boxes: l.boxes, issues: l.issues, declaredSize: l.width > 0 && l.height > 0 ? { width: l.width, height: l.height } : undefined }),
    };
  });
  return { format: "voc", root, items, classNames, issues };
}
