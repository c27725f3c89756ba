import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_CLASSES, MIN_OBJECT_PX, planScene } from "../../../src-main/datasets/demo/plan";
import { drawBoxOutline, renderScene } from "../../../src-main/datasets/demo/render";
import { generateDemoDataset } from "../../../src-main/datasets/demo/generate";
import { tempDir } from "../../helpers/temp";

const OUT = resolve(import.meta.dirname, "../../../test-output");
let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir()));
afterEach(() => t.cleanup());

/** Composes scenes (with their ground-truth boxes drawn) into one grid image. */
async function contactSheet(scenes: ReturnType<typeof planScene>[], cols: number, file: string): Promise<void> {
  const first = scenes[0];
  if (!first) throw new Error("no scenes");
  const { width, height } = first;
  const gap = 4;
  const rows = Math.ceil(scenes.length / cols);
  const W = cols * (width + gap) + gap;
  const H = rows * (height + gap) + gap;
  const sheet = new Uint8Array(W * H * 3).fill(30);
  scenes.forEach((scene, i) => {
    const px = renderScene(scene);
    for (const o of scene.objects) drawBoxOutline(px, width, height, o.box, o.lowContrast ? [255, 0, 255] : [255, 255, 255]);
    const ox = gap + (i % cols) * (width + gap);
    const oy = gap + Math.floor(i / cols) * (height + gap);
    for (let y = 0; y < height; y++) sheet.set(px.subarray(y * width * 3, (y + 1) * width * 3), ((oy + y) * W + ox) * 3);
  });
  mkdirSync(OUT, { recursive: true });
  await sharp(sheet, { raw: { width: W, height: H, channels: 3 } }).png().toFile(file);
}

describe("the demo data generator", () => {
  it("saves a contact sheet of generated scenes with their boxes to test-output/ for a person to look at", async () => {
    const scenes = Array.from({ length: 12 }, (_, i) => planScene(7, i, { width: 320, height: 240 }));
    const file = join(OUT, "demo-contact-sheet.png");
    await contactSheet(scenes, 4, file);
    expect(existsSync(file)).toBe(true);
    const plain = Array.from({ length: 6 }, (_, i) => planScene(7, i, { width: 320, height: 240 }));
    const noBoxes = join(OUT, "demo-contact-sheet-plain.png");
    const W = 3 * 324 + 4;
    const sheet = new Uint8Array(W * (2 * 244 + 4) * 3);
    plain.forEach((s, i) => {
      const px = renderScene(s);
      for (let y = 0; y < 240; y++) sheet.set(px.subarray(y * 960, (y + 1) * 960), ((4 + Math.floor(i / 3) * 244 + y) * W + 4 + (i % 3) * 324) * 3);
    });
    await sharp(sheet, { raw: { width: W, height: 2 * 244 + 4, channels: 3 } }).png().toFile(noBoxes);
  });

  it("writes a YOLO data set with four splits, data.yaml, and the pool's ground truth kept apart", async () => {
    const dir = join(t.dir, "demo");
    const res = await generateDemoDataset(dir, { images: 20, seed: 3, width: 160, height: 120 });
    expect(res.bySplit).toEqual({ train: 4, val: 2, test: 2, pool: 12 });
    expect(readdirSync(join(dir, "images", "pool"))).toHaveLength(12);
    expect(existsSync(join(dir, "labels", "pool"))).toBe(false);
    expect(readdirSync(join(dir, "pool_oracle", "labels"))).toHaveLength(12);
    const yaml = readFileSync(join(dir, "data.yaml"), "utf8");
    expect(yaml).toContain(`path: ${JSON.stringify(dir)}`);
    expect(yaml).toContain('names:\n  0: "weed"\n  1: "stone"\n  2: "flower"\n  3: "tag"\n');
    const meta = await sharp(join(dir, "images", "pool", readdirSync(join(dir, "images", "pool"))[0] as string)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 160, 120]);
  });

  it("writes the same bytes for the same seed", async () => {
    const a = await generateDemoDataset(join(t.dir, "a"), { images: 3, seed: 9, width: 96, height: 64 });
    const b = await generateDemoDataset(join(t.dir, "b"), { images: 3, seed: 9, width: 96, height: 64 });
    for (const split of ["train", "val", "test", "pool"]) {
      const da = join(a.dir, "images", split);
      if (!existsSync(da)) continue;
      for (const f of readdirSync(da)) expect(readFileSync(join(da, f)).equals(readFileSync(join(b.dir, "images", split, f)))).toBe(true);
    }
  });

  it("plans learnable objects of every class, tiny to large, some low-contrast, truncated and overlapping", () => {
    const objects = Array.from({ length: 300 }, (_, i) => planScene(1, i, { width: 480, height: 360 })).flatMap((s) => s.objects);
    const sides = objects.map((o) => Math.min(o.box.w, o.box.h));
    expect(Math.min(...sides)).toBeGreaterThanOrEqual(MIN_OBJECT_PX);
    expect(sides.filter((s) => s < 16).length).toBeGreaterThan(objects.length * 0.1);
    expect(Math.max(...objects.map((o) => Math.max(o.box.w, o.box.h)))).toBeGreaterThan(120);
    expect(new Set(objects.map((o) => o.classIndex)).size).toBe(DEMO_CLASSES.length);
    expect(objects.filter((o) => o.lowContrast).length / objects.length).toBeGreaterThan(0.12);
    expect(objects.filter((o) => o.truncated).length).toBeGreaterThan(10);
  });
});
