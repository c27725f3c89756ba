import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iouXyxy } from "../../../src-main/core/geometry/iou";
import type { InferenceClient } from "../../../src-main/inference/client";
import { tempDir } from "../../helpers/temp";
import { FASTESTDET, MemorySink, RACCOON_IMAGES, TOY_IMAGES, YOLOV8N, YOLOX_NANO, testClient } from "./helpers";

/**
 * Real exports on real photos. Reference boxes: VOC ground truth of the review toy example and the raccoon set
 * (read from their annotation files), and the figures in each model's SOURCE.md.
 */
const tmp = tempDir("loupe-real-");
let client: InferenceClient;
beforeAll(() => {
  client = testClient();
});
afterAll(async () => {
  await client.dispose();
  tmp.cleanup();
});

type Box = [number, number, number, number];
const iou = (a: Box, b: Box): number => iouXyxy(...a, ...b);

describe("yolov8n-int8 (a real Ultralytics export with metadata)", () => {
  it("names its 80 COCO classes from the metadata and finds both cats of 2007_009346 where VOC has them", async () => {
    const sink = new MemorySink();
    const summary = await client.run({ modelPath: YOLOV8N, items: [{ imageId: 1, path: join(TOY_IMAGES, "2007_009346.jpg") }], sink });
    const spec = summary.model.spec;
    expect(spec).toMatchObject({ layout: "yolov8", inputWidthPx: 640, inputHeightPx: 640, inputType: "float32" });
    expect(spec.classNames).toHaveLength(80);
    expect([spec.classNames[0], spec.classNames[15], spec.classNames[58]]).toEqual(["person", "cat", "potted plant"]);
    expect(summary.model.metadata.author).toBe("Ultralytics");
    const cats = (sink.results[0]?.detections ?? []).filter((d) => spec.classNames[d.classIndex] === "cat");
    expect(cats).toHaveLength(2);
    const gts: Box[] = [
      [243, 105, 437, 317],
      [60, 123, 220, 305],
    ];
    for (const gt of gts) {
      const best = Math.max(...cats.map((c) => iou([c.x1, c.y1, c.x2, c.y2], gt)));
      expect(best).toBeGreaterThan(0.9);
    }
    expect(Math.min(...cats.map((c) => c.score))).toBeGreaterThan(0.9);
  });

  it("finds the raccoon of raccoon-1.jpg (as 'bear', COCO has no raccoon) on its ground-truth box", async () => {
    const sink = new MemorySink();
    const summary = await client.run({ modelPath: YOLOV8N, items: [{ imageId: 1, path: join(RACCOON_IMAGES, "raccoon-1.jpg") }], sink });
    const top = sink.results[0]?.detections[0];
    expect(top && summary.model.spec.classNames[top.classIndex]).toBe("bear");
    expect(top && iou([top.x1, top.y1, top.x2, top.y2], [81, 88, 522, 408])).toBeGreaterThan(0.9);
  });

  it("reads greyscale JPEGs as three equal channels: the same boxes as an RGB copy of the same pixels", async () => {
    const items = [];
    for (const [i, name] of ["raccoon-150.jpg", "raccoon-152.jpg", "raccoon-161.jpg"].entries()) {
      const grey = join(RACCOON_IMAGES, name);
      expect((await sharp(grey).metadata()).channels).toBe(1);
      const rgb = join(tmp.dir, name.replace(".jpg", "-rgb.png"));
      await sharp(grey).toColourspace("srgb").png().toFile(rgb);
      items.push({ imageId: 2 * i, path: grey }, { imageId: 2 * i + 1, path: rgb });
    }
    const sink = new MemorySink();
    await client.run({ modelPath: YOLOV8N, items, sink, confThreshold: 0.1 });
    expect(sink.failures).toEqual([]);
    expect(sink.byImage(0)).toMatchObject({ widthPx: 275, heightPx: 183 });
    expect(sink.byImage(4)).toMatchObject({ widthPx: 500, heightPx: 347 });
    for (const i of [0, 2, 4]) {
      const grey = sink.byImage(i)?.detections ?? [];
      const rgb = sink.byImage(i + 1)?.detections ?? [];
      expect(grey.length).toBeGreaterThan(0);
      expect(grey).toEqual(rgb);
    }
    // raccoon-150: the best box lies on the raccoon (VOC [80, 62, 187, 169]); the model calls it a dog
    const best = sink.byImage(0)?.detections[0];
    expect(best && iou([best.x1, best.y1, best.x2, best.y2], [80, 62, 187, 169])).toBeGreaterThan(0.4);
  });
});

describe("yolox-nano (YOLOv5's shape, YOLOX's meaning)", () => {
  it("is decoded as YOLOX, never as YOLOv5, and finds the cats of 2007_009346 as SOURCE.md reports", async () => {
    const sink = new MemorySink();
    const summary = await client.run({ modelPath: YOLOX_NANO, items: [{ imageId: 1, path: join(TOY_IMAGES, "2007_009346.jpg") }], sink });
    expect(summary.model.spec).toMatchObject({ layout: "yolox", inputWidthPx: 416, inputHeightPx: 416 });
    expect(summary.model.spec.layoutReason).toMatch(/fits only yolox/);
    const cats = (sink.results[0]?.detections ?? []).filter((d) => d.classIndex === 15 && d.score > 0.5);
    // SOURCE.md: cat 0.83 [105,119,219,303], cat 0.76 [249,101,435,318] (sharp resamples a little differently)
    expect(cats).toHaveLength(2);
    expect(iou([cats[0]!.x1, cats[0]!.y1, cats[0]!.x2, cats[0]!.y2], [105, 119, 219, 303])).toBeGreaterThan(0.95);
    expect(iou([cats[1]!.x1, cats[1]!.y1, cats[1]!.x2, cats[1]!.y2], [249, 101, 435, 318])).toBeGreaterThan(0.95);
    expect(cats[0]!.score).toBeCloseTo(0.83, 1);
  });
});

describe("models Loupe cannot read", () => {
  it("refuses FastestDet with E_MODEL_FORMAT naming the file and the shapes it found", async () => {
    await expect(client.inspect(FASTESTDET)).rejects.toMatchObject({
      code: "E_MODEL_FORMAT",
      file: "FastestDet.onnx",
      message: expect.stringContaining("shapes found: input input.1 float32 [1, 3, 352, 352], output 758 float32 [1, 85, 22, 22]"),
    });
  });
});
