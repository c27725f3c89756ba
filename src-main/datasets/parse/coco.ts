import type { Issue, Parsed, ParsedBox } from "./types";
import { classNameProblem } from "./types";

export interface CocoImageRecord {
  /** The id in the file (only meaningful inside it). */
  cocoId: number;
  /** `file_name` as written; may contain folders. */
  fileName: string;
  width: number;
  height: number;
  boxes: ParsedBox[];
  /** Problems with this image's own annotations (left out): an image with any is not confirmed complete. */
  issues: Issue[];
}

export interface CocoDataset {
  categories: { id: number; name: string }[];
  images: CocoImageRecord[];
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/**
 * Parses a COCO instances JSON: categories, images and bbox annotations ([x, y, w, h] in pixels; `iscrowd` kept as a
 * flag). Annotations naming a missing image or category, reusing an annotation id, or with a bad bbox, become issues
 * and are left out (those of a known image are kept in its `issues`, so it is not taken as complete); an image listed
 * without annotations has no boxes (confirmed empty). A file that is not COCO-shaped at all gives one
 * error and nothing else.
 */
export function parseCoco(text: string, file: string): Parsed<CocoDataset> {
  const issues: Issue[] = [];
  const value: CocoDataset = { categories: [], images: [] };
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (err) {
    issues.push({ file, severity: "error", message: `not valid JSON: ${(err as Error).message}` });
    return { value, issues };
  }
  if (!isObj(root) || !Array.isArray(root.images) || !Array.isArray(root.annotations) || !Array.isArray(root.categories)) {
    issues.push({ file, severity: "error", message: "not a COCO dataset: expected images, annotations and categories arrays" });
    return { value, issues };
  }
  const err = (message: string): void => void issues.push({ file, severity: "error", message });
  const categories = new Map<number, string>();
  root.categories.forEach((c, i) => {
    if (!isObj(c) || !isNum(c.id) || typeof c.name !== "string" || c.name.trim() === "") return err(`categories[${i}]: needs a numeric id and a name`);
    if (categories.has(c.id)) return err(`categories[${i}]: category id ${c.id} is listed twice`);
    const problem = classNameProblem(c.name);
    if (problem) return err(`categories[${i}]: class name ${JSON.stringify(c.name.slice(0, 80))} ${problem}`);
    categories.set(c.id, c.name.trim());
    value.categories.push({ id: c.id, name: c.name.trim() });
  });
  const images = new Map<number, CocoImageRecord>();
  root.images.forEach((im, i) => {
    if (!isObj(im) || !isNum(im.id) || typeof im.file_name !== "string" || im.file_name === "") {
      return err(`images[${i}]: needs a numeric id and a file_name`);
    }
    if (images.has(im.id)) return err(`images[${i}]: image id ${im.id} is listed twice`);
    const rec: CocoImageRecord = {
      cocoId: im.id,
      fileName: im.file_name,
      width: isNum(im.width) ? im.width : 0,
      height: isNum(im.height) ? im.height : 0,
      boxes: [],
      issues: [],
    };
    images.set(im.id, rec);
    value.images.push(rec);
  });
  const annotationIds = new Map<unknown, number>();
  root.annotations.forEach((a, i) => {
    const where = `annotations[${i}]${isObj(a) && a.id !== undefined ? ` (id ${String(a.id)})` : ""}`;
    if (!isObj(a)) return err(`${where}: not an object`);
    const image = isNum(a.image_id) ? images.get(a.image_id) : undefined;
    if (a.id !== undefined) {
      const first = annotationIds.get(a.id);
      if (first !== undefined) {
        const message = `${where}: annotation id ${String(a.id)} is already used by annotations[${first}]; left out`;
        return void (image ? image.issues : issues).push({ file, severity: "error", message });
      }
      annotationIds.set(a.id, i);
    }
    if (!image) return err(`${where}: image_id ${String(a.image_id)} is not among the images`);
    // From here on the problem belongs to one image: it travels with the image, which is then not complete.
    const imageErr = (message: string): void => void image.issues.push({ file, severity: "error", message: `${message}; left out` });
    const name = isNum(a.category_id) ? categories.get(a.category_id) : undefined;
    if (name === undefined) return imageErr(`${where}: category_id ${String(a.category_id)} is not among the categories`);
    const b = a.bbox;
    if (!Array.isArray(b) || b.length !== 4 || !b.every(isNum)) return imageErr(`${where}: bbox must be [x, y, w, h] numbers`);
    const [x, y, w, h] = b as [number, number, number, number];
    if (w < 0 || h < 0) return imageErr(`${where}: bbox has a negative width or height`);
    if (w === 0 || h === 0) {
      issues.push({ file, severity: "warning", message: `${where}: zero-area box in ${image.fileName} left out` });
      return;
    }
    const flags: ParsedBox["flags"] = {};
    if (a.iscrowd === 1 || a.iscrowd === true) flags.iscrowd = true;
    image.boxes.push({ className: name, box: { x, y, w, h }, flags });
  });
  return { value, issues };
}
