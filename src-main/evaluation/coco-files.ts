/**
 * Reads a COCO ground-truth file and a COCO results list, checks them, and turns them into the input of
 * `core/metrics/coco-eval` the way pycocotools' `COCO(gt).loadRes(dt)` + `COCOeval` would see them:
 * images and categories come from the GT file; GT annotations of unknown images or categories are dropped;
 * annotations are looked up by id (so duplicate ids resolve to the last one, as `loadAnns` does); results whose
 * category is not in the GT are dropped; results naming an image that is not in the GT are an error (pycocotools
 * asserts "Results do not correspond to current coco set"). GT `area` defaults to w·h when absent.
 *
 * A results file of the plain shape (numeric ids, a 4-number bbox, a score) is read straight into columns by
 * `scanCocoResults`; any other goes through JSON.parse and the checks below, which name the entry at fault.
 */
import { readFile } from "node:fs/promises";
import type { XywhTuple } from "../core/geometry/box";
import type { CocoDetection, CocoEvalInput, CocoGroundTruth, ImageKey } from "../core/metrics/coco-eval";
import { compareImageKeys, evaluateCoco } from "../core/metrics/coco-eval";
import { scanCocoResults, type CocoDetectionColumns } from "../core/metrics/coco-results-scan";
import type { CocoEvalResult } from "../core/metrics/coco-accumulate";
import { LoupeError } from "../errors";

export interface CocoGtAnnotation {
  id: number;
  imageId: ImageKey;
  categoryId: number;
  bbox: XywhTuple;
  area?: number;
  isCrowd: boolean;
}

export interface CocoGtDataset {
  images: { id: ImageKey; fileName?: string; widthPx?: number; heightPx?: number }[];
  categories: { id: number; name: string }[];
  annotations: CocoGtAnnotation[];
}

type Json = Record<string, unknown>;

function fail(file: string, problem: string): never {
  throw new LoupeError("E_DATASET_FORMAT", `${file}: ${problem}`, { file });
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function num(v: unknown, file: string, where: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) fail(file, `${where} must be a finite number`);
  return v;
}

function imageKey(v: unknown, file: string, where: string): ImageKey {
  if (typeof v === "string") return v;
  return num(v, file, where);
}

function bbox(v: unknown, file: string, where: string): XywhTuple {
  if (!Array.isArray(v) || v.length !== 4) fail(file, `${where} must be [x, y, width, height]`);
  return [num(v[0], file, where), num(v[1], file, where), num(v[2], file, where), num(v[3], file, where)];
}

function arrayField(obj: Json, key: string, file: string): unknown[] {
  const v = obj[key];
  if (!Array.isArray(v)) fail(file, `"${key}" must be an array`);
  return v;
}

/**
 * Validates a parsed COCO instances file (`images`, `categories`, `annotations` with `id`, `image_id`,
 * `category_id`, `bbox`, optional `area` and `iscrowd`). Throws E_DATASET_FORMAT naming the file and entry.
 */
export function parseCocoGroundTruth(value: unknown, file: string): CocoGtDataset {
  if (!isObject(value)) fail(file, "expected a COCO annotations object with images, annotations and categories");
  const images = arrayField(value, "images", file).map((im, i) => {
    if (!isObject(im)) fail(file, `images[${i}] must be an object`);
    const out: CocoGtDataset["images"][number] = { id: imageKey(im.id, file, `images[${i}].id`) };
    if (typeof im.file_name === "string") out.fileName = im.file_name;
    if (typeof im.width === "number") out.widthPx = im.width;
    if (typeof im.height === "number") out.heightPx = im.height;
    return out;
  });
  const categories = arrayField(value, "categories", file).map((c, i) => {
    if (!isObject(c)) fail(file, `categories[${i}] must be an object`);
    return { id: num(c.id, file, `categories[${i}].id`), name: typeof c.name === "string" ? c.name : String(c.id) };
  });
  const annotations = arrayField(value, "annotations", file).map((a, i): CocoGtAnnotation => {
    const at = `annotations[${i}]`;
    if (!isObject(a)) fail(file, `${at} must be an object`);
    const ann: CocoGtAnnotation = {
      id: num(a.id, file, `${at}.id`),
      imageId: imageKey(a.image_id, file, `${at}.image_id`),
      categoryId: num(a.category_id, file, `${at}.category_id`),
      bbox: bbox(a.bbox, file, `${at}.bbox`),
      isCrowd: a.iscrowd === true || (typeof a.iscrowd === "number" && a.iscrowd !== 0),
    };
    if (a.area !== undefined) ann.area = num(a.area, file, `${at}.area`);
    return ann;
  });
  return { images, categories, annotations };
}

