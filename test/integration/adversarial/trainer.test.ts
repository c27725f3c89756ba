import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinAdapter } from "../../../src-main/training/adapters/builtin";
import { probeEnvironment } from "../../../src-main/training/env-probe";
import { trainWithAdapter } from "../../../src-main/training/train-job";
import { tempDir } from "../../helpers/temp";
import { jpeg, pngDeclaring, withinLimit, write } from "./harness";

/**
 * Images the built-in trainer cannot read (a decompression bomb Pillow refuses, a corrupt file) are named and left
 * out, and the run goes on; when nothing readable is left it stops with an error naming the files. Needs Python 3
 * with PyTorch and Pillow (skipped without).
 */
const env = await probeEnvironment();
const PYTHON = env.python ?? "python3";
const TRAINER = resolve(import.meta.dirname, "../../../resources/trainer");

let t: ReturnType<typeof tempDir>;
let good = "";
let bomb = "";
let corrupt = "";
beforeAll(async () => {
  t = tempDir("loupe-adv-trainer-");
  good = write(join(t.dir, "ds", "images", "train", "good.jpg"), await jpeg(1, 64));
  bomb = write(join(t.dir, "ds", "images", "train", "bomb.png"), pngDeclaring(60000, 60000));
  corrupt = write(join(t.dir, "ds", "images", "train", "corrupt.jpg"), (await jpeg(2, 64)).subarray(0, 200));
});
afterAll(() => t.cleanup());

describe.skipIf(!env.builtinReady)("the built-in trainer meets unreadable images", () => {
  it("names each one in a warning and keeps the readable ones", () => {
    const script = [
      "import json, sys",
      `sys.path.insert(0, ${JSON.stringify(TRAINER)})`,
      "from loupe_trainer.data import build_cache",
      `c = build_cache(${JSON.stringify([good, bomb, corrupt])}, 64, 1)`,
      'print("RESULT " + json.dumps({"kept": c.paths, "skipped": c.skipped}))',
    ].join("\n");
    const res = spawnSync(PYTHON, ["-c", script], { encoding: "utf8", timeout: 60_000 });
    expect(res.status, res.stderr).toBe(0);
    const result = JSON.parse(/^RESULT (.*)$/m.exec(res.stdout)?.[1] ?? "null") as { kept: string[]; skipped: string[] };
    expect(result).toEqual({ kept: [good], skipped: [bomb, corrupt] });
    const warnings = res.stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { type: string; level: string; message: string });
    expect(warnings.filter((w) => w.type === "log" && w.level === "warn").map((w) => w.message)).toEqual([
      expect.stringMatching(new RegExp(`skipping unreadable image ${bomb}: DecompressionBombError`)),
      expect.stringMatching(new RegExp(`skipping unreadable image ${corrupt}: `)),
    ]);
  }, 60_000);

  it("stops cleanly, naming the files, when no train image can be read", async () => {
    const data = write(join(t.dir, "bad", "data.yaml"), "path: .\ntrain: images/train\nval: images/train\nnames: [cat]\n");
    write(join(t.dir, "bad", "images", "train", "bomb.png"), pngDeclaring(60000, 60000));
    write(join(t.dir, "bad", "labels", "train", "bomb.txt"), "0 0.5 0.5 0.1 0.1\n");
    const run = trainWithAdapter(builtinAdapter({ python: PYTHON }), { data, names: ["cat"], out: join(t.dir, "bad-out"), epochs: 1, imgsz: 64, batch: 2, seed: 0, device: "cpu", threads: 1 });
    const err = await withinLimit(run.then(() => null, (e: unknown) => e as Error), "a training run on unreadable images", 60_000);
    expect(err?.message).toMatch(/no train image could be read \(.*bomb\.png\)/);
  }, 90_000);
});
