import type { BoxPx, ClassInfo, ImageStatus, LabelFlags, Split } from "../../../../src-preload/api";

/** One image to export, with the labels that pass the export's filter. */
export interface ExportImage {
  id: number;
  fileName: string;
  split: Split;
  width: number;
  height: number;
  /** "empty" images get an empty label file (YOLO) or an annotation with no objects (VOC). */
  status: ImageStatus;
  contentHash: string;
  /** Absolute path of the image file; only the writer reads it. */
  sourcePath: string;
  labels: { classId: number; box: BoxPx; flags: LabelFlags }[];
}

/** What a builder works on: classes in position order (their index is the class id in YOLO), and the images. */
export interface ExportSet {
  classes: readonly ClassInfo[];
  images: readonly ExportImage[];
}

/** A file of the export: generated text, or an image to copy (or link) from its source. */
export type ExportEntry =
  | { relativePath: string; contents: string }
  | { relativePath: string; sourceFile: string; contentHash: string };

export const EXPORT_FORMATS = ["yolo", "coco", "voc", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * A unique file name per image across the whole export: its own name, or `<id>_<name>` when another image has the
 * same name (compared without case, for case-insensitive file systems).
 */
export function exportFileNames(images: readonly ExportImage[]): Map<number, string> {
  const count = new Map<string, number>();
  for (const im of images) count.set(im.fileName.toLowerCase(), (count.get(im.fileName.toLowerCase()) ?? 0) + 1);
  const out = new Map<number, string>();
  for (const im of images) out.set(im.id, (count.get(im.fileName.toLowerCase()) ?? 0) > 1 ? `${im.id}_${im.fileName}` : im.fileName);
  return out;
}

/** The file name without its last extension. */
export function stemOf(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

/** Class id → 0-based index in position order. */
export function classIndex(set: ExportSet): Map<number, number> {
  return new Map(set.classes.map((c, i) => [c.id, i]));
}

/** Splits in their fixed order that have at least one image. */
export function splitsPresent(set: ExportSet): Split[] {
  const order: Split[] = ["train", "val", "test", "pool"];
  return order.filter((s) => set.images.some((im) => im.split === s));
}
