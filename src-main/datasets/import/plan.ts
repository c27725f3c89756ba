import type { Split } from "../../../src-preload/api";
import type { Issue, ParsedBox } from "../parse/types";

export const IMPORT_FORMATS = ["folder", "yolo", "coco", "voc"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** What an item's label source says once the image's real size is known: null boxes = no labels (unlabeled). */
export interface ResolvedLabels {
  boxes: ParsedBox[] | null;
  issues: Issue[];
  /** The size the label file declares (VOC <size>, COCO width/height), to warn when it differs from the image. */
  declaredSize?: { width: number; height: number } | undefined;
}

/** One image file to import, with the split its source gives (if any) and how to read its labels. */
export interface PlanItem {
  absPath: string;
  split?: Split | undefined;
  /** The label file (for reports); undefined when the image has none. */
  labelFile?: string | undefined;
  labels(size: { width: number; height: number }): Promise<ResolvedLabels>;
}

/** A format reader's answer: the data root, the items, class names in source order, and problems found so far. */
export interface ImportPlan {
  format: ImportFormat;
  root: string;
  items: PlanItem[];
  classNames: string[];
  issues: Issue[];
}

export const NO_LABELS: ResolvedLabels = { boxes: null, issues: [] };
export const noLabels = async (): Promise<ResolvedLabels> => NO_LABELS;
