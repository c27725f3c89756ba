/**
 * Decides how to feed a model and read its output: the layout from metadata first, then from shapes; the input
 * size and type from the session. Ambiguity is never guessed away: it becomes an error that lists the possible
 * layouts so the user can choose one (`layout` override).
 */
import { LoupeError } from "../../errors";
import type { PadMode } from "../geometry/letterbox";
import type { YoloMetadata } from "./model-metadata";
import { LAYOUTS, type Layout } from "./types";
import { gridCellCount } from "./yolox";

/** A tensor as the session reports it; symbolic dims are strings (or null when unnamed). */
export interface TensorInfo {
  name: string;
  type: string;
  dims: readonly (number | string | null)[];
}

/** How pixels are prepared for this model. */
export interface PreprocessSpec {
  channelOrder: "rgb" | "bgr";
  /** Multiplier applied to 0–255 pixel values: 1/255 for Ultralytics, 1 for YOLOX. */
  pixelScale: number;
  padMode: PadMode;
  /** Grey level of the padding, 0–255. */
  padValue: number;
}

/** Everything the worker needs to run and decode one model. Plain JSON data. */
export interface ModelSpec {
  layout: Layout;
  /** How the layout was decided, in words. */
  layoutReason: string;
  inputName: string;
  outputName: string;
  inputType: "float32" | "float16";
  inputWidthPx: number;
  inputHeightPx: number;
  /** True when the session's input height/width are symbolic (size taken from metadata or 640). */
  dynamicInput: boolean;
  /** Class names by model class index (from metadata, else `class0`…). Empty when the count is unknown. */
  classNames: string[];
  preprocess: PreprocessSpec;
}

export interface ResolveInput {
  /** File name, for messages. */
  file: string;
  inputs: readonly TensorInfo[];
  outputs: readonly TensorInfo[];
  metadata: YoloMetadata;
  /** The layout the user chose; checked against the shapes, never trusted blindly. */
  layout?: Layout | undefined;
}

export const DEFAULT_INPUT_SIZE_PX = 640;

/**
 * Resolves the model spec or throws `E_MODEL_FORMAT`: refused shapes name what was found; ambiguous ones carry
 * `details.possibleLayouts`.
 * @example
 * resolveModelSpec({ file: "m.onnx", metadata, inputs: [{ name: "images", type: "float32", dims: [1, 3, 640, 640] }],
 *   outputs: [{ name: "output0", type: "float32", dims: [1, 84, 8400] }] }).layout // "yolov8"
 */
