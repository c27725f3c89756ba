import { describe, expect, it } from "vitest";
import { resolveModelSpec, type TensorInfo } from "../../../../src-main/core/decode/layout";
import { readYoloMetadata } from "../../../../src-main/core/decode/model-metadata";
import type { Layout } from "../../../../src-main/core/decode/types";

const COCO = Array.from({ length: 80 }, (_, i) => `c${i}`);
const names = (n: string[]): string => `{${n.map((x, i) => `${i}: '${x}'`).join(", ")}}`;
const ultralytics = (extra: [string, string][] = []) =>
  readYoloMetadata(new Map([["task", "detect"], ["stride", "32"], ["imgsz", "[640, 640]"], ["names", names(COCO)], ...extra]));
const yolov5 = (n = COCO) => readYoloMetadata(new Map([["stride", "32"], ["names", names(n)]]));
const none = readYoloMetadata(new Map());

function io(inDims: (number | string)[], outDims: (number | string)[], inType = "float32"): { inputs: TensorInfo[]; outputs: TensorInfo[] } {
  return { inputs: [{ name: "images", type: inType, dims: inDims }], outputs: [{ name: "output0", type: "float32", dims: outDims }] };
}

describe("resolveModelSpec: the layout from metadata first", () => {
  it.each([
    { name: "Ultralytics v8 export", meta: ultralytics(), out: [1, 84, 8400], want: "yolov8" },
    { name: "Ultralytics end2end=True (YOLO26)", meta: ultralytics([["end2end", "True"]]), out: [1, 300, 6], want: "end-to-end" },
    { name: "Ultralytics nms=True export", meta: ultralytics([["args", "{'nms': True}"]]), out: [1, 300, 6], want: "end-to-end" },
    { name: "Ultralytics YOLOv10 without an end2end key", meta: ultralytics(), out: [1, 300, 6], want: "end-to-end" },
    { name: "YOLOv5 repo export", meta: yolov5(), out: [1, 25200, 85], want: "yolov5" },
    { name: "YOLOv5 one-class export (shape alone would be ambiguous)", meta: yolov5(["weed"]), out: [1, 25200, 6], want: "yolov5" },
  ])("decides $name → $want", ({ meta, out, want }) => {
    const spec = resolveModelSpec({ file: "m.onnx", metadata: meta, ...io([1, 3, 640, 640], out) });
    expect(spec.layout).toBe(want);
    expect(spec.classNames).toHaveLength(meta.names?.length ?? 0);
    expect(spec.preprocess).toEqual({ channelOrder: "rgb", pixelScale: 1 / 255, padMode: "center", padValue: 114 });
  });

  it("refuses an Ultralytics model whose output does not fit its class count", () => {
    expect(() => resolveModelSpec({ file: "m.onnx", metadata: ultralytics(), ...io([1, 3, 640, 640], [1, 85, 8400]) })).toThrow(
      /m\.onnx: Ultralytics metadata \(80 classes\) but the output is neither.*shapes found: input images float32 \[1, 3, 640, 640\], output output0 float32 \[1, 85, 8400\]/,
    );
  });

  it("refuses tasks other than detection", () => {
    const meta = readYoloMetadata(new Map([["task", "segment"], ["names", names(COCO)]]));
    expect(() => resolveModelSpec({ file: "seg.onnx", metadata: meta, ...io([1, 3, 640, 640], [1, 116, 8400]) })).toThrow(/task "segment" is not supported/);
  });
});

