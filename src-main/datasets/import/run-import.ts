import { existsSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { DatasetImportReport, Split } from "../../../src-preload/api";
import { throwIfAborted } from "../../errors";
import type { Db } from "../../store/db";
import { ensureClass } from "../../store/repos/classes-repo";
import { createImportWriter, insertImportRecord, loadKnownImages, locationKey, type ImportedLabel } from "../../store/repos/datasets-repo";
import { ensureRoot, listRoots } from "../../store/repos/roots-repo";
import { fitBox } from "../parse/box-fit";
import type { Issue } from "../parse/types";
import type { ImportPlan, PlanItem, ResolvedLabels } from "./plan";
import { assignSplits, type SplitRatios } from "./assign-splits";
import { mapPool, probeImage, type Probe } from "./probe";

export interface ImportOptions {
  /** Put every image in this split (overrides the source and the ratios). */
  split?: Split | undefined;
  /** Assign every image by ratio, deterministically from `seed` (overrides the source's splits). */
  ratios?: SplitRatios | undefined;
  seed: number;
  actor: string;
  now: () => number;
  newId: () => string;
  signal?: AbortSignal | undefined;
  onProgress?: ((phase: string, done: number, total: number) => void) | undefined;
  /** Images per transaction. */
  batchSize?: number;
  /** Files read at once. */
  concurrency?: number;
}

export type ImportCounts = DatasetImportReport["counts"];
export type ImportReport = DatasetImportReport;
export type { SplitRatios };

export const MAX_REPORTED_ISSUES = 1000;

interface Probed {
  item: PlanItem;
  probe: Probe;
  labels: ResolvedLabels;
}

/**
 * Imports a planned dataset into the project: reads and hashes each file once (concurrently), checks its labels
 * against its real size, and writes each batch of images with their labels in one transaction. Nothing already in
 * the project changes, except that a known image whose file moved is re-linked to its new place. Returns the report
 * (also stored in the imports table).
 */
export async function runImport(db: Db, plan: ImportPlan, source: string, opts: ImportOptions): Promise<ImportReport> {
  const started = opts.now();
  const issues: Issue[] = [...plan.issues];
  const counts: ImportCounts = { found: plan.items.length, imported: 0, relinked: 0, unchanged: 0, duplicates: 0, failed: 0, labeled: 0, empty: 0, unlabeled: 0, labels: 0, errors: 0, warnings: 0 };
  const bySplit: Record<Split, number> = { train: 0, val: 0, test: 0, pool: 0 };
  const ratioSplits = !opts.split && opts.ratios ? assignSplits(plan.items.map((i) => i.absPath), opts.ratios, opts.seed) : undefined;
  const before = new Set(db.prepare("SELECT name FROM classes").pluck().all() as string[]);
  const classIds = new Map<string, number>();
  const root = db.transaction(() => {
    for (const name of plan.classNames) classIds.set(name, ensureClass(db, name, started).id);
    return ensureRoot(db, plan.root, started);
  })();
  const rootPaths = new Map(listRoots(db).map((r) => [r.id, r.path]));
  const known = loadKnownImages(db);
  const seenThisImport = new Map<string, string>();
  const writer = createImportWriter(db);
  const batchSize = opts.batchSize ?? 500;
  const total = plan.items.length;
  let done = 0;
  opts.onProgress?.("importing", 0, total);
  for (let at = 0; at < total; at += batchSize) {
    throwIfAborted(opts.signal, "the import");
    const batch = plan.items.slice(at, at + batchSize);
    const probed = await mapPool(batch, opts.concurrency ?? 16, async (item): Promise<Probed> => {
      const probe = await probeImage(item.absPath);
      const labels = probe.ok ? await item.labels({ width: probe.header.width, height: probe.header.height }) : { boxes: null, issues: [] };
      opts.onProgress?.("importing", ++done, total);
      return { item, probe, labels };
    }, opts.signal);
    throwIfAborted(opts.signal, "the import");
    const now = opts.now();
    db.transaction(() => {
      for (const p of probed) writeOne(p, now);
    })();
  }

  function writeOne({ item, probe, labels }: Probed, now: number): void {
    const file = item.absPath;
    if (!probe.ok) {
      counts.failed++;
      issues.push({ file, severity: "error", message: `${probe.problem}; not imported` });
      return;
    }
    const relPath = relative(plan.root, file).split(sep).join("/");
    const atPlace = known.byLocation.get(locationKey(root.id, relPath));
    if (atPlace) {
      if (atPlace.contentHash === probe.contentHash) counts.unchanged++;
      else {
        counts.failed++;
        issues.push({ file, severity: "error", message: "the file changed since it was imported (different content); the project keeps the old record" });
      }
      return;
    }
    const twin = seenThisImport.get(probe.contentHash);
    if (twin) {
      counts.duplicates++;
      issues.push({ file, severity: "warning", message: `same content as ${twin} in this import; not imported twice` });
      return;
    }
    const other = known.byHash.get(probe.contentHash);
    if (other) {
      const oldRoot = rootPaths.get(other.rootId);
      const oldPath = oldRoot === undefined ? undefined : join(oldRoot, ...other.relPath.split("/"));
      if (oldPath !== undefined && existsSync(oldPath)) {
        counts.duplicates++;
        issues.push({ file, severity: "warning", message: `same content as ${oldPath}, already in the project; not imported twice` });
      } else {
        writer.relinkImage(other.id, root.id, relPath, now);
        known.byLocation.set(locationKey(root.id, relPath), { id: other.id, contentHash: probe.contentHash });
        other.rootId = root.id;
        other.relPath = relPath;
        counts.relinked++;
      }
      return;
    }
    seenThisImport.set(probe.contentHash, file);
    const { width, height } = probe.header;
    issues.push(...labels.issues);
    const d = labels.declaredSize;
    if (d && (d.width !== width || d.height !== height)) {
      issues.push({ file: item.labelFile ?? file, severity: "warning", message: `the label file says ${d.width}x${d.height}, the image is ${width}x${height}${probe.header.orientation >= 5 ? " after EXIF orientation" : ""}` });
    }
    const boxes: ImportedLabel[] = [];
    for (const b of labels.boxes ?? []) {
      const fit = fitBox(b.box, width, height);
      if (!fit.ok) {
        issues.push({ file: item.labelFile ?? file, severity: "error", message: `${b.className}: ${fit.problem}; left out` });
        continue;
      }
      if (fit.clipped) issues.push({ file: item.labelFile ?? file, severity: "warning", message: `${b.className}: box clipped to the ${width}x${height} image` });
      let classId = classIds.get(b.className);
      if (classId === undefined) {
        classId = ensureClass(db, b.className, now).id;
        classIds.set(b.className, classId);
      }
      boxes.push({ id: opts.newId(), classId, ...fit.box, flags: b.flags });
    }
    // Confirmed empty only when the label source really says "nothing here"; a file whose boxes were all refused is not.
    const refused = labels.issues.length > 0 || (labels.boxes?.length ?? 0) > boxes.length;
    const status = labels.boxes === null ? "unlabeled" : boxes.length > 0 ? "labeled" : refused ? "unlabeled" : "empty";
    const split: Split = opts.split ?? ratioSplits?.get(file) ?? item.split ?? (status === "unlabeled" ? "pool" : "train");
    const id = writer.insertImage({ rootId: root.id, relPath, sizeBytes: probe.sizeBytes, contentHash: probe.contentHash, width, height, split, status }, now);
    for (const l of boxes) writer.insertLabel(id, l, "import", opts.actor, now);
    known.byHash.set(probe.contentHash, { id, rootId: root.id, relPath });
    known.byLocation.set(locationKey(root.id, relPath), { id, contentHash: probe.contentHash });
    counts.imported++;
    counts[status]++;
    counts.labels += boxes.length;
    bySplit[split]++;
  }

  counts.errors = issues.filter((i) => i.severity === "error").length;
  counts.warnings = issues.length - counts.errors;
  const sorted = [...issues.filter((i) => i.severity === "error"), ...issues.filter((i) => i.severity === "warning")];
  const durationMs = Math.max(0, opts.now() - started);
  const report: ImportReport = {
    format: plan.format,
    source,
    root: plan.root,
    durationMs,
    imagesPerSec: durationMs > 0 ? Math.round((total / durationMs) * 1000) : 0,
    counts,
    bySplit,
    classesAdded: [...classIds.keys()].filter((n) => !before.has(n)),
    issues: sorted.slice(0, MAX_REPORTED_ISSUES),
    issuesLeftOut: Math.max(0, sorted.length - MAX_REPORTED_ISSUES),
  };
  insertImportRecord(db, { createdAt: opts.now(), format: plan.format, source, report });
  return report;
}
