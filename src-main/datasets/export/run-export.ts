import { isAbsolute, join, resolve } from "node:path";
import { LoupeError } from "../../errors";
import type { Db } from "../../store/db";
import { listClasses } from "../../store/repos/classes-repo";
import { insertExportRecord, lastExportTime, listExportableImages, listLabelsOfImages } from "../../store/repos/datasets-repo";
import { buildExport } from "./builders/index";
import type { ExportFormat, ExportImage, ExportSet } from "./builders/types";
import { buildManifest, countExport, type ExportFilter, type ExportManifest } from "./manifest";
import { writeExportAtomic } from "./writer";

export interface ExportOptions {
  format: ExportFormat;
  outDir: string;
  filter: ExportFilter;
  link: boolean;
  loupeVersion: string;
  now: () => number;
  signal?: AbortSignal | undefined;
  onProgress?: ((phase: string, done: number, total: number) => void) | undefined;
}

export interface ExportResult {
  /** Row id in the exports table. */
  id: number;
  outDir: string;
  format: ExportFormat;
  images: number;
  labels: number;
  manifest: ExportManifest;
}

/**
 * Which images and labels an export holds. Only labeled and confirmed-empty images are exported; rejected labels
 * never are (an image left with none but rejected ones is skipped). `reviewedOnly`: images with no pending label;
 * `approvedOnly`: images whose every label is approved (a confirmed-empty image counts as reviewed and approved: a
 * person set it). `sinceLastExport`: images whose labels or status changed after the newest recorded export.
 */
export function selectExportSet(db: Db, filter: ExportFilter): { set: ExportSet; sinceMs: number | null } {
  if (filter.iteration !== undefined) {
    throw new LoupeError("E_VALIDATION", "filtering an export by iteration needs the active-learning loop (there are no iterations yet)");
  }
  const sinceMs = filter.sinceLastExport ? lastExportTime(db) : null;
  const labels = listLabelsOfImages(db);
  const images: ExportImage[] = [];
  for (const row of listExportableImages(db, filter.split)) {
    if (sinceMs !== null && row.lastChange <= sinceMs) continue;
    const all = labels.get(row.id) ?? [];
    if (filter.approvedOnly && all.some((l) => l.reviewState !== "approved")) continue;
    if (filter.reviewedOnly && all.some((l) => l.reviewState === "pending")) continue;
    const kept = all.filter((l) => l.reviewState !== "rejected");
    if (row.status === "labeled" && kept.length === 0) continue;
    const slash = row.relPath.lastIndexOf("/");
    images.push({
      id: row.id,
      fileName: slash >= 0 ? row.relPath.slice(slash + 1) : row.relPath,
      split: row.split,
      width: row.width,
      height: row.height,
      status: row.status,
      contentHash: row.contentHash,
      sourcePath: join(row.rootPath, ...row.relPath.split("/")),
      labels: kept.map((l) => ({ classId: l.classId, box: { x: l.x, y: l.y, w: l.w, h: l.h }, flags: l.flags })),
    });
  }
  return { set: { classes: listClasses(db), images }, sinceMs };
}

/** Builds the export, writes it atomically with manifest.json, and records it in the exports table. */
export async function runExport(db: Db, opts: ExportOptions): Promise<ExportResult> {
  if (!isAbsolute(opts.outDir)) throw new LoupeError("E_VALIDATION", `${opts.outDir}: the export folder must be an absolute path`);
  const outDir = resolve(opts.outDir);
  const { set, sinceMs } = selectExportSet(db, opts.filter);
  const entries = buildExport(opts.format, set, outDir);
  const createdAtMs = opts.now();
  let manifest: ExportManifest | undefined;
  await writeExportAtomic(outDir, entries, {
    link: opts.link,
    signal: opts.signal,
    onProgress: (done, total) => opts.onProgress?.("writing", done, total),
    manifest: (files) => {
      manifest = buildManifest({ format: opts.format, loupeVersion: opts.loupeVersion, createdAtMs, filter: opts.filter, sinceMs, set, files });
      return `${JSON.stringify(manifest, null, 2)}\n`;
    },
  });
  const counts = countExport(set);
  const id = insertExportRecord(db, { createdAt: createdAtMs, format: opts.format, outDir, filter: opts.filter, imageCount: counts.images, labelCount: counts.labels, counts });
  return { id, outDir, format: opts.format, images: counts.images, labels: counts.labels, manifest: manifest as ExportManifest };
}
