import { writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InferenceClient } from "../../../src-main/inference/client";
import { buildTestModel, ultralyticsMetadata, type TestModelOptions } from "../../fixtures/onnx-builder";
import { tempDir } from "../../helpers/temp";
import { MemorySink, testClient } from "./helpers";

/**
 * Tiny generated models whose constant outputs put one known box in a 64×64 input, run on a 128×64 image through
 * the real worker. The letterbox halves the image and pastes it at y = 16, so input (24, 24)–(40, 40) is image
 * (48, 16)–(80, 48).
 */
const tmp = tempDir("loupe-layouts-");
let client: InferenceClient;
let image: string;
const CELLS = 84; // 64×64 input: 8² + 4² + 2²

function write(name: string, opts: TestModelOptions): string {
  const file = join(tmp.dir, name);
  writeFileSync(file, buildTestModel(opts));
  return file;
}

/** v8 layout [1, 6, 84]: anchor 0 weed 0.9, anchor 1 the same box weed 0.8 (suppressed), anchor 2 crop 0.5. */
function v8Output(): { dims: number[]; data: Float32Array } {
  const data = new Float32Array(6 * CELLS);
  const set = (row: number, a: number, v: number) => (data[row * CELLS + a] = v);
  for (const a of [0, 1, 2]) [32, 32, 16, 16].forEach((v, row) => set(row, a, v));
  set(5, 0, 0.9);
  set(5, 1, 0.8);
  set(4, 2, 0.5);
  return { dims: [1, 6, CELLS], data };
}

async function run(model: string, opts: { layout?: "yolox" } = {}) {
  const sink = new MemorySink();
  const summary = await client.run({ modelPath: model, items: [{ imageId: 1, path: image }], sink, ...opts });
  const dets = sink.results[0]?.detections.map((d) => [d.classIndex, Number(d.score.toFixed(3)), ...[d.x1, d.y1, d.x2, d.y2].map((v) => Number(v.toFixed(3)))]);
  return { summary, dets, sink };
}

beforeAll(async () => {
  client = testClient();
  image = join(tmp.dir, "wide.png");
  await sharp({ create: { width: 128, height: 64, channels: 3, background: "#336699" } }).png().toFile(image);
});
afterAll(async () => {
  await client.dispose();
  tmp.cleanup();
});

describe("every layout end to end through onnxruntime-node and the worker", () => {
  it("decodes a YOLOv8 export with metadata: class names, NMS per class, boxes in image pixels", async () => {
    const model = write("v8.onnx", { inputSize: [64, 64], output: v8Output(), metadata: ultralyticsMetadata(["crop", "weed"]) });
    const { summary, dets } = await run(model);
    expect(summary.model.spec).toMatchObject({ layout: "yolov8", classNames: ["crop", "weed"], inputWidthPx: 64, inputHeightPx: 64 });
    expect(dets).toEqual([
      [1, 0.9, 48, 16, 80, 48],
      [0, 0.5, 48, 16, 80, 48],
    ]);
  });

  it("decodes a YOLOv5 export (objectness × class)", async () => {
    const data = new Float32Array(3 * CELLS * 7);
    data.set([32, 32, 16, 16, 0.9, 0.1, 0.8], 0);
    const model = write("v5.onnx", { inputSize: [64, 64], output: { dims: [1, 3 * CELLS, 7], data }, metadata: [["stride", "32"], ["names", "{0: 'crop', 1: 'weed'}"]] });
    const { summary, dets } = await run(model);
    expect(summary.model.spec.layout).toBe("yolov5");
    expect(dets).toEqual([[1, 0.72, 48, 16, 80, 48]]);
  });

  it("decodes an end-to-end export and keeps its duplicate box with another class", async () => {
    const data = new Float32Array(300 * 6);
    data.set([24, 24, 40, 40, 0.9, 1, 24, 24, 40, 40, 0.6, 0], 0);
    const model = write("e2e.onnx", { inputSize: [64, 64], output: { dims: [1, 300, 6], data }, metadata: ultralyticsMetadata(["crop", "weed"], { end2end: "True" }) });
    const { summary, dets } = await run(model);
    expect(summary.model.spec.layout).toBe("end-to-end");
    expect(dets).toEqual([
      [1, 0.9, 48, 16, 80, 48],
      [0, 0.6, 48, 16, 80, 48],
    ]);
  });

  it("detects YOLOX from the grid without metadata and maps through top-left padding", async () => {
    const data = new Float32Array(CELLS * 7);
    // stride-8 cell (x 4, y 2) is row 2·8 + 4 = 20: centre (32, 16), size 16 → input (24, 8)–(40, 24)
    data.set([0, 0, Math.LN2, Math.LN2, 1, 0.2, 0.9], 20 * 7);
    const model = write("yolox.onnx", { inputSize: [64, 64], output: { dims: [1, CELLS, 7], data } });
    const { summary, dets } = await run(model);
    expect(summary.model.spec).toMatchObject({ layout: "yolox", classNames: ["class0", "class1"] });
    expect(summary.model.spec.preprocess.channelOrder).toBe("bgr");
    // scale 0.5, pasted at (0, 0): image (48, 16)–(80, 48)
    expect(dets).toEqual([[1, 0.9, 48, 16, 80, 48]]);
  });

  it("feeds and reads float16 models", async () => {
    const model = write("half.onnx", { inputSize: [64, 64], inputType: "float16", outputType: "float16", output: v8Output(), metadata: ultralyticsMetadata(["crop", "weed"]) });
    const { summary, dets } = await run(model);
    expect(summary.model.spec.inputType).toBe("float16");
    expect(dets?.[0]).toEqual([1, 0.9, 48, 16, 80, 48]);
  });

  it("sizes a dynamic input from the imgsz metadata", async () => {
    const model = write("dynamic.onnx", { inputSize: "dynamic", output: v8Output(), metadata: ultralyticsMetadata(["crop", "weed"]) });
    const { summary, dets } = await run(model);
    expect(summary.model.spec).toMatchObject({ dynamicInput: true, inputWidthPx: 64, inputHeightPx: 64 });
    expect(dets?.[0]).toEqual([1, 0.9, 48, 16, 80, 48]);
  });

  it("asks for a layout when the shape is ambiguous, and runs once the user chose one", async () => {
    const data = new Float32Array(CELLS * 6);
    data.set([0, 0, Math.LN2, Math.LN2, 1, 0.9], 20 * 6);
    const model = write("ambiguous.onnx", { inputSize: [64, 64], output: { dims: [1, CELLS, 6], data } });
    await expect(client.inspect(model)).rejects.toMatchObject({
      code: "E_MODEL_FORMAT",
      file: "ambiguous.onnx",
      details: { possibleLayouts: ["yolox", "end-to-end"] },
    });
    const { dets } = await run(model, { layout: "yolox" });
    expect(dets).toEqual([[0, 0.9, 48, 16, 80, 48]]);
  });
});

