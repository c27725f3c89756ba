import type { XMLParser } from "fast-xml-parser";
import type { Issue, Parsed, ParsedBox } from "./types";
import { classNameProblem, lineAt } from "./types";
import { xml } from "../../core/lazy-packages";

export interface VocAnnotation {
  /** The image's file name: `<filename>`, else the basename of `<path>`; undefined when neither is given. */
  fileName: string | undefined;
  /** `<size>` as written; 0 when missing. */
  width: number;
  height: number;
  /** Boxes in pixels: x = xmin, w = xmax − xmin (continuous convention; no +1). */
  boxes: ParsedBox[];
}

let xmlParser: XMLParser | undefined;
const parser = (): XMLParser => (xmlParser ??= new (xml().XMLParser)({ ignoreAttributes: true, parseTagValue: false, isArray: (name) => name === "object" }));

const num = (v: unknown): number => (typeof v === "string" && v.trim() !== "" ? Number(v.trim()) : Number.NaN);
const flag = (v: unknown): boolean => typeof v === "string" && (v.trim() === "1" || v.trim().toLowerCase() === "true");

/**
 * Parses one Pascal VOC XML file. `<path>` often holds the author's absolute path, so only its basename is used,
 * and only when `<filename>` is absent. `difficult` and `truncated` are kept as flags. A file with no `<object>` is a
 * confirmed-empty image. Bad boxes (xmax < xmin, non-numbers) are errors naming the object's line and are left out;
 * zero-area boxes are warnings and left out.
 */
export function parseVoc(text: string, file: string): Parsed<VocAnnotation> {
  const issues: Issue[] = [];
  const value: VocAnnotation = { fileName: undefined, width: 0, height: 0, boxes: [] };
  // VOC files never declare a DOCTYPE; one with entities is an entity-expansion attack (or a foreign file).
  const doctype = /<!DOCTYPE/i.exec(text);
  if (doctype) {
    issues.push({ file, line: lineAt(text, doctype.index), severity: "error", message: "not a Pascal VOC annotation: it has a DOCTYPE declaration (XML entities are not read)" });
    return { value, issues };
  }
  let doc: unknown;
  try {
    doc = parser().parse(text, true);
  } catch (err) {
    const e = err as Error & { line?: number };
    issues.push({ file, line: e.line, severity: "error", message: `not valid XML: ${e.message.split("\n")[0] ?? ""}` });
    return { value, issues };
  }
  const ann = (doc as Record<string, unknown> | undefined)?.annotation;
  if (ann === undefined || ann === null || typeof ann !== "object") {
    issues.push({ file, line: 1, severity: "error", message: "not a Pascal VOC annotation (no <annotation> element)" });
    return { value, issues };
  }
  const a = ann as Record<string, unknown>;
  if (typeof a.filename === "string" && a.filename.trim() !== "") value.fileName = a.filename.trim();
  else if (typeof a.path === "string" && a.path.trim() !== "") value.fileName = a.path.trim().split(/[\\/]/).pop();
  const size = (a.size ?? {}) as Record<string, unknown>;
  value.width = Number.isFinite(num(size.width)) ? num(size.width) : 0;
  value.height = Number.isFinite(num(size.height)) ? num(size.height) : 0;
  const objects = Array.isArray(a.object) ? (a.object as unknown[]) : [];
  const starts = objectOffsets(text);
  objects.forEach((o, i) => {
    const line = starts[i] !== undefined ? lineAt(text, starts[i]) : undefined;
    const err = (message: string): void => void issues.push({ file, line, severity: "error", message });
    const obj = (o ?? {}) as Record<string, unknown>;
    const name = typeof obj.name === "string" ? obj.name.trim() : "";
    if (name === "") return err(`object ${i + 1} has no <name>`);
    const entity = UNRESOLVED_ENTITY.exec(name);
    if (entity) return err(`object ${i + 1}: <name> uses the undefined XML entity ${entity[0]}`);
    const problem = classNameProblem(name);
    if (problem) return err(`object ${i + 1}: class name ${JSON.stringify(name.slice(0, 80))} ${problem}`);
    const b = (obj.bndbox ?? {}) as Record<string, unknown>;
    const [xmin, ymin, xmax, ymax] = [num(b.xmin), num(b.ymin), num(b.xmax), num(b.ymax)];
    if (![xmin, ymin, xmax, ymax].every(Number.isFinite)) return err(`object ${i + 1} (${name}): <bndbox> needs numeric xmin, ymin, xmax, ymax`);
    if (xmax < xmin || ymax < ymin) {
      return err(`object ${i + 1} (${name}): xmax < xmin or ymax < ymin (${xmin},${ymin},${xmax},${ymax})`);
    }
    if (xmax === xmin || ymax === ymin) {
      issues.push({ file, line, severity: "warning", message: `object ${i + 1} (${name}): zero-area box (${xmin},${ymin},${xmax},${ymax}) left out` });
      return;
    }
    const flags: ParsedBox["flags"] = {};
    if (flag(obj.difficult)) flags.difficult = true;
    if (flag(obj.truncated)) flags.truncated = true;
    value.boxes.push({ className: name, box: { x: xmin, y: ymin, w: xmax - xmin, h: ymax - ymin }, flags });
  });
  return { value, issues };
}

/** An entity reference left in text after parsing: the file used an entity it never defined (or one we refused). */
const UNRESOLVED_ENTITY = /&[A-Za-z_:#][\w.:-]*;/;

/** Character offsets of each top-level `<object>` start tag, in order. */
function objectOffsets(text: string): number[] {
  const out: number[] = [];
  const re = /<object[\s>]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m.index);
  return out;
}
