import { formatDataYaml, type YoloSplitKey } from "../../parse/data-yaml";
import { formatYoloLine } from "../../parse/yolo-labels";
import { classIndex, exportFileNames, splitsPresent, stemOf, type ExportEntry, type ExportSet } from "./types";

/**
 * A YOLO dataset (YOLO-CONTRACT 2.3–2.4): `images/<split>/<file>`, `labels/<split>/<stem>.txt` (an empty file for a
 * confirmed-empty image), and `data.yaml` with the absolute `path` of the final folder and the class names.
 * Pool images go to `images/pool`, listed under Loupe's own `pool` key (Ultralytics ignores it).
 */
export function buildYoloExport(set: ExportSet, opts: { targetDir: string }): ExportEntry[] {
  const names = exportFileNames(set.images);
  const index = classIndex(set);
  const entries: ExportEntry[] = [];
  for (const im of set.images) {
    const name = names.get(im.id) as string;
    entries.push({ relativePath: `images/${im.split}/${name}`, sourceFile: im.sourcePath, contentHash: im.contentHash });
    const lines = im.labels.map((l) => formatYoloLine(index.get(l.classId) ?? -1, l.box, im.width, im.height));
    entries.push({ relativePath: `labels/${im.split}/${stemOf(name)}.txt`, contents: lines.length ? `${lines.join("\n")}\n` : "" });
  }
  const splits: Partial<Record<YoloSplitKey, string>> = {};
  for (const s of splitsPresent(set)) splits[s] = `images/${s}`;
  entries.push({ relativePath: "data.yaml", contents: formatDataYaml(opts.targetDir, splits, set.classes.map((c) => c.name)) });
  return entries;
}