export function resolveModelSpec(req: ResolveInput): ModelSpec {
  const shapes = describeShapes(req.inputs, req.outputs);
  const refuse = (why: string, extra: Record<string, unknown> = {}): never => {
    throw new LoupeError("E_MODEL_FORMAT", `${req.file}: ${why}; shapes found: ${shapes}`, {
      file: req.file,
      details: { shapes, ...extra },
    });
  };
  const meta = req.metadata;
  const input = req.inputs[0];
  const output = req.outputs[0];
  if (req.inputs.length !== 1 || !input) return refuse(`expected one image input, found ${req.inputs.length}`);
  if (!output) return refuse("the model has no output");
  if (input.type !== "float32" && input.type !== "float16") return refuse(`input type ${input.type} is not float32 or float16`);
  const [, ch, hDim, wDim] = input.dims;
  if (input.dims.length !== 4 || (typeof ch === "number" && ch !== 3)) return refuse("expected an input of shape [1, 3, height, width]");
  const dynamicInput = typeof hDim !== "number" || typeof wDim !== "number";
  const heightPx = typeof hDim === "number" ? hDim : (meta.imgsz?.[0] ?? DEFAULT_INPUT_SIZE_PX);
  const widthPx = typeof wDim === "number" ? wDim : (meta.imgsz?.[1] ?? DEFAULT_INPUT_SIZE_PX);
  if (meta.task !== null && meta.task !== "detect") return refuse(`task "${meta.task}" is not supported (object detection only)`);
  if (output.dims.length !== 3) return refuse("no YOLO detection layout has this output (expected a 3-d output)");

  const nc = meta.names?.length ?? null;
  const a = output.dims[1];
  const b = output.dims[2];
  const cells = gridCellCount(widthPx, heightPx);
  const fits: Record<Layout, boolean> = {
    yolov8: typeof a === "number" && a >= 5 && (nc === null || a >= 4 + nc),
    yolov5: typeof b === "number" && b >= 6 && (nc === null || b === 5 + nc),
    yolox: typeof b === "number" && b >= 6 && (nc === null || b === 5 + nc) && (typeof a !== "number" || dynamicInput || a === cells),
    "end-to-end": b === 6,
  };

  let layout: Layout;
  let reason: string;
  if (req.layout) {
    if (!fits[req.layout]) return refuse(`the output does not fit the chosen layout ${req.layout}`);
    layout = req.layout;
    reason = "chosen by the user";
  } else if (meta.producer === "ultralytics") {
    const e2e = meta.end2end === true || meta.nms === true;
    if (e2e) {
      if (!fits["end-to-end"] || (nc !== null && a === 4 + nc)) return refuse("metadata says end-to-end but the output is not [1, K, 6]");
      layout = "end-to-end";
      reason = meta.end2end === true ? "metadata end2end=True" : "metadata args.nms=True";
    } else if (typeof a === "number" && nc !== null && a === 4 + nc && fits.yolov8) {
      layout = "yolov8";
      reason = "Ultralytics metadata, output [1, 4+nc, N]";
    } else if (b === 6 && (nc === null || a !== 4 + nc)) {
      layout = "end-to-end";
      reason = "Ultralytics metadata, output [1, K, 6]";
    } else if (nc === null && fits.yolov8) {
      layout = "yolov8";
      reason = "Ultralytics metadata, output [1, C, N]";
    } else {
      return refuse(`Ultralytics metadata (${nc ?? "unknown"} classes) but the output is neither [1, 4+nc, N] nor [1, K, 6]`);
    }
  } else if (meta.producer === "yolov5") {
    if (!fits.yolov5) return refuse(`YOLOv5 metadata (${nc ?? "unknown"} classes) but the output is not [1, N, 5+nc]`);
    layout = "yolov5";
    reason = "YOLOv5 metadata (stride and names only), output [1, N, 5+nc]";
  } else {
    const possible = plausibleByShape(a, b, cells, dynamicInput);
    const only = possible[0];
    if (possible.length === 1 && only) {
      layout = only;
      reason = `no metadata; output ${dimsText(output.dims)} fits only ${only} for a ${widthPx}x${heightPx} input (${cells} grid cells)`;
    } else {
      // Nothing matches the grid: offer what the shape could still be (rows for a > b, columns otherwise).
      const rowsFirst = typeof a === "number" && typeof b === "number" ? a > b : typeof b === "number";
      const candidates = possible.length > 0 ? possible : LAYOUTS.filter((l) => fits[l] && (l === "yolov8") !== rowsFirst);
      if (candidates.length === 0) return refuse("no YOLO detection layout has this output");
      const why =
        possible.length > 0
          ? `the layout is ambiguous: the output could be ${candidates.join(" or ")}; choose the layout`
          : `cannot tell the layout from the shapes (a ${widthPx}x${heightPx} input has ${cells} grid cells); choose one of ${candidates.join(", ")} if you know it`;
      throw new LoupeError("E_MODEL_FORMAT", `${req.file}: ${why}; shapes found: ${shapes}`, {
        file: req.file,
        details: { shapes, possibleLayouts: candidates },
      });
    }
  }

  const classCount = nc ?? (layout === "yolov8" && typeof a === "number" ? a - 4 : layout !== "end-to-end" && typeof b === "number" ? b - 5 : 0);
  const classNames = meta.names ?? Array.from({ length: classCount }, (_, i) => `class${i}`);
  const preprocess: PreprocessSpec =
    layout === "yolox"
      ? { channelOrder: "bgr", pixelScale: 1, padMode: "top-left", padValue: 114 }
      : { channelOrder: "rgb", pixelScale: 1 / 255, padMode: "center", padValue: 114 };
  return {
    layout, layoutReason: reason, inputName: input.name, outputName: output.name, inputType: input.type,
    inputWidthPx: widthPx, inputHeightPx: heightPx, dynamicInput, classNames, preprocess,
  };
}

/**
 * Layouts an output `[1, a, b]` can be without metadata: v8 has one column per grid cell, YOLOX one row per cell,
 * YOLOv5 three rows per cell, end-to-end rows of exactly 6.
 */
function plausibleByShape(a: number | string | null | undefined, b: number | string | null | undefined, cells: number, dynamicInput: boolean): Layout[] {
  const out: Layout[] = [];
  const an = typeof a === "number" ? a : null;
  const bn = typeof b === "number" ? b : null;
  if (an !== null && an >= 5 && (bn === cells || (bn === null && dynamicInput))) out.push("yolov8");
  if (bn !== null && bn >= 6) {
    if (an === 3 * cells) out.push("yolov5");
    if (an === cells) out.push("yolox");
    if (bn === 6) out.push("end-to-end");
  }
  return out;
}

function dimsText(dims: readonly (number | string | null)[]): string {
  return `[${dims.map((d) => (d === null ? "?" : String(d))).join(", ")}]`;
}

/** `input images float32 [1, 3, 640, 640], output output0 float32 [1, 84, 8400]`. */
export function describeShapes(inputs: readonly TensorInfo[], outputs: readonly TensorInfo[]): string {
  const one = (kind: string, t: TensorInfo): string => `${kind} ${t.name} ${t.type} ${dimsText(t.dims)}`;
  return [...inputs.map((t) => one("input", t)), ...outputs.map((t) => one("output", t))].join(", ");
}
