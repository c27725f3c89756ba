import type { Issue, Parsed, ParsedBox } from "./types";

/** How a plain-text box file lays out its four numbers. */
export type BoxTextCoords = "abs-xywh" | "abs-xyxy" | "rel-cxcywh";

/**
 * The one-box-per-line text layouts of the common detection-metric tools (rafaelpadilla's Object-Detection-Metrics
 * and review_object_detection_metrics): `<class> [<score>] <4 numbers>`, the class by name or by 0-based id.
 */
export interface BoxTextLayout {
  coords: BoxTextCoords;
  hasScore: boolean;
  classBy: "name" | "id";
}

export interface ScoredBox extends ParsedBox {
  score: number | null;
}

export interface BoxTextContext {
  /** Class names by id (needed when `classBy` is "id"). */
  names?: readonly string[];
  /** Image size (needed for relative coordinates). */
  width?: number;
  height?: number;
}

/**
 * Parses one box text file into pixel boxes (top-left x, y, w, h). Lines with the wrong field count, non-numbers,
 * unknown class ids or negative sizes are issues naming the line; zero-area boxes are warnings and left out.
 *
 * @example
 * parseBoxText("cat 0.94 12 44 344 481", "d.txt", { coords: "abs-xyxy", hasScore: true, classBy: "name" }, {}).value
 * // → [{ className: "cat", score: 0.94, box: { x: 12, y: 44, w: 332, h: 437 }, flags: {} }]
 */
export function parseBoxText(text: string, file: string, layout: BoxTextLayout, ctx: BoxTextContext): Parsed<ScoredBox[]> {
  const issues: Issue[] = [];
  const boxes: ScoredBox[] = [];
  const want = layout.hasScore ? 6 : 5;
  if (layout.coords === "rel-cxcywh" && !(ctx.width && ctx.height)) {
    issues.push({ file, severity: "error", message: "relative coordinates need the image size" });
    return { value: boxes, issues };
  }
  text.split("\n").forEach((raw, i) => {
    const line = i + 1;
    const f = raw.trim().split(/\s+/);
    if (f.length === 1 && f[0] === "") return;
    const err = (message: string): void => void issues.push({ file, line, severity: "error", message });
    if (f.length !== want) return err(`expected ${want} fields (class${layout.hasScore ? " score" : ""} and 4 numbers), found ${f.length}`);
    let className = f[0] as string;
    if (layout.classBy === "id") {
      const id = Number(className);
      const name = Number.isInteger(id) ? ctx.names?.[id] : undefined;
      if (name === undefined) return err(`unknown class id "${className}"`);
      className = name;
    }
    const nums = f.slice(1).map((s) => (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s) ? Number(s) : Number.NaN));
    const bad = nums.findIndex((n) => !Number.isFinite(n));
    if (bad >= 0) return err(`field ${bad + 2} is not a number: "${f[bad + 1]}"`);
    const score = layout.hasScore ? (nums.shift() as number) : null;
    const [a, b, c, d] = nums as [number, number, number, number];
    const W = ctx.width ?? 0;
    const H = ctx.height ?? 0;
    const box =
      layout.coords === "abs-xywh" ? { x: a, y: b, w: c, h: d }
      : layout.coords === "abs-xyxy" ? { x: a, y: b, w: c - a, h: d - b }
      : { x: (a - c / 2) * W, y: (b - d / 2) * H, w: c * W, h: d * H };
    if (box.w < 0 || box.h < 0) return err("negative width or height");
    if (box.w === 0 || box.h === 0) {
      issues.push({ file, line, severity: "warning", message: "zero-area box left out" });
      return;
    }
    boxes.push({ className, score, box, flags: {} });
  });
  return { value: boxes, issues };
}
