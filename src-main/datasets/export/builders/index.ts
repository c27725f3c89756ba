import { buildCocoExport } from "./coco";
import { buildCsvExport } from "./csv";
import type { ExportEntry, ExportFormat, ExportSet } from "./types";
import { buildVocExport } from "./voc";
import { buildYoloExport } from "./yolo";

/** The entries of an export in the given format; `targetDir` is the final absolute folder (YOLO writes it). */
export function buildExport(format: ExportFormat, set: ExportSet, targetDir: string): ExportEntry[] {
  switch (format) {
    case "yolo":
      return buildYoloExport(set, { targetDir });
    case "coco":
      return buildCocoExport(set);
    case "voc":
      return buildVocExport(set);
    case "csv":
      return buildCsvExport(set);
  }
}
