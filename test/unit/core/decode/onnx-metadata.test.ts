import { describe, expect, it } from "vitest";
import { readYoloMetadata } from "../../../../src-main/core/decode/model-metadata";
import { readOnnxFacts } from "../../../../src-main/core/decode/onnx-metadata";
import { buildTestModel, pythonDictRepr, ultralyticsMetadata } from "../../../fixtures/onnx-builder";

const NASTY = ["person", "it's", 'say "hi"', "a, b", "x: y", "back\\slash", "{0: 'fake'}", "chat 🐈 ü", "tab\there", "both ' and \""];

function model(metadata: [string, string][]): Uint8Array {
  return buildTestModel({ inputSize: [64, 64], output: { dims: [1, 4 + NASTY.length, 84], data: new Float32Array((4 + NASTY.length) * 84) }, metadata });
}

/** Protobuf bytes written by hand: a varint field, tags, lengths. */
function entry(field: number, payload: number[]): number[] {
  return [(field << 3) | 2, payload.length, ...payload];
}
const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];

describe("readOnnxFacts", () => {
  it("reads metadata_props, IR version, producer and opsets from hand-written bytes, skipping the graph unread", () => {
    const bytes = Uint8Array.from([
      0x08, 0x09, // ir_version = 9
      ...entry(2, utf8("hand")), // producer_name
      ...entry(7, [0xff, 0xff, 0xff]), // "graph": garbage that must be skipped by its length, never parsed
      ...entry(8, [...entry(1, []), 0x10, 20]), // opset_import { domain "", version 20 }
      ...entry(14, [...entry(1, utf8("names")), ...entry(2, utf8("{0: 'a, b'}"))]),
      0x7d, 1, 2, 3, 4, // field 15, fixed32: unknown, skipped
      ...entry(14, [...entry(1, utf8("stride")), ...entry(2, utf8("32"))]),
    ]);
    const facts = readOnnxFacts(bytes, "hand.onnx");
    expect(facts.irVersion).toBe(9);
    expect(facts.producerName).toBe("hand");
    expect(facts.opsets).toEqual({ "": 20 });
    expect([...facts.metadata]).toEqual([
      ["names", "{0: 'a, b'}"],
      ["stride", "32"],
    ]);
  });

  it("round-trips nasty class names through a real ONNX file and the Python-literal reader", () => {
    const facts = readOnnxFacts(model(ultralyticsMetadata(NASTY)), "nasty.onnx");
    expect(facts.metadata.get("names")).toBe(pythonDictRepr(NASTY));
    const meta = readYoloMetadata(facts.metadata);
    expect(meta.names).toEqual(NASTY);
    expect(meta).toMatchObject({ producer: "ultralytics", task: "detect", stride: 32, imgsz: [64, 64], end2end: false, problems: [] });
  });

  it("refuses bytes that are not an ONNX model, naming the file", () => {
    expect(() => readOnnxFacts(new TextEncoder().encode("this is a JPEG, honestly"), "photo.onnx")).toThrow(/photo\.onnx: not an ONNX model/);
    const truncated = model([]).subarray(0, 40);
    expect(() => readOnnxFacts(truncated, "cut.onnx")).toThrow(expect.objectContaining({ code: "E_MODEL_FORMAT", file: "cut.onnx" }));
  });
});

describe("readYoloMetadata", () => {
  it("recognises YOLOv5-repo metadata (stride and names only) and list-style names", () => {
    const meta = readYoloMetadata(new Map([["stride", "32"], ["names", "['cat', 'dog']"]]));
    expect(meta).toMatchObject({ producer: "yolov5", names: ["cat", "dog"], task: null, end2end: null });
  });

  it("reads end2end and args.nms", () => {
    const meta = readYoloMetadata(new Map([["task", "detect"], ["end2end", "True"], ["args", "{'nms': True, 'batch': 1}"]]));
    expect(meta).toMatchObject({ producer: "ultralytics", end2end: true, nms: true });
  });

  it("normalises names as check_class_names does: booleans become 'True'/'False', string keys become indices", () => {
    expect(readYoloMetadata(new Map([["names", "{'0': False, '1': 'yes'}"]])).names).toEqual(["False", "yes"]);
  });

  it("reports unreadable values instead of guessing", () => {
    const meta = readYoloMetadata(new Map([["names", "{0: 'a', 2: 'c'}"], ["imgsz", "'big'"], ["stride", "x"]]));
    expect(meta.names).toBeNull();
    expect(meta.imgsz).toBeNull();
    expect(meta.problems).toEqual(["names: indices must be 0..2, 1 is missing", "imgsz: expected an integer or [height, width]", 'stride: "x" is not an integer']);
  });
});