describe("images", () => {
  it("applies EXIF orientation before letterboxing (a 128×64 JPEG tagged 'rotate 90°' is 64×128)", async () => {
    const rotated = join(tmp.dir, "rotated.jpg");
    await sharp({ create: { width: 128, height: 64, channels: 3, background: "#808080" } }).jpeg().withMetadata({ orientation: 6 }).toFile(rotated);
    const model = write("v8-exif.onnx", { inputSize: [64, 64], output: v8Output(), metadata: ultralyticsMetadata(["crop", "weed"]) });
    const sink = new MemorySink();
    await client.run({ modelPath: model, items: [{ imageId: 7, path: rotated }], sink });
    expect(sink.results[0]).toMatchObject({ imageId: 7, widthPx: 64, heightPx: 128 });
    // 64×128 into 64×64: scale 0.5, a 32×64 image pasted at x = 16; input (24, 24)–(40, 40) → image (16, 48)–(48, 80)
    expect(sink.results[0]?.detections[0]).toMatchObject({ x1: 16, y1: 48, x2: 48, y2: 80 });
  });

  it("records a missing file and a broken image as per-image errors and goes on", async () => {
    const broken = join(tmp.dir, "broken.jpg");
    writeFileSync(broken, "not a jpeg");
    const model = write("v8-errors.onnx", { inputSize: [64, 64], output: v8Output(), metadata: ultralyticsMetadata(["crop", "weed"]) });
    const sink = new MemorySink();
    const summary = await client.run({
      modelPath: model,
      items: [
        { imageId: 1, path: join(tmp.dir, "missing.jpg") },
        { imageId: 2, path: broken },
        { imageId: 3, path: image },
      ],
      sink,
    });
    expect(summary).toMatchObject({ total: 3, done: 1, failed: 2, restarts: 0 });
    expect(sink.failures.map((f) => [f.imageId, f.error.code])).toEqual([
      [1, "E_IO"],
      [2, "E_DATASET_FORMAT"],
    ]);
    expect(sink.failures[0]?.error.message).toMatch(/missing\.jpg: cannot read the image/);
    expect(sink.results.map((r) => r.imageId)).toEqual([3]);
  });

  it("cancels through an AbortSignal: the queue is dropped, what finished is kept and flushed", async () => {
    const model = write("v8-cancel.onnx", { inputSize: [64, 64], output: v8Output(), metadata: ultralyticsMetadata(["crop", "weed"]) });
    const controller = new AbortController();
    const sink = new MemorySink();
    const items = Array.from({ length: 200 }, (_, i) => ({ imageId: i, path: image }));
    const put = sink.put.bind(sink);
    sink.put = (p) => {
      put(p);
      if (sink.results.length === 3) controller.abort();
    };
    await expect(client.run({ modelPath: model, items, sink, signal: controller.signal })).rejects.toMatchObject({ code: "E_CANCELLED" });
    expect(sink.results.length).toBeGreaterThanOrEqual(3);
    expect(sink.results.length).toBeLessThan(20);
    expect(sink.flushes).toBe(1);
    // the worker survives a cancel and serves the next run
    const again = await run(model);
    expect(again.dets?.[0]).toEqual([1, 0.9, 48, 16, 80, 48]);
  });
});