describe("resolveModelSpec: the layout from shapes when there is no metadata", () => {
  it("recognises YOLOX by one row per grid cell (yolox-nano: 3549 rows at 416) and prepares BGR 0–255 top-left", () => {
    const spec = resolveModelSpec({ file: "yolox_nano.onnx", metadata: none, ...io([1, 3, 416, 416], [1, 3549, 85]) });
    expect(spec.layout).toBe("yolox");
    expect(spec.preprocess).toEqual({ channelOrder: "bgr", pixelScale: 1, padMode: "top-left", padValue: 114 });
    expect(spec.classNames.slice(0, 2)).toEqual(["class0", "class1"]);
    expect(spec.classNames).toHaveLength(80);
  });

  it("recognises YOLOv5 by three rows per grid cell", () => {
    expect(resolveModelSpec({ file: "v5.onnx", metadata: none, ...io([1, 3, 640, 640], [1, 25200, 85]) }).layout).toBe("yolov5");
  });

  it("recognises the v8 family by one column per grid cell", () => {
    expect(resolveModelSpec({ file: "v8.onnx", metadata: none, ...io([1, 3, 640, 640], [1, 84, 8400]) }).layout).toBe("yolov8");
  });

  it("asks the user when the shape fits two layouts, listing them", () => {
    // 1 class on a 64×64 input: 84 cells, so [1, 84, 6] is YOLOX-shaped and end-to-end-shaped
    let caught: unknown;
    try {
      resolveModelSpec({ file: "odd.onnx", metadata: none, ...io([1, 3, 64, 64], [1, 84, 6]) });
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ code: "E_MODEL_FORMAT", file: "odd.onnx", details: { possibleLayouts: ["yolox", "end-to-end"] } });
    expect((caught as Error).message).toMatch(/ambiguous: the output could be yolox or end-to-end; choose the layout/);
  });

  it("asks the user when the rows match no grid, offering only layouts that can decode them", () => {
    expect(() => resolveModelSpec({ file: "x.onnx", metadata: none, ...io([1, 3, 640, 640], [1, 1000, 85]) })).toThrow(
      "x.onnx: cannot tell the layout from the shapes (a 640x640 input has 8400 grid cells); choose one of yolov5 if you know it",
    );
  });

  it("refuses FastestDet's single 4-d feature map, saying what it found", () => {
    expect(() => resolveModelSpec({ file: "FastestDet.onnx", metadata: none, inputs: [{ name: "input.1", type: "float32", dims: [1, 3, 352, 352] }], outputs: [{ name: "758", type: "float32", dims: [1, 85, 22, 22] }] })).toThrow(
      "FastestDet.onnx: no YOLO detection layout has this output (expected a 3-d output); shapes found: input input.1 float32 [1, 3, 352, 352], output 758 float32 [1, 85, 22, 22]",
    );
  });
});

describe("resolveModelSpec: the user's choice and the input", () => {
  it.each<{ layout: Layout; out: number[]; ok: boolean }>([
    { layout: "yolox", out: [1, 3549, 85], ok: true },
    { layout: "yolov5", out: [1, 3549, 85], ok: true },
    { layout: "yolox", out: [1, 10647, 85], ok: false },
    { layout: "yolov8", out: [1, 3549, 85], ok: true },
    { layout: "end-to-end", out: [1, 84, 3549], ok: false },
  ])("checks a chosen layout $layout against output $out (fits: $ok)", ({ layout, out, ok }) => {
    const run = () => resolveModelSpec({ file: "m.onnx", metadata: none, layout, ...io([1, 3, 416, 416], out) });
    if (ok) expect(run().layoutReason).toBe("chosen by the user");
    else expect(run).toThrow(/does not fit the chosen layout/);
  });

  it("takes the size of a dynamic input from imgsz metadata", () => {
    const spec = resolveModelSpec({ file: "dyn.onnx", metadata: ultralytics([["imgsz", "[320, 480]"]]), ...io(["batch", 3, "height", "width"], ["batch", 84, "anchors"]) });
    expect(spec).toMatchObject({ layout: "yolov8", dynamicInput: true, inputHeightPx: 320, inputWidthPx: 480 });
  });

  it("accepts float16 inputs and refuses integer ones", () => {
    expect(resolveModelSpec({ file: "h.onnx", metadata: ultralytics(), ...io([1, 3, 640, 640], [1, 84, 8400], "float16") }).inputType).toBe("float16");
    expect(() => resolveModelSpec({ file: "q.onnx", metadata: ultralytics(), ...io([1, 3, 640, 640], [1, 84, 8400], "uint8") })).toThrow(/input type uint8/);
  });
});
