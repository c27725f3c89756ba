/**
 * Interprets the `metadata_props` Ultralytics and YOLOv5 write into their ONNX exports (YOLO-CONTRACT.md 1.5):
 * values are Python `str()` / `repr()` text, parsed here without eval.
 */
import { isPyDict, parsePythonLiteral, type PyValue } from "./python-literal";

export interface YoloMetadata {
  /** Who wrote it: Ultralytics (has `task`), the YOLOv5 repo (`stride` + `names` only), or nobody. */
  producer: "ultralytics" | "yolov5" | "none";
  /** Class names by index, normalised as Ultralytics' `check_class_names` does; null when absent. */
  names: string[] | null;
  /** Training/export input size [height, width] in pixels; null when absent. */
  imgsz: [number, number] | null;
  /** Largest stride in pixels; null when absent. */
  stride: number | null;
  task: string | null;
  /** True for end-to-end heads (YOLOv10, YOLO26); null when the key is absent (older exporters). */
  end2end: boolean | null;
  /** The export's `args.nms` (an NMS wrapper inside the graph gives `[1, K, 6]` too). */
  nms: boolean | null;
  /** Values that were present but could not be read, in words ("names: expected a dict or a list"). */
  problems: string[];
}

/**
 * Reads the YOLO-relevant keys from ONNX metadata. Unreadable values are reported in `problems` and read as absent.
 * @example
 * readYoloMetadata(new Map([["names", "{0: 'cat', 1: \"dog's\"}"], ["stride", "32"]]))
 * // → { producer: "yolov5", names: ["cat", "dog's"], stride: 32, … }
 */
export function readYoloMetadata(meta: ReadonlyMap<string, string>): YoloMetadata {
  const problems: string[] = [];
  const literal = (key: string): PyValue | undefined => {
    const raw = meta.get(key);
    if (raw === undefined) return undefined;
    try {
      return parsePythonLiteral(raw);
    } catch (err) {
      problems.push(`${key}: ${(err as Error).message}`);
      return undefined;
    }
  };
  const names = normalizeNames(literal("names"), problems);
  const imgsz = readImgsz(literal("imgsz"), problems);
  const strideRaw = meta.get("stride");
  const stride = strideRaw !== undefined && /^\s*\d+\s*$/.test(strideRaw) ? Number(strideRaw) : null;
  if (strideRaw !== undefined && stride === null) problems.push(`stride: "${strideRaw}" is not an integer`);
  const task = meta.get("task")?.trim() || null;
  const e2e = literal("end2end");
  const end2end = typeof e2e === "boolean" ? e2e : null;
  const args = literal("args");
  let nms: boolean | null = null;
  if (args !== undefined && isPyDict(args)) {
    const v = args.entries.find(([k]) => k === "nms")?.[1];
    if (typeof v === "boolean") nms = v;
  }
  const producer = task !== null || meta.has("imgsz") ? "ultralytics" : names !== null ? "yolov5" : "none";
  return { producer, names, imgsz, stride, task, end2end, nms, problems };
}

/**
 * Ultralytics' `check_class_names`: a list becomes index → name; keys become ints; values become `str(value)`
 * (so a YAML `no` read as False is "False"); keys must be exactly 0..n−1.
 */
function normalizeNames(v: PyValue | undefined, problems: string[]): string[] | null {
  if (v === undefined) return null;
  const str = (x: PyValue): string => (typeof x === "string" ? x : x === true ? "True" : x === false ? "False" : x === null ? "None" : String(x));
  if (Array.isArray(v)) return v.map(str);
  if (!isPyDict(v)) {
    problems.push("names: expected a dict or a list");
    return null;
  }
  const out: string[] = [];
  for (const [k, name] of v.entries) {
    const idx = typeof k === "number" ? k : typeof k === "string" && /^\d+$/.test(k) ? Number(k) : NaN;
    if (!Number.isInteger(idx) || idx < 0) {
      problems.push(`names: key ${JSON.stringify(k)} is not a class index`);
      return null;
    }
    out[idx] = str(name);
  }
  for (let i = 0; i < out.length; i++) {
    if (out[i] === undefined) {
      problems.push(`names: indices must be 0..${out.length - 1}, ${i} is missing`);
      return null;
    }
  }
  return out;
}

function readImgsz(v: PyValue | undefined, problems: string[]): [number, number] | null {
  if (v === undefined) return null;
  if (typeof v === "number" && Number.isInteger(v) && v > 0) return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "number" && Number.isInteger(x) && x > 0)) {
    return [v[0] as number, v[1] as number];
  }
  problems.push("imgsz: expected an integer or [height, width]");
  return null;
}
