import { existsSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { LoupeError } from "../../errors";
import { readHead } from "../../files/regular-file";
import { planCocoImport } from "./coco";
import { planFolderImport } from "./folder";
import type { ImportFormat, ImportPlan } from "./plan";
import { planVocImport } from "./voc";
import { findDataYaml, planYoloImport } from "./yolo";

/** How deep format detection looks into a folder (VOCdevkit/VOC2007/Annotations/x.xml is 3 down). */
const DETECT_DEPTH = 3;
/** Files of each kind that detection opens at most; folders it lists at most. */
const DETECT_SAMPLES = 20;
const DETECT_FOLDERS = 200;

const isVocXml = (head: string): boolean => /<annotation[\s>]/.test(head);
/** A COCO file's images, annotations and categories are arrays (an export's manifest.json counts "images": 8). */
const isCocoJson = (head: string): boolean => /^\s*\{/.test(head) && /"(images|annotations|categories)"\s*:\s*\[/.test(head);

/**
 * What the files under a folder ARE, read from their first bytes (never from folder names: raccoon/ keeps VOC XML
 * in a lower-case annotations/ folder): VOC XML files (an `<annotation>` root) and COCO JSON files (an object with
 * images/annotations/categories). Bounded: at most DETECT_DEPTH levels, DETECT_FOLDERS folders and
 * DETECT_SAMPLES files of each kind are opened; only regular files are read.
 */
async function sniffFolder(root: string): Promise<{ voc: string[]; coco: string[] }> {
  const found = { voc: [] as string[], coco: [] as string[] };
  let xmlTried = 0;
  let jsonTried = 0;
  let folders = 0;
  const queue: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
  while (queue.length > 0 && folders < DETECT_FOLDERS) {
    const { dir, depth } = queue.shift() as { dir: string; depth: number };
    folders++;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      const p = join(dir, e.name);
      const lower = e.name.toLowerCase();
      if (e.isDirectory()) {
        if (depth < DETECT_DEPTH && !lower.endsWith(".loupe")) queue.push({ dir: p, depth: depth + 1 });
      } else if (e.isFile() && lower.endsWith(".xml") && xmlTried < DETECT_SAMPLES) {
        xmlTried++;
        const head = await readHead(p, 4096);
        if (head !== undefined && isVocXml(head)) found.voc.push(p);
      } else if (e.isFile() && lower.endsWith(".json") && jsonTried < DETECT_SAMPLES) {
        jsonTried++;
        const head = await readHead(p, 1024 * 1024);
        if (head !== undefined && isCocoJson(head)) found.coco.push(p);
      }
    }
  }
  return found;
}

/**
 * Guesses the format of a path from what it contains: a .yaml or a folder with a data.yaml → yolo; a .json → coco;
 * a .xml → voc; a folder holding VOC XML annotations → voc, COCO JSON → coco (both: the caller must choose); else
 * an image folder.
 */
export async function detectFormat(path: string): Promise<ImportFormat> {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new LoupeError("E_NOT_FOUND", `${abs}: no such file or folder`, { file: abs });
  if (!statSync(abs).isDirectory()) {
    if (/\.ya?ml$/i.test(abs)) return "yolo";
    if (/\.json$/i.test(abs)) return "coco";
    if (/\.xml$/i.test(abs)) return "voc";
    throw new LoupeError("E_DATASET_FORMAT", `${abs}: cannot tell the format of this file (expected .yaml, .json or .xml)`, { file: abs });
  }
  if (await findDataYaml(abs)) return "yolo";
  const found = await sniffFolder(abs);
  if (found.voc.length > 0 && found.coco.length > 0) {
    throw new LoupeError(
      "E_DATASET_FORMAT",
      `${abs}: holds both Pascal VOC annotations (${found.voc[0] ?? ""}) and COCO annotations (${found.coco[0] ?? ""}); choose the format to import`,
      { file: abs },
    );
  }
  if (found.voc.length > 0) return "voc";
  if (found.coco.length > 0) return "coco";
  return "folder";
}

/** The plan for a path in a format ("auto" detects it). */
export async function planImport(path: string, format: ImportFormat | "auto", signal?: AbortSignal): Promise<ImportPlan> {
  const f = format === "auto" ? await detectFormat(path) : format;
  switch (f) {
    case "folder":
      return planFolderImport(path, signal);
    case "yolo":
      return planYoloImport(path, signal);
    case "coco":
      return planCocoImport(path, signal);
    case "voc":
      return planVocImport(path, signal);
  }
}

