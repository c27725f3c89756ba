import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { DEFAULT_IOU_THRESHOLD, DEFAULT_MAX_DETECTIONS } from "../../src-main/core/decode/nms";
import { EVAL_CONF_THRESHOLD } from "../../src-main/core/decode/postprocess";
import type { XywhTuple } from "../../src-main/core/geometry/box";
import { evaluateCoco, type CocoDetection, type CocoGroundTruth } from "../../src-main/core/metrics/coco-eval";
import { InferenceClient, type ImagePrediction } from "../../src-main/inference/client";
import { forkTransport } from "../../src-main/inference/fork-transport";
import { defaultThreadSettings } from "../../src-main/inference/threads";

/**
 * COCO mAP of an ONNX model on a YOLO folder (images/<split>, labels/<split>) as Loupe's evaluator computes it: the
 * app's inference client with the loop's evaluation settings (confidence 0.001, NMS IoU 0.7, 300 detections per
 * image), then `evaluateCoco` (pycocotools' rules) against the label files in image pixels.
 */
export async function evaluatorMap(onnx: string, datasetDir: string, split: string, classCount: number): Promise<{ mAP50: number; mAP50_95: number }> {
  const imageDir = join(datasetDir, "images", split);
  const files = readdirSync(imageDir).sort();
  const preds: ImagePrediction[] = [];
  const client = new InferenceClient({ transport: forkTransport(), threads: defaultThreadSettings(2) });
  try {
    await client.run({
      modelPath: onnx,
      items: files.map((f, i) => ({ imageId: i + 1, path: join(imageDir, f) })),
      confThreshold: EVAL_CONF_THRESHOLD,
      iouThreshold: DEFAULT_IOU_THRESHOLD,
      maxDetections: DEFAULT_MAX_DETECTIONS,
      sink: { put: (p) => void preds.push(p), fail: (f) => { throw new Error(f.error.message); }, flush: () => undefined },
    });
  } finally {
    await client.dispose();
  }
  const groundTruths: CocoGroundTruth[] = [];
  for (const [i, f] of files.entries()) {
    const meta = await sharp(join(imageDir, f)).metadata();
    const [w, h] = [meta.width ?? 0, meta.height ?? 0];
    const text = readFileSync(join(datasetDir, "labels", split, f.replace(/\.[^.]+$/, ".txt")), "utf8");
    for (const row of text.trim().split("\n").filter(Boolean).map((l) => l.trim().split(/\s+/).map(Number))) {
      const [cls = 0, cx = 0, cy = 0, bw = 0, bh = 0] = row;
      groundTruths.push({ imageId: i + 1, categoryId: cls, bbox: [(cx - bw / 2) * w, (cy - bh / 2) * h, bw * w, bh * h] });
    }
  }
  const detections: CocoDetection[] = preds.flatMap((p) =>
    p.detections.map((d) => ({ imageId: p.imageId, categoryId: d.classIndex, score: d.score, bbox: [d.x1, d.y1, d.x2 - d.x1, d.y2 - d.y1] as XywhTuple })),
  );
  const coco = evaluateCoco({ imageIds: files.map((_, i) => i + 1), categoryIds: Array.from({ length: classCount }, (_, c) => c), groundTruths, detections });
  return { mAP50: coco.stats.AP50, mAP50_95: coco.stats.AP };
}
