import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { createRng, type Rng } from "../../src-main/core/random";

/**
 * A tiny synthetic detection dataset in YOLO format, generated in code (seeded): discs (class 0) and squares
 * (class 1) in distinct colours on a textured background. `easy` uses large objects (1/6–1/3 of the side) so a
 * few hundred optimiser steps from scratch give a clearly useful detector; otherwise sizes follow
 * TRAINER-NOTES §2 (log-uniform, down to 10 px at 320).
 */
export interface SyntheticOptions {
  dir: string;
  sizePx: number;
  train: number;
  val: number;
  seed?: number;
  easy?: boolean;
  /** Extra train images written to `images/extra` (a warm-start round's new labels). */
  extra?: number;
}

export const SYNTHETIC_CLASSES = ["disc", "square"] as const;

function drawImage(rng: Rng, size: number, easy: boolean): { pixels: Buffer; lines: string[] } {
  const px = Buffer.alloc(size * size * 3);
  const base = [40 + rng.next() * 60, 40 + rng.next() * 60, 40 + rng.next() * 60];
  const grad = [(rng.next() - 0.5) * 60, (rng.next() - 0.5) * 60];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const g = (grad[0] as number) * (x / size) + (grad[1] as number) * (y / size);
      for (let c = 0; c < 3; c++) px[(y * size + x) * 3 + c] = Math.max(0, Math.min(255, (base[c] as number) + g + (rng.next() - 0.5) * 30));
    }
  }
  const lines: string[] = [];
  const count = 1 + Math.floor(rng.next() * (easy ? 3 : 6));
  for (let k = 0; k < count; k++) {
    const cls = rng.next() < 0.5 ? 0 : 1;
    const s = easy
      ? Math.round(size / 6 + rng.next() * (size / 3 - size / 6))
      : Math.round(Math.exp(Math.log(size / 32) + rng.next() * (Math.log(size / 3) - Math.log(size / 32))));
    const x0 = Math.floor(rng.next() * (size - s));
    const y0 = Math.floor(rng.next() * (size - s));
    const jitter = () => (rng.next() - 0.5) * 40;
    const colour = cls === 0 ? [225 + jitter() / 2, 190 + jitter(), 60 + jitter()] : [60 + jitter(), 190 + jitter(), 225 + jitter() / 2];
    const r = s / 2;
    for (let y = y0; y < y0 + s; y++) {
      for (let x = x0; x < x0 + s; x++) {
        const inside = cls === 1 || (x + 0.5 - x0 - r) ** 2 + (y + 0.5 - y0 - r) ** 2 <= r * r;
        if (!inside) continue;
        for (let c = 0; c < 3; c++) px[(y * size + x) * 3 + c] = Math.max(0, Math.min(255, colour[c] as number));
      }
    }
    const f = (v: number) => (v / size).toFixed(6);
    lines.push(`${cls} ${f(x0 + r)} ${f(y0 + r)} ${f(s)} ${f(s)}`);
  }
  return { pixels: px, lines };
}

/** Writes images/{train,val[,extra]}, labels/…, data.yaml (absolute path); returns the data.yaml path. */
export async function writeSyntheticDataset(opts: SyntheticOptions): Promise<string> {
  const rng = createRng(opts.seed ?? 1);
  const splits: [string, number][] = [["train", opts.train], ["val", opts.val], ["extra", opts.extra ?? 0]];
  for (const [split, n] of splits) {
    if (n === 0) continue;
    mkdirSync(join(opts.dir, "images", split), { recursive: true });
    mkdirSync(join(opts.dir, "labels", split), { recursive: true });
    for (let i = 0; i < n; i++) {
      const { pixels, lines } = drawImage(rng, opts.sizePx, opts.easy ?? false);
      const name = `${split}_${String(i).padStart(4, "0")}`;
      await sharp(pixels, { raw: { width: opts.sizePx, height: opts.sizePx, channels: 3 } }).jpeg({ quality: 92 }).toFile(join(opts.dir, "images", split, `${name}.jpg`));
      writeFileSync(join(opts.dir, "labels", split, `${name}.txt`), `${lines.join("\n")}\n`);
    }
  }
  const yaml = join(opts.dir, "data.yaml");
  writeFileSync(yaml, [`path: ${opts.dir}`, "train: images/train", "val: images/val", "names:", ...SYNTHETIC_CLASSES.map((c, i) => `  ${i}: ${c}`), ""].join("\n"));
  return yaml;
}
