import type { BoxPx } from "../../../src-preload/api";
import type { Issue, Parsed, ParsedBox } from "./types";

/** How far outside 0..1 a normalised corner may lie and still be clipped (with a warning) rather than rejected. */
export const CLIP_TOLERANCE = 0.01;
/** Overshoot up to this much is rounding in the written numbers: the box is kept as written, unclipped. */
const SILENT_CLIP = 1e-6;

export interface YoloLabelContext {
  /** Class names by zero-based id (from data.yaml). */
  names: readonly string[];
  /** Image size in pixels (after EXIF orientation), to turn normalised values into pixels. */
  width: number;
  height: number;
}

/**
 * Parses a YOLO label file (`class cx cy w h` per line, normalised 0..1) into boxes in image pixels.
 * Bad lines become issues naming the file and line and are left out; the rest is kept. An empty file gives no
 * boxes and no issues (a confirmed-empty image).
 *
 * @example
 * parseYoloLabels("0 0.5 0.5 0.2 0.4\n", "a.txt", { names: ["cat"], width: 100, height: 50 }).value
 * // → [{ className: "cat", box: { x: 40, y: 15, w: 20, h: 20 }, flags: {} }]
 */
export function parseYoloLabels(text: string, file: string, ctx: YoloLabelContext): Parsed<ParsedBox[]> {
  const boxes: ParsedBox[] = [];
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  const lines = text.split("\n");
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "") return;
    const err = (message: string): void => void issues.push({ file, line, severity: "error", message });
    const fields = trimmed.split(/\s+/);
    if (fields.length !== 5) {
      err(`expected 5 fields (class cx cy w h), found ${fields.length}`);
      return;
    }
    const nums = fields.map((f) => (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(f) ? Number(f) : Number.NaN));
    const bad = fields.findIndex((_, i) => !Number.isFinite(nums[i]));
    if (bad >= 0) {
      err(`field ${bad + 1} is not a number: "${fields[bad]}"`);
      return;
    }
    const [cls, cx, cy, w, h] = nums as [number, number, number, number, number];
    if (!Number.isInteger(cls) || cls < 0) {
      err(`class id must be a whole number ≥ 0, found "${fields[0]}"`);
      return;
    }
    const className = ctx.names[cls];
    if (className === undefined) {
      err(`unknown class id ${cls} (data.yaml names ${ctx.names.length} class${ctx.names.length === 1 ? "" : "es"})`);
      return;
    }
    if (w < 0 || h < 0) {
      err(`negative width or height (${fields[3]}, ${fields[4]})`);
      return;
    }
    const prev = seen.get(trimmed.replace(/\s+/g, " "));
    if (prev !== undefined) {
      issues.push({ file, line, severity: "warning", message: `duplicate of line ${prev}; left out` });
      return;
    }
    seen.set(trimmed.replace(/\s+/g, " "), line);
    const box = normalisedToPixels(cx, cy, w, h, ctx, (message, severity) => issues.push({ file, line, severity, message }));
    if (!box) return;
    if (box.w === 0 || box.h === 0) {
      issues.push({ file, line, severity: "warning", message: "zero-area box left out" });
      return;
    }
    boxes.push({ className, box, flags: {} });
  });
  return { value: boxes, issues };
}

/**
 * Converts a normalised centre box to pixels. Corners slightly outside 0..1 are clipped (a warning); far outside is
 * an error and gives undefined.
 */
function normalisedToPixels(
  cx: number,
  cy: number,
  w: number,
  h: number,
  size: { width: number; height: number },
  report: (message: string, severity: "error" | "warning") => void,
): BoxPx | undefined {
  const x1 = cx - w / 2;
  const y1 = cy - h / 2;
  const x2 = cx + w / 2;
  const y2 = cy + h / 2;
  const worst = Math.max(-x1, -y1, x2 - 1, y2 - 1, 0);
  if (worst > CLIP_TOLERANCE) {
    report(`box lies outside the image (corner ${worst.toFixed(4)} beyond 0..1; more than ${CLIP_TOLERANCE} is rejected)`, "error");
    return undefined;
  }
  // Within rounding of the 6th decimal (a box touching the border, written rounded): kept exactly as written, so
  // YOLO → project → YOLO gives the same line back.
  if (worst <= SILENT_CLIP) return { x: x1 * size.width, y: y1 * size.height, w: w * size.width, h: h * size.height };
  report(`box clipped to the image (a corner was ${worst.toFixed(4)} beyond 0..1)`, "warning");
  const c = (v: number): number => Math.min(1, Math.max(0, v));
  return {
    x: c(x1) * size.width,
    y: c(y1) * size.height,
    w: (c(x2) - c(x1)) * size.width,
    h: (c(y2) - c(y1)) * size.height,
  };
}

/**
 * One YOLO label line for a pixel box: class index and centre/size normalised by the image size, 6 decimals.
 *
 * @example formatYoloLine(0, { x: 40, y: 15, w: 20, h: 20 }, 100, 50) // "0 0.500000 0.500000 0.200000 0.400000"
 */
export function formatYoloLine(classIndex: number, box: BoxPx, width: number, height: number): string {
  const f = (v: number): string => {
    const s = v.toFixed(6);
    return s === "-0.000000" ? "0.000000" : s;
  };
  return `${classIndex} ${f((box.x + box.w / 2) / width)} ${f((box.y + box.h / 2) / height)} ${f(box.w / width)} ${f(box.h / height)}`;
}
