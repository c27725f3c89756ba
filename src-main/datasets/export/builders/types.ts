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
 * A file name that is safe in every export: control characters (a newline would split a VOC ImageSets line or a
 * CSV row), slashes and backslashes become "_", and so does a leading dot (hidden files are skipped on import).
 */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const s = name.replace(/[\u0000-\u001f\u007f/\\]/g, "_").replace(/^\./, "_");
  return s === "" ? "_" : s;
}

/**
 * A unique file name per image across the whole export. Names are compared by STEM, without case (for
 * case-insensitive file systems), because label and annotation files are named after the stem: `same.jpg` and
 * `same.png` would both need `same.txt`. An image whose stem is shared becomes `<id>_<name>`; unsafe characters are
 * replaced (safeFileName). Every change is listed by `renamedFiles` in the manifest.
 */
export function exportFileNames(images: readonly ExportImage[]): Map<number, string> {
  const stemKey = (n: string): string => stemOf(n).toLowerCase();
  const count = new Map<string, number>();
  for (const im of images) {
    const k = stemKey(safeFileName(im.fileName));
    count.set(k, (count.get(k) ?? 0) + 1);
  }
  const taken = new Set<string>();
  const out = new Map<number, string>();
  for (const im of images) {
    const safe = safeFileName(im.fileName);
    let name = (count.get(stemKey(safe)) ?? 0) > 1 ? `${im.id}_${safe}` : safe;
    // `<id>_<name>` can meet a real file called that; add the id again until the stem is free.
    while (taken.has(stemKey(name))) name = `${im.id}_${name}`;
    taken.add(stemKey(name));
    out.set(im.id, name);
  }
  return out;
}

/** Images whose exported file name differs from their own, with the reason (for the manifest). */
export function renamedFiles(images: readonly ExportImage[]): { imageId: number; original: string; exported: string; reason: string }[] {
  const names = exportFileNames(images);
  const out: { imageId: number; original: string; exported: string; reason: string }[] = [];
  for (const im of images) {
    const exported = names.get(im.id) as string;
    if (exported === im.fileName) continue;
    const reason = safeFileName(im.fileName) !== im.fileName ? "unsafe characters replaced" : "another image has the same name stem; prefixed with the image id";
    out.push({ imageId: im.id, original: im.fileName, exported, reason });
  }
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
