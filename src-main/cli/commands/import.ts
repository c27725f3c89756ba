import { resolve } from "node:path";
import { DATASET_IMPORT_FORMATS, SPLITS, type DatasetImportFormat, type DatasetImportReport, type Split } from "../../../src-preload/api";
import { LoupeError } from "../../errors";
import { flagString, openProjectArg, type CliCommand } from "../command";
import { waitForJob } from "../job-wait";

/** `train=0.7,val=0.2,test=0.1` → ratios. */
export function parseSplitRatios(text: string): { train: number; val: number; test: number; pool?: number } {
  const out: Record<string, number> = { train: 0, val: 0, test: 0 };
  for (const part of text.split(",")) {
    const [k, v] = part.split("=").map((s) => s.trim());
    const n = Number(v);
    if (!k || !(SPLITS as readonly string[]).includes(k) || v === undefined || !Number.isFinite(n) || n < 0 || n > 1) {
      throw new LoupeError("E_VALIDATION", `--split-ratios: "${part}" is not split=ratio (splits: ${SPLITS.join(", ")}; ratios 0..1)`);
    }
    out[k] = n;
  }
  return out as { train: number; val: number; test: number; pool?: number };
}

/** Human summary of an import report. */
export function formatImportReport(r: DatasetImportReport): string {
  const c = r.counts;
  const lines = [
    `imported ${c.imported} of ${c.found} images from ${r.source} (${r.format}) in ${(r.durationMs / 1000).toFixed(1)} s, ${r.imagesPerSec} images/s`,
    `  labeled ${c.labeled}, confirmed empty ${c.empty}, unlabeled ${c.unlabeled}; ${c.labels} labels`,
    `  already there ${c.unchanged}, re-linked ${c.relinked}, duplicates ${c.duplicates}, failed ${c.failed}`,
    `  new images by split: ${SPLITS.map((s) => `${s} ${r.bySplit[s]}`).join(", ")}`,
  ];
  if (r.classesAdded.length) lines.push(`  new classes: ${r.classesAdded.join(", ")}`);
  if (r.issues.length) {
    lines.push(`${c.errors} error(s), ${c.warnings} warning(s):`);
    for (const i of r.issues.slice(0, 50)) lines.push(`  ${i.severity}: ${i.file}${i.line !== undefined ? `:${i.line}` : ""}: ${i.message}`);
    const more = r.issues.length - 50 + r.issuesLeftOut;
    if (more > 0) lines.push(`  … and ${more} more (--json lists them)`);
  }
  return lines.join("\n");
}

export const importCommand: CliCommand = {
  name: "import",
  summary: "import an image folder or a YOLO, COCO or Pascal VOC dataset into a project",
  usage: [
    "loupe import <project> <path> [--format auto|folder|yolo|coco|voc] [--split-ratios train=0.7,val=0.2,test=0.1] [--split pool] [--seed N] [--json]",
    "  <path>          a folder of images, a data.yaml (or its folder), a COCO .json (or a folder of them), a VOC folder",
    "  --split         put every image into this split (train, val, test, pool)",
    "  --split-ratios  assign splits by ratio, deterministically from --seed (default: the project's seed)",
    "  Without either, splits come from the source; images without one go to train if labeled, else to pool.",
  ],
  async run(ctx) {
    const path = ctx.args.positionals[1];
    if (!path) throw new LoupeError("E_VALIDATION", "missing <path>: what to import");
    const format = (flagString(ctx.args, "format") ?? "auto") as DatasetImportFormat;
    if (!DATASET_IMPORT_FORMATS.includes(format)) throw new LoupeError("E_VALIDATION", `--format must be one of ${DATASET_IMPORT_FORMATS.join(", ")}`);
    const split = flagString(ctx.args, "split") as Split | undefined;
    const ratios = flagString(ctx.args, "split-ratios");
    const seed = flagString(ctx.args, "seed");
    await openProjectArg(ctx);
    const { jobId } = await ctx.host().call("datasets", "import", {
      path: resolve(path),
      format,
      ...(split !== undefined ? { split } : {}),
      ...(ratios !== undefined ? { splitRatios: parseSplitRatios(ratios) } : {}),
      ...(seed !== undefined ? { seed: Number(seed) } : {}),
    });
    const job = await waitForJob(ctx, jobId, "import");
    const report = job.result as DatasetImportReport;
    ctx.out(ctx.json ? JSON.stringify(report, null, 2) : formatImportReport(report));
    return 0;
  },
};
