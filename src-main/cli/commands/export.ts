import { resolve } from "node:path";
import { DATASET_EXPORT_FORMATS, type DatasetExportFilter, type DatasetExportFormat, type DatasetExportInfo, type Split } from "../../../src-preload/api";
import { LoupeError } from "../../errors";
import { flagBool, flagString, openProjectArg, type CliCommand } from "../command";
import { waitForJob } from "../job-wait";

export const exportCommand: CliCommand = {
  name: "export",
  summary: "export labeled images as YOLO, COCO, Pascal VOC or CSV, atomically, with manifest.json",
  usage: [
    "loupe export <project> --format yolo|coco|voc|csv --out <dir> [--split S] [--approved-only] [--reviewed-only] [--since-last-export] [--link] [--json]",
    "  --out                a new folder (it must not exist); written in a temp folder beside it, then renamed",
    "  --approved-only      only images whose every label is approved",
    "  --reviewed-only      only images with no pending label",
    "  --since-last-export  only images changed since the newest export of this project",
    "  --link               symlink images instead of copying them (not for training with Ultralytics: it may rewrite a corrupt JPEG in place)",
    "  --iteration N        (needs the active-learning loop; refused for now)",
  ],
  async run(ctx) {
    const format = flagString(ctx.args, "format") as DatasetExportFormat | undefined;
    if (!format || !DATASET_EXPORT_FORMATS.includes(format)) throw new LoupeError("E_VALIDATION", `--format must be one of ${DATASET_EXPORT_FORMATS.join(", ")}`);
    const out = flagString(ctx.args, "out");
    if (!out) throw new LoupeError("E_VALIDATION", "missing --out <dir>: where to write the export");
    const filter: DatasetExportFilter = {};
    const split = flagString(ctx.args, "split");
    if (split !== undefined) filter.split = split as Split;
    if (flagBool(ctx.args, "approved-only")) filter.approvedOnly = true;
    if (flagBool(ctx.args, "reviewed-only")) filter.reviewedOnly = true;
    if (flagBool(ctx.args, "since-last-export")) filter.sinceLastExport = true;
    const iteration = flagString(ctx.args, "iteration");
    if (iteration !== undefined) filter.iteration = Number(iteration);
    await openProjectArg(ctx);
    const { jobId } = await ctx.host().call("datasets", "export", { format, outDir: resolve(out), link: flagBool(ctx.args, "link"), filter });
    const job = await waitForJob(ctx, jobId, "export");
    const info = job.result as DatasetExportInfo;
    if (ctx.json) ctx.out(JSON.stringify(info, null, 2));
    else {
      const classes = Object.entries(info.counts.byClass).map(([k, v]) => `${k} ${v}`).join(", ");
      ctx.out(`exported ${info.imageCount} images, ${info.labelCount} labels (${format}) to ${info.outDir}\n  by class: ${classes || "(none)"}\n  manifest: ${resolve(info.outDir, "manifest.json")}`);
    }
    return 0;
  },
};
