import { classIndex, exportFileNames, splitsPresent, type ExportEntry, type ExportSet } from "./types";

/**
 * COCO instances JSON per split (`annotations/instances_<split>.json`) with images under `images/<split>/`.
 * Category ids are 1..K in class order; image and annotation ids count from 1 in each file (pycocotools treats an
 * annotation id 0 as "unmatched"). Boxes are [x, y, w, h] in pixels as stored; area = w·h.
 */
export function buildCocoExport(set: ExportSet): ExportEntry[] {
  const names = exportFileNames(set.images);
  const index = classIndex(set);
  const categories = set.classes.map((c, i) => ({ id: i + 1, name: c.name, supercategory: "none" }));
  const entries: ExportEntry[] = [];
  for (const split of splitsPresent(set)) {
    const images: unknown[] = [];
    const annotations: unknown[] = [];
    let imageId = 0;
    for (const im of set.images) {
      if (im.split !== split) continue;
      const name = names.get(im.id) as string;
      imageId++;
      entries.push({ relativePath: `images/${split}/${name}`, sourceFile: im.sourcePath, contentHash: im.contentHash });
      images.push({ id: imageId, file_name: name, width: im.width, height: im.height });
      for (const l of im.labels) {
        const { x, y, w, h } = l.box;
        annotations.push({
          id: annotations.length + 1,
          image_id: imageId,
          category_id: (index.get(l.classId) ?? -2) + 1,
          bbox: [x, y, w, h],
          area: w * h,
          iscrowd: l.flags.iscrowd ? 1 : 0,
          segmentation: [],
        });
      }
    }
    entries.push({ relativePath: `annotations/instances_${split}.json`, contents: `${JSON.stringify({ images, annotations, categories })}\n` });
  }
  return entries;
}
