import type { BoxPx, LabelFlags } from "../../../src-preload/api";

/** A problem found while reading input: which file, which line (where known), and what is wrong. */
export interface Issue {
  file: string;
  /** 1-based line number, where the format has lines. */
  line?: number;
  /** error: the item (image, box or line) was left out; warning: it was kept, perhaps changed (e.g. clipped). */
  severity: "error" | "warning";
  message: string;
}

/** One box as read from a label file, in image pixels, with its class by name. */
export interface ParsedBox {
  className: string;
  box: BoxPx;
  flags: LabelFlags;
}

/** The result of a parser: the records it could read, and what it could not. */
export interface Parsed<T> {
  value: T;
  issues: Issue[];
}

/** Formats a number for a text file: integers without a decimal point, others in JavaScript's shortest form. */
export function formatNumber(v: number): string {
  return Object.is(v, -0) ? "0" : String(v);
}

/** "file:line: message" for logs and error messages. */
export function describeIssue(i: Issue): string {
  return `${i.file}${i.line !== undefined ? `:${i.line}` : ""}: ${i.message}`;
}

/** 1-based line number of a character offset in a text. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The longest class name Loupe accepts (the same bound as the API's names). */
export const MAX_CLASS_NAME_LENGTH = 200;

/**
 * Why a class name read from a file cannot be used, or undefined when it can. A name is text of 1–200 characters
 * without control characters: a newline or tab in a name breaks line-based formats (VOC image sets, YOLO label
 * lists, CSV readers that split lines) and is never meant.
 */
export function classNameProblem(name: string): string | undefined {
  if (name.trim() === "") return "is empty";
  if (name.length > MAX_CLASS_NAME_LENGTH) return `is ${name.length} characters long (at most ${MAX_CLASS_NAME_LENGTH})`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return "contains a control character (a newline, tab or NUL)";
  return undefined;
}
