import type { Split } from "../../../src-preload/api";
import { renamedFiles, type ExportFormat, type ExportSet } from "./builders/types";

/** The filter an export was made with, as recorded in its manifest and the exports table. */
export interface ExportFilter {
  split?: Split | undefined;
  approvedOnly?: boolean | undefined;
  reviewedOnly?: boolean | undefined;
  sinceLastExport?: boolean | undefined;
  /** Accepted but not yet usable: needs the loop's iterations table. */
  iteration?: number | undefined;
}

export interface ManifestFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface ExportCounts {
  images: number;
  labels: number;
  emptyImages: number;
  byClass: Record<string, number>;
  bySplit: Partial<Record<Split, { images: number; labels: number }>>;
}

export interface ExportManifest {
  format: ExportFormat;
  loupeVersion: string;
  /** ISO 8601 UTC, and epoch milliseconds. */
  createdAt: string;
  createdAtMs: number;
  filter: ExportFilter;
  /** Loop iterations whose labels are included; empty until the loop exists. */
  sourceIterations: number[];
  /** `since-last-export`: the time of the export this one continues from, if any. */
  sinceMs: number | null;
  counts: ExportCounts;
  /**
   * Images written under another name than their own: names are made unique by stem (`same.jpg` and `same.png`
   * would share a label file) and unsafe characters (newlines, slashes) are replaced. Empty when none changed.
   */
  renamed: { imageId: number; original: string; exported: string; reason: string }[];
  files: ManifestFile[];
}

/** Counts per class (by name, every class listed) and per split of what an export holds. */
export function countExport(set: ExportSet): ExportCounts {
  const byClass: Record<string, number> = {};
  for (const c of set.classes) byClass[c.name] = 0;
  const name = new Map(set.classes.map((c) => [c.id, c.name]));
  const bySplit: ExportCounts["bySplit"] = {};
  let labels = 0;
  let emptyImages = 0;
  for (const im of set.images) {
    const s = (bySplit[im.split] ??= { images: 0, labels: 0 });
    s.images++;
    s.labels += im.labels.length;
    labels += im.labels.length;
    if (im.labels.length === 0) emptyImages++;
    for (const l of im.labels) {
      const n = name.get(l.classId) ?? String(l.classId);
      byClass[n] = (byClass[n] ?? 0) + 1;
    }
  }
  return { images: set.images.length, labels, emptyImages, byClass, bySplit };
}

/** manifest.json: what was exported, how, when, by which Loupe, and every file with its sha256 (sorted by path). */
export function buildManifest(input: {
  format: ExportFormat;
  loupeVersion: string;
  createdAtMs: number;
  filter: ExportFilter;
  sinceMs: number | null;
  set: ExportSet;
  files: readonly ManifestFile[];
}): ExportManifest {
  const files = [...input.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    format: input.format,
    loupeVersion: input.loupeVersion,
    createdAt: new Date(input.createdAtMs).toISOString(),
    createdAtMs: input.createdAtMs,
    filter: input.filter,
    sourceIterations: [],
    sinceMs: input.sinceMs,
    counts: countExport(input.set),
    renamed: renamedFiles(input.set.images),
    files,
  };
}
