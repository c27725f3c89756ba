import { basename, join } from "node:path";
import type { ClassInfo, Split, TrainingStartRequest } from "../../src-preload/api";
import { buildYoloExport } from "../datasets/export/builders/yolo";
import type { ExportImage, ExportSet } from "../datasets/export/builders/types";
import { buildManifest, countExport, type ExportCounts } from "../datasets/export/manifest";
import { writeExportAtomic } from "../datasets/export/writer";
import { LoupeError } from "../errors";
import type { Db } from "../store/db";
import { listClasses } from "../store/repos/classes-repo";

/**
 * The dataset a training run gets: the project's train and val images in YOLO format, in a fresh folder per run
 * (Ultralytics caches labels by file sizes, so a reused folder can serve stale labels), images COPIED, never
 * linked (Ultralytics rewrites a corrupt JPEG in place). Built with the datasets module's YOLO builder and atomic
 * writer; only the choice of images and labels is made here.
 *
 * Which labels train (whole images, never part of one — a box left out of an image would teach the model that
 * the object is background):
 * - "labeled" (default): images a person finished — status `labeled` or confirmed `empty` — with every label
 *   that is not rejected. An image with a REJECTED label is left out until it is fixed.
 * - "approved": only images whose labels were all approved by a reviewer (plus confirmed-empty images).
 * The val split follows the same rule; the trainer validates on it each epoch.
 */

export type TrainingLabelRule = NonNullable<TrainingStartRequest["labels"]>;

export interface TrainingDataset {
  dir: string;
  dataYaml: string;
  manifestFile: string;
  rule: TrainingLabelRule;
  counts: ExportCounts;
  trainImages: number;
  valImages: number;
  /** Images skipped because of a rejected (or, for "approved", an unapproved) label. */
  skippedImages: number;
  classes: ClassInfo[];
}

interface ImageRow {
  id: number;
  rel_path: string;
  width: number;
  height: number;
  split: Split;
  status: "labeled" | "empty";
  content_hash: string;
  root: string;
}

interface LabelRow {
  image_id: number;
  class_id: number;
  x: number;
  y: number;
  w: number;
  h: number;
  review_state: "pending" | "approved" | "rejected";
  iscrowd: number;
  difficult: number;
  truncated: number;
}

/** Reads the train/val images and labels that pass `rule` (pure given the database). */
export function collectTrainingSet(db: Db, rule: TrainingLabelRule): { set: ExportSet; skippedImages: number } {
  const classes = listClasses(db);
  const images = db
    .prepare(
      `SELECT i.id, i.rel_path, i.width, i.height, i.split, i.status, i.content_hash, r.path AS root
       FROM images i JOIN data_roots r ON r.id = i.root_id
       WHERE i.split IN ('train', 'val') AND i.status IN ('labeled', 'empty')
       ORDER BY i.id`,
    )
    .all() as ImageRow[];
  const labels = db
    .prepare(
      `SELECT l.image_id, l.class_id, l.x, l.y, l.w, l.h, l.review_state, l.iscrowd, l.difficult, l.truncated
       FROM labels l JOIN images i ON i.id = l.image_id
       WHERE i.split IN ('train', 'val') AND i.status IN ('labeled', 'empty')
       ORDER BY l.image_id, l.created_at, l.id`,
    )
    .all() as LabelRow[];
  const byImage = new Map<number, LabelRow[]>();
  for (const l of labels) {
    const list = byImage.get(l.image_id);
    if (list) list.push(l);
    else byImage.set(l.image_id, [l]);
  }
  const out: ExportImage[] = [];
  let skipped = 0;
  for (const im of images) {
    const ls = byImage.get(im.id) ?? [];
    const usable = ls.every((l) => (rule === "approved" ? l.review_state === "approved" : l.review_state !== "rejected"));
    if (!usable || (im.status === "labeled" && ls.length === 0)) {
      skipped++;
      continue;
    }
    out.push({
      id: im.id,
      fileName: basename(im.rel_path),
      split: im.split,
      width: im.width,
      height: im.height,
      status: im.status,
      contentHash: im.content_hash,
      sourcePath: join(im.root, ...im.rel_path.split("/")),
      labels: ls.map((l) => ({
        classId: l.class_id,
        box: { x: l.x, y: l.y, w: l.w, h: l.h },
        flags: { iscrowd: l.iscrowd === 1, difficult: l.difficult === 1, truncated: l.truncated === 1 },
      })),
    });
  }
  return { set: { classes, images: out }, skippedImages: skipped };
}

/** Writes the run's dataset (YOLO + manifest.json) into `targetDir`, which must not exist yet. */
export async function writeTrainingDataset(
  db: Db,
  targetDir: string,
  opts: { rule: TrainingLabelRule; loupeVersion: string; nowMs: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void },
): Promise<TrainingDataset> {
  const { set, skippedImages } = collectTrainingSet(db, opts.rule);
  const trainImages = set.images.filter((i) => i.split === "train").length;
  const valImages = set.images.filter((i) => i.split === "val").length;
  if (set.classes.length === 0) throw new LoupeError("E_VALIDATION", "the project has no classes to train");
  if (trainImages === 0) {
    const what = opts.rule === "approved" ? "approved" : "labeled (or confirmed empty)";
    throw new LoupeError("E_VALIDATION", `no ${what} images in the train split to train on${skippedImages ? ` (${skippedImages} left out for rejected or unapproved labels)` : ""}`);
  }
  const entries = buildYoloExport(set, { targetDir });
  await writeExportAtomic(targetDir, entries, {
    link: false,
    signal: opts.signal,
    onProgress: opts.onProgress,
    manifest: (files) =>
      `${JSON.stringify(
        buildManifest({
          format: "yolo",
          loupeVersion: opts.loupeVersion,
          createdAtMs: opts.nowMs,
          filter: { approvedOnly: opts.rule === "approved" },
          sinceMs: null,
          set,
          files,
        }),
        null,
        2,
      )}\n`,
  });
  return {
    dir: targetDir,
    dataYaml: join(targetDir, "data.yaml"),
    manifestFile: join(targetDir, "manifest.json"),
    rule: opts.rule,
    counts: countExport(set),
    trainImages,
    valImages,
    skippedImages,
    classes: [...set.classes],
  };
}
