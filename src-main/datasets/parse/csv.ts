import type { Issue, Parsed, ParsedBox } from "./types";

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

/** Splits one CSV line into fields (RFC 4180 quotes; a quoted field may not span lines here). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
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
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? "").map((h) => h.trim().toLowerCase());
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
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (raw.trim() === "") continue;
    const f = splitCsvLine(raw);
    const get = (k: string): string => (col[k] === undefined ? "" : (f[col[k]] ?? "").trim());
    const err = (message: string): void => void issues.push({ file, line: i + 1, severity: "error", message });
    const fileName = get("filename");
    if (!fileName) {
      err("no file name");
      continue;
    }
    const [xmin, ymin, xmax, ymax] = ["xmin", "ymin", "xmax", "ymax"].map((k) => Number(get(k) === "" ? Number.NaN : get(k))) as [number, number, number, number];
    let rec = byFile.get(fileName);
    if (!rec) {
      const w = Number(get("width"));
      const h = Number(get("height"));
      rec = { fileName, width: Number.isFinite(w) ? w : 0, height: Number.isFinite(h) ? h : 0, split: get("split") || undefined, boxes: [] };
      byFile.set(fileName, rec);
    }
    const className = get("className");
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
      issues.push({ file, line: i + 1, severity: "warning", message: `zero-area box (${xmin},${ymin},${xmax},${ymax}) left out` });
      continue;
    }
    rec.boxes.push({ className, box: { x: xmin, y: ymin, w: xmax - xmin, h: ymax - ymin }, flags: {} });
  }
  return { value: [...byFile.values()], issues };
}
