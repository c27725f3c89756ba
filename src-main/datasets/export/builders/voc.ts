import { formatNumber } from "../../parse/types";
import { exportFileNames, splitsPresent, stemOf, type ExportEntry, type ExportSet } from "./types";

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * Pascal VOC: `Annotations/<stem>.xml` per image (no `<object>` for a confirmed-empty image), images in
 * `JPEGImages/`, and `ImageSets/Main/<split>.txt` listing stems. xmin = x, xmax = x + w (continuous convention, the
 * inverse of the importer), numbers written exactly as stored.
 */
export function buildVocExport(set: ExportSet): ExportEntry[] {
  const names = exportFileNames(set.images);
  const className = new Map(set.classes.map((c) => [c.id, c.name]));
  const entries: ExportEntry[] = [];
  for (const im of set.images) {
    const name = names.get(im.id) as string;
    entries.push({ relativePath: `JPEGImages/${name}`, sourceFile: im.sourcePath, contentHash: im.contentHash });
    const lines = [
      "<annotation>",
      "\t<folder>JPEGImages</folder>",
      `\t<filename>${esc(name)}</filename>`,
      "\t<size>",
      `\t\t<width>${im.width}</width>`,
      `\t\t<height>${im.height}</height>`,
      "\t\t<depth>3</depth>",
      "\t</size>",
      "\t<segmented>0</segmented>",
    ];
    for (const l of im.labels) {
      const { x, y, w, h } = l.box;
      lines.push(
        "\t<object>",
        `\t\t<name>${esc(className.get(l.classId) ?? String(l.classId))}</name>`,
        "\t\t<pose>Unspecified</pose>",
        `\t\t<truncated>${l.flags.truncated ? 1 : 0}</truncated>`,
        `\t\t<difficult>${l.flags.difficult ? 1 : 0}</difficult>`,
        "\t\t<bndbox>",
        `\t\t\t<xmin>${formatNumber(x)}</xmin>`,
        `\t\t\t<ymin>${formatNumber(y)}</ymin>`,
        `\t\t\t<xmax>${formatNumber(x + w)}</xmax>`,
        `\t\t\t<ymax>${formatNumber(y + h)}</ymax>`,
        "\t\t</bndbox>",
        "\t</object>",
      );
    }
    lines.push("</annotation>");
    entries.push({ relativePath: `Annotations/${stemOf(name)}.xml`, contents: `${lines.join("\n")}\n` });
  }
  for (const split of splitsPresent(set)) {
    const stems = set.images.filter((im) => im.split === split).map((im) => stemOf(names.get(im.id) as string));
    entries.push({ relativePath: `ImageSets/Main/${split}.txt`, contents: `${stems.join("\n")}\n` });
  }
  return entries;
}
