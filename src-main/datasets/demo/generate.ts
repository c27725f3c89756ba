import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import type { Split } from "../../../src-preload/api";
import { throwIfAborted } from "../../errors";
import { formatDataYaml } from "../parse/data-yaml";
import { formatYoloLine } from "../parse/yolo-labels";
import { DEMO_CLASSES, planScene, planSplits, type DemoScene } from "./plan";
import { renderScene } from "./render";

export interface DemoOptions {
  images: number;
  seed: number;
  width?: number;
  height?: number;
  /** JPEG quality 1..100. */
  quality?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface DemoResult {
  dir: string;
  images: number;
  bySplit: Record<Split, number>;
  objects: number;
  dataYaml: string;
}

/** The YOLO label file text of a scene (empty text when it has no objects). */
export function sceneLabels(scene: DemoScene): string {
  const lines = scene.objects.map((o) => formatYoloLine(o.classIndex, o.box, scene.width, scene.height));
  return lines.length ? `${lines.join("\n")}\n` : "";
}

/**
 * Writes a deterministic synthetic YOLO data set into `dir`: `images/<split>/demo_NNNNN.jpg`, labels for
 * train/val/test in `labels/<split>/`, and the pool's ground truth kept apart in `pool_oracle/labels/` (the pool is
 * imported unlabeled; the oracle answers simulated reviews). data.yaml has an absolute path and the four classes.
 */
export async function generateDemoDataset(dir: string, opts: DemoOptions): Promise<DemoResult> {
  const width = opts.width ?? 480;
  const height = opts.height ?? 360;
  const splits = planSplits(opts.images, opts.seed);
  const bySplit: Record<Split, number> = { train: 0, val: 0, test: 0, pool: 0 };
  for (const s of new Set(splits)) {
    await mkdir(join(dir, "images", s), { recursive: true });
    await mkdir(join(dir, s === "pool" ? "pool_oracle/labels" : `labels/${s}`), { recursive: true });
  }
  let objects = 0;
  let done = 0;
  const one = async (i: number): Promise<void> => {
    const split = splits[i] as Split;
    const scene = planScene(opts.seed, i, { width, height });
    const jpeg = await sharp(renderScene(scene), { raw: { width, height, channels: 3 } }).jpeg({ quality: opts.quality ?? 90 }).toBuffer();
    const name = `demo_${String(i).padStart(5, "0")}`;
    await writeFile(join(dir, "images", split, `${name}.jpg`), jpeg);
    const labelDir = split === "pool" ? join(dir, "pool_oracle", "labels") : join(dir, "labels", split);
    await writeFile(join(labelDir, `${name}.txt`), sceneLabels(scene));
    bySplit[split]++;
    objects += scene.objects.length;
    opts.onProgress?.(++done, opts.images);
  };
  const queue = Array.from({ length: opts.images }, (_, i) => i);
  const worker = async (): Promise<void> => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      throwIfAborted(opts.signal, "demo data generation");
      await one(i);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  const dataYaml = join(dir, "data.yaml");
  const present = (["train", "val", "test", "pool"] as const).filter((s) => bySplit[s] > 0);
  await writeFile(dataYaml, formatDataYaml(dir, Object.fromEntries(present.map((s) => [s, `images/${s}`])), DEMO_CLASSES.map((c) => c.name)));
  return { dir, images: opts.images, bySplit, objects, dataYaml };
}