/**
 * Validates a COCO results list (`[{ image_id, category_id, bbox, score }, …]`). Throws E_DATASET_FORMAT.
 */
export function parseCocoResults(value: unknown, file: string): CocoDetection[] {
  if (!Array.isArray(value)) {
    const hint = isObject(value) && Array.isArray(value.annotations) ? " (this looks like a dataset file)" : "";
    fail(file, `expected a COCO results list [{ image_id, category_id, bbox, score }, …]${hint}`);
  }
  return value.map((d, i) => {
    const at = `[${i}]`;
    if (!isObject(d)) fail(file, `${at} must be an object`);
    return {
      imageId: imageKey(d.image_id, file, `${at}.image_id`),
      categoryId: num(d.category_id, file, `${at}.category_id`),
      bbox: bbox(d.bbox, file, `${at}.bbox`),
      score: num(d.score, file, `${at}.score`),
    };
  });
}

/**
 * Builds the evaluator input from a checked GT dataset and results, reproducing pycocotools' loading rules
 * (module comment). `dtFile` names the results file in errors.
 */
export function buildCocoEvalInput(gt: CocoGtDataset, dets: readonly CocoDetection[] | CocoDetectionColumns, dtFile: string): CocoEvalInput {
  const imageIds = [...new Set(gt.images.map((i) => i.id))].sort(compareImageKeys);
  const imageSet = new Set<ImageKey>(imageIds);
  const unknown = (id: ImageKey): never =>
    fail(dtFile, `results refer to image id ${JSON.stringify(id)}, which is not among the ground truth's images`);
  if (Array.isArray(dets)) {
    for (const d of dets as readonly CocoDetection[]) if (!imageSet.has(d.imageId)) unknown(d.imageId);
  } else {
    for (const id of (dets as CocoDetectionColumns).imageId) if (!imageSet.has(id)) unknown(id);
  }
  const categoryIds = [...new Set(gt.categories.map((c) => c.id))].sort((a, b) => a - b);
  const catSet = new Set(categoryIds);
  const byId = new Map<number, CocoGtAnnotation>();
  const byImage = new Map<ImageKey, CocoGtAnnotation[]>();
  for (const a of gt.annotations) {
    byId.set(a.id, a);
    const list = byImage.get(a.imageId) ?? [];
    list.push(a);
    byImage.set(a.imageId, list);
  }
  const groundTruths: CocoGroundTruth[] = [];
  for (const img of imageIds) {
    for (const orig of byImage.get(img) ?? []) {
      if (!catSet.has(orig.categoryId)) continue;
      const a = byId.get(orig.id) ?? orig;
      const g: CocoGroundTruth = { id: a.id, imageId: a.imageId, categoryId: a.categoryId, bbox: a.bbox, isCrowd: a.isCrowd };
      if (a.area !== undefined) g.area = a.area;
      groundTruths.push(g);
    }
  }
  return { imageIds, categoryIds, groundTruths, detections: dets };
}

async function readBytes(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    throw new LoupeError("E_IO", `${file}: cannot read (${err instanceof Error ? err.message : String(err)})`, {
      file,
      cause: err,
    });
  }
}

function parseJson(bytes: Buffer, file: string): unknown {
  try {
    return JSON.parse(bytes.toString("utf8")) as unknown;
  } catch (err) {
    return fail(file, `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

export interface CocoFilesEvaluation {
  result: CocoEvalResult;
  categoryNames: Map<number, string>;
  imageCount: number;
  detectionCount: number;
  annotationCount: number;
}

/**
 * Evaluates a COCO GT file against a COCO results file, as `COCOeval(COCO(gt), COCO(gt).loadRes(dt), "bbox")`.
 * @example const { result } = await evaluateCocoFiles("instances_val.json", "detections.json");
 */
export async function evaluateCocoFiles(gtFile: string, dtFile: string): Promise<CocoFilesEvaluation> {
  const [gtBytes, dtBytes] = await Promise.all([readBytes(gtFile), readBytes(dtFile)]);
  const gt = parseCocoGroundTruth(parseJson(gtBytes, gtFile), gtFile);
  const dets = scanCocoResults(dtBytes) ?? parseCocoResults(parseJson(dtBytes, dtFile), dtFile);
  const input = buildCocoEvalInput(gt, dets, dtFile);
  return {
    result: evaluateCoco(input),
    categoryNames: new Map(gt.categories.map((c) => [c.id, c.name])),
    imageCount: input.imageIds?.length ?? 0,
    detectionCount: Array.isArray(dets) ? dets.length : (dets as CocoDetectionColumns).n,
    annotationCount: input.groundTruths.length,
  };
}
