import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateDemoDataset } from "../../src-main/datasets/demo/generate";
import { DEMO_CLASSES } from "../../src-main/datasets/demo/plan";
import type { Host } from "../../src-main/host/create-host";
import { buildTestModel, ultralyticsMetadata } from "../fixtures/onnx-builder";

export const FAKE_TRAINER = join(import.meta.dirname, "../fixtures/training/fake-trainer.mjs");
export const DEMO_CLASS_NAMES = DEMO_CLASSES.map((c) => c.name);

/**
 * A constant YOLOv8-layout model at 64 px for the demo's four classes: every image gets the same three boxes
 * (scores 0.9, 0.45, 0.2), so the loop's steps have real predictions to evaluate and select on.
 */
export function constantModel(file: string): string {
  const n = 80; // 8×8 + 4×4 cells at 64 px
  const nc = DEMO_CLASS_NAMES.length;
  const data = new Float32Array((4 + nc) * n);
  const put = (anchor: number, cx: number, cy: number, w: number, h: number, cls: number, score: number) => {
    data[0 * n + anchor] = cx;
    data[1 * n + anchor] = cy;
    data[2 * n + anchor] = w;
    data[3 * n + anchor] = h;
    data[(4 + cls) * n + anchor] = score;
  };
  put(0, 20, 20, 16, 16, 0, 0.9);
  put(1, 44, 40, 12, 10, 1, 0.45);
  put(2, 30, 50, 8, 8, 2, 0.2);
  writeFileSync(file, buildTestModel({ inputSize: [64, 64], output: { dims: [1, 4 + nc, n], data }, metadata: ultralyticsMetadata(DEMO_CLASS_NAMES, { imgsz: "[64, 64]" }) }));
  return file;
}

/** The `command` trainer line: the fake trainer handing back the constant model (deterministic, about 0.3 s). */
export function fakeTrainerCommand(model: string): string {
  return `"${process.execPath}" "${FAKE_TRAINER}" plain --out {out} --model-src "${model}"`;
}

/**
 * A demo-style project for loop tests: `images` synthetic field images (train/val/test/pool splits, the pool imported
 * unlabeled, its ground truth kept apart in pool_oracle/labels), small images so every step is quick.
 */
export async function loopProject(host: Host, dir: string, opts: { images?: number; seed?: number } = {}): Promise<{ projectDir: string; dataDir: string; oracle: string }> {
  const dataDir = join(dir, "data");
  await generateDemoDataset(dataDir, { images: opts.images ?? 40, seed: opts.seed ?? 5, width: 160, height: 120 });
  const project = await host.call("projects", "create", { parentDir: dir, name: "loop", classes: DEMO_CLASS_NAMES });
  const job = await host.call("datasets", "import", { path: dataDir, format: "yolo" });
  const done = await host.jobs.wait(job.jobId);
  if (done.state !== "succeeded") throw new Error(`import failed: ${done.error?.message}`);
  return { projectDir: project.path, dataDir, oracle: join(dataDir, "pool_oracle", "labels") };
}
