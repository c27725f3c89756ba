import type { Issue, Parsed, ParsedBox } from "./types";
import { classNameProblem } from "./types";

export interface CsvImageRecord {
  fileName: string;
  /** From width/height columns where present, else 0. */
  width: number;
  height: number;
  split: string | undefined;
  boxes: ParsedBox[];
}

const ALIASES: Record<string, readonly string[]> = {
  filename: ["filename", "file", "file_name", "image", "image_name"],
  className: ["class", "class_name", "label", "category", "cell_type"],
  xmin: ["xmin", "x_min", "x1"],
  ymin: ["ymin", "y_min", "y1"],
  xmax: ["xmax", "x_max", "x2"],
  ymax: ["ymax", "y_max", "y2"],
  width: ["width"],
  height: ["height"],
  split: ["split"],
};

/** Splits one CSV line into fields (RFC 4180 quotes, within the line). */
export function splitCsvLine(line: string): string[] {
  return readCsvRecords(line)[0]?.fields ?? [""];
}

/**
 * Splits CSV text into records (RFC 4180): fields separated by commas, records by CRLF or LF, a quoted field may
 * hold commas, doubled quotes and line breaks. Each record carries the 1-based line it starts on. An unclosed
 * quote at the end is reported through `unclosedAt` (its record is still returned, up to the end of the text).
 */
export function readCsvRecords(text: string): { line: number; fields: string[] }[] & { unclosedAt?: number } {
  const out: { line: number; fields: string[] }[] & { unclosedAt?: number } = [];
  let fields: string[] = [];
  let cur = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === "\n") line++;
        cur += ch;
      }
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      fields.push(cur);
      cur = "";
    } else if (ch === "\n" || (ch === "\r" && text[i + 1] === "\n")) {
      if (ch === "\r") i++;
      fields.push(cur);
      out.push({ line: start, fields });
      fields = [];
      cur = "";
      line++;
      start = line;
    } else cur += ch;
  }
  if (quoted) out.unclosedAt = start;
  if (cur !== "" || fields.length > 0) {
    fields.push(cur);
    out.push({ line: start, fields });
  }
  return out;
}

/** Quotes a CSV field when it needs it. */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * Parses a box CSV with a header row naming its columns, in any order: `filename,width,height,class,xmin,ymin,xmax,ymax`
 * (raccoon), `filename,cell_type,xmin,xmax,ymin,ymax` (bccd) or Loupe's own export (with `split`). Rows are grouped by
 * file name in first-seen order. Bad rows are issues naming the line.
 */
export function parseBoxCsv(text: string, file: string): Parsed<CsvImageRecord[]> {
  const issues: Issue[] = [];
  const records = readCsvRecords(text.replace(/^\uFEFF/, ""));
  if (records.unclosedAt !== undefined) {
    issues.push({ file, line: records.unclosedAt, severity: "error", message: "a quoted field is never closed (a missing \")" });
    return { value: [], issues };
  }
  const header = (records[0]?.fields ?? [""]).map((h) => h.trim().toLowerCase());
  const col: Record<string, number> = {};
  for (const [key, names] of Object.entries(ALIASES)) {
    const i = header.findIndex((h) => names.includes(h));
    if (i >= 0) col[key] = i;
  }
  const missing = ["filename", "className", "xmin", "ymin", "xmax", "ymax"].filter((k) => col[k] === undefined);
  if (missing.length) {
    issues.push({ file, line: 1, severity: "error", message: `header lacks column(s) for ${missing.join(", ")}` });
    return { value: [], issues };
  }
  const byFile = new Map<string, CsvImageRecord>();
  for (const { line, fields: f } of records.slice(1)) {
    if (f.every((v) => v.trim() === "")) continue;
    const get = (k: string): string => (col[k] === undefined ? "" : (f[col[k]] ?? "").trim());
    const err = (message: string): void => void issues.push({ file, line, severity: "error", message });
    const fileName = get("filename");
    if (!fileName) {
      err("no file name");
      continue;
    }
    const [xmin, ymin, xmax, ymax] = ["xmin", "ymin", "xmax", "ymax"].map((k) => Number(get(k) === "" ? Number.NaN : get(k))) as [number, number, number, number];
    const className = get("className");
    const badName = className === "" ? undefined : classNameProblem(className);
    if (badName) {
      err(`class name ${JSON.stringify(className.slice(0, 80))} ${badName}`);
      continue;
    }
    let rec = byFile.get(fileName);
    if (!rec) {
      const w = Number(get("width"));
      const h = Number(get("height"));
      rec = { fileName, width: Number.isFinite(w) ? w : 0, height: Number.isFinite(h) ? h : 0, split: get("split") || undefined, boxes: [] };
      byFile.set(fileName, rec);
    }
    if (className === "") {
      // A row with a file and no class and no box marks an image with no objects (Loupe's own export).
      if ([xmin, ymin, xmax, ymax].every(Number.isNaN)) continue;
      err("no class name");
      continue;
    }
    if (![xmin, ymin, xmax, ymax].every(Number.isFinite)) {
      err("xmin, ymin, xmax and ymax must be numbers");
      continue;
    }
    if (xmax < xmin || ymax < ymin) {
      err(`xmax < xmin or ymax < ymin (${xmin},${ymin},${xmax},${ymax})`);
      continue;
    }
    if (xmax === xmin || ymax === ymin) {
      issues.push({ file, line, severity: "warning", message: `zero-area box (${xmin},${ymin},${xmax},${ymax}) left out` });
      continue;
    }
    rec.boxes.push({ className, box: { x: xmin, y: ymin, w: xmax - xmin, h: ymax - ymin }, flags: {} });
  }
  return { value: [...byFile.values()], issues };
}
