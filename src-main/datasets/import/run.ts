import { existsSync, readdirSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { LoupeError } from "../../errors";
import { planCocoImport } from "./coco";
import { planFolderImport } from "./folder";
import type { ImportFormat, ImportPlan } from "./plan";
import { planVocImport } from "./voc";
import { findDataYaml, planYoloImport } from "./yolo";

/**
 * Guesses the format of a path: a .yaml or a folder with a data.yaml → yolo; a .json → coco; a .xml, or a folder with
 * Annotations/ or .xml files → voc; a folder with a COCO-named .json (annotations/, instances_*) → coco; else folder.
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
  const names = readdirSync(abs);
  if (names.includes("Annotations") || names.some((n) => n.toLowerCase().endsWith(".xml"))) return "voc";
  if (names.includes("annotations") || names.some((n) => n.toLowerCase().endsWith(".json"))) return "coco";
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

