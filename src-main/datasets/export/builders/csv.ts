import { csvField } from "../../parse/csv";
import { formatNumber } from "../../parse/types";
import { exportFileNames, type ExportEntry, type ExportSet } from "./types";

export const CSV_HEADER = "filename,split,width,height,class,xmin,ymin,xmax,ymax,difficult,truncated,iscrowd";

/**
 * `labels.csv`, one row per box (corners in pixels), images under `images/<split>/`. A confirmed-empty image is one
 * row with the class and box columns left blank, so it is not lost. Readable back by parse/csv.ts.
 */
export function buildCsvExport(set: ExportSet): ExportEntry[] {
  const names = exportFileNames(set.images);
  const className = new Map(set.classes.map((c) => [c.id, c.name]));
  const rows = [CSV_HEADER];
  const entries: ExportEntry[] = [];
  for (const im of set.images) {
    const name = names.get(im.id) as string;
    entries.push({ relativePath: `images/${im.split}/${name}`, sourceFile: im.sourcePath, contentHash: im.contentHash });
    const head = [csvField(name), im.split, String(im.width), String(im.height)];
    if (im.labels.length === 0) rows.push([...head, "", "", "", "", "", "", "", ""].join(","));
    for (const l of im.labels) {
      const { x, y, w, h } = l.box;
      rows.push(
        [
          ...head,
          csvField(className.get(l.classId) ?? String(l.classId)),
          formatNumber(x),
          formatNumber(y),
          formatNumber(x + w),
          formatNumber(y + h),
          l.flags.difficult ? "1" : "0",
          l.flags.truncated ? "1" : "0",
          l.flags.iscrowd ? "1" : "0",
        ].join(","),
      );
    }
  }
  entries.push({ relativePath: "labels.csv", contents: `${rows.join("\n")}\n` });
  return entries;
}
