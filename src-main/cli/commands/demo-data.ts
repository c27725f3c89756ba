import { existsSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { LoupeError } from "../../errors";
import { flagString, type CliCommand } from "../command";

function intFlag(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new LoupeError("E_VALIDATION", `--${name} must be a whole number from ${min} to ${max}`);
  return n;
}

export const demoDataCommand: CliCommand = {
  name: "demo-data",
  summary: "write a synthetic field data set (YOLO, 4 classes, train/val/test/pool + pool oracle)",
  usage: [
    "loupe demo-data <dir> --images N --seed S [--width 480 --height 360] [--json]",
    "  deterministic: the same N, S and size give the same files; <dir> must be empty or new",
  ],
  async run(ctx) {
    const target = ctx.args.positionals[0];
    if (!target) throw new LoupeError("E_VALIDATION", "missing <dir>: where to write the data set");
    const dir = resolve(target);
    if (existsSync(dir) && readdirSync(dir).length > 0) throw new LoupeError("E_CONFLICT", `${dir}: the folder is not empty`, { file: dir });
    const images = intFlag(flagString(ctx.args, "images"), "images", 200, 1, 1_000_000);
    const seed = intFlag(flagString(ctx.args, "seed"), "seed", 0, 0, 2 ** 32 - 1);
    const width = intFlag(flagString(ctx.args, "width"), "width", 480, 32, 4096);
    const height = intFlag(flagString(ctx.args, "height"), "height", 360, 32, 4096);
    const { generateDemoDataset } = await import("../../datasets/demo/generate"); // sharp loads only here
    const res = await generateDemoDataset(dir, { images, seed, width, height, signal: ctx.signal, onProgress: (d, t) => ctx.progress("demo-data", d, t) });
    if (ctx.json) ctx.out(JSON.stringify(res, null, 2));
    else ctx.out(`wrote ${res.images} images (${res.objects} objects) to ${dir}: train ${res.bySplit.train}, val ${res.bySplit.val}, test ${res.bySplit.test}, pool ${res.bySplit.pool}\n  data.yaml: ${res.dataYaml}\n  pool ground truth: ${resolve(dir, "pool_oracle", "labels")}`);
    return 0;
  },
};
