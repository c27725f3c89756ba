import { join } from "node:path";
import type { ImageFailure, ImagePrediction, PredictionSink } from "../../../src-main/inference/client";
import { InferenceClient } from "../../../src-main/inference/client";
import { forkTransport } from "../../../src-main/inference/fork-transport";
import { defaultThreadSettings } from "../../../src-main/inference/threads";
import type { WorkerTransportFactory } from "../../../src-main/inference/protocol";

/** Real data shared by the team; never copied into the repo. */
export const SHARED = join(import.meta.dirname, "../../../../shared/data");
export const YOLOV8N = join(SHARED, "models/yolov8n-int8/yolov8n_int8.onnx");
export const YOLOX_NANO = join(SHARED, "models/yolox-nano/yolox_nano.onnx");
export const FASTESTDET = join(SHARED, "models/fastestdet/FastestDet.onnx");
export const TOY_IMAGES = join(SHARED, "odm-samples/review-toyexample/images");
export const RACCOON_IMAGES = join(SHARED, "raccoon/images");

/** An in-memory PredictionSink that records everything. */
export class MemorySink implements PredictionSink {
  readonly results: ImagePrediction[] = [];
  readonly failures: ImageFailure[] = [];
  flushes = 0;
  put(p: ImagePrediction): void {
    this.results.push(p);
  }
  fail(f: ImageFailure): void {
    this.failures.push(f);
  }
  flush(): void {
    this.flushes++;
  }
  byImage(imageId: number): ImagePrediction | undefined {
    return this.results.find((r) => r.imageId === imageId);
  }
}

/** A client over forked workers with 2 onnxruntime threads (the test machines are small). */
export function testClient(transport: WorkerTransportFactory = forkTransport()): InferenceClient {
  return new InferenceClient({ transport, threads: defaultThreadSettings(2) });
}
