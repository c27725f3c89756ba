import type { ImageBoxes } from "../../../src-preload/api";

/** One stroke of a thumbnail's overlay: every box of one colour, kind and opacity as one SVG path. */
export interface BoxStroke {
  kind: "label" | "prediction";
  color: string;
  /** 1 for labels; 0.35 + 0.65 × score for predictions, the score rounded to a tenth. */
  opacity: number;
  /** `M x1 y1 H x2 V y2 H x1 z` per box, in image px to a tenth. */
  d: string;
  /** Boxes in the path. */
  count: number;
}

/** The colour of a box whose class has none (or is not a project class). */
export const NO_CLASS_COLOR = "#9aa1b1";

const px = (v: number): string => String(Math.round(v * 10) / 10);
const rect = (b: { x: number; y: number; w: number; h: number }): string => `M${px(b.x)} ${px(b.y)}H${px(b.x + b.w)}V${px(b.y + b.h)}H${px(b.x)}z`;

/**
 * A thumbnail's boxes grouped into as few paths as their looks allow: labels by class colour, predictions by colour
 * and score to a tenth. A grid cell draws a handful of paths instead of an element per box, so a 100,000-image grid
 * keeps to a few dozen SVG nodes in the page whatever its images hold. Pure.
 * @example boxStrokes({ imageId: 1, labels: [a, b], predictions: [] }, colors) // one label path "M…zM…z" when a and b share a class
 */
export function boxStrokes(boxes: ImageBoxes, colors: ReadonlyMap<number, string>): BoxStroke[] {
  const byKey = new Map<string, BoxStroke>();
  const add = (kind: BoxStroke["kind"], color: string, opacity: number, d: string): void => {
    const key = `${kind}|${color}|${opacity}`;
    const stroke = byKey.get(key);
    if (stroke) {
      stroke.d += d;
      stroke.count++;
    } else byKey.set(key, { kind, color, opacity, d, count: 1 });
  };
  for (const l of boxes.labels) add("label", colors.get(l.classId) ?? NO_CLASS_COLOR, 1, rect(l.box));
  for (const p of boxes.predictions) {
    const color = p.classId === null ? NO_CLASS_COLOR : (colors.get(p.classId) ?? NO_CLASS_COLOR);
    const tenth = Math.round(Math.min(1, Math.max(0, p.score)) * 10) / 10;
    add("prediction", color, Math.round((0.35 + 0.65 * tenth) * 1000) / 1000, rect(p.box));
  }
  // labels under predictions, as the boxes were drawn before
  return [...byKey.values()].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "label" ? -1 : 1));
}
