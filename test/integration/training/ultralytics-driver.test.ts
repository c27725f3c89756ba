import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ultralyticsAdapter } from "../../../src-main/training/adapters/ultralytics";
import { trainWithAdapter } from "../../../src-main/training/train-job";
import { isLoupeError } from "../../../src-main/errors";
import { tempDir } from "../../helpers/temp";

/**
 * resources/trainer/ultralytics_driver.py against a STAND-IN `ultralytics` package
 * (test/fixtures/fake-ultralytics/ultralytics/__init__.py), put first on PYTHONPATH. Real Ultralytics cannot be
 * installed on the test machines (no PyPI); the stand-in implements only the API surface the driver calls, with
 * Ultralytics' documented callback order (including the duplicate final on_fit_epoch_end). These tests check the
 * driver's mapping and arguments, NOT Ultralytics itself. They need a Python 3 but no torch.
 */
const FAKE_UL = resolve(import.meta.dirname, "../../fixtures/fake-ultralytics");
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

interface FakeCall {
  call: string;
  model: string;
  kwargs: Record<string, unknown>;
  env: Record<string, string | null>;
}

let tmp: ReturnType<typeof tempDir>;
let data: string;
beforeEach(() => {
  tmp = tempDir("loupe-ul-");
  const ds = join(tmp.dir, "dataset");
  for (const d of ["images/train", "images/val", "labels/train"]) mkdirSync(join(ds, d), { recursive: true });
  writeFileSync(join(ds, "labels", "train.cache"), "stale cache");
  data = join(ds, "data.yaml");
  writeFileSync(data, `path: ${ds}\ntrain: images/train\nval: images/val\nnames:\n  0: crop\n  1: 'no'\n`);
});
afterEach(() => tmp.cleanup());

const job = (out: string) => ({ data, names: ["crop", "no"], out, epochs: 3, imgsz: 320, batch: 8, seed: 3, device: "cpu", threads: 1, model: "yolo11n.yaml" });

describe("ultralytics driver (stand-in package)", () => {
  it("maps callbacks to epochs without the duplicate final fit-epoch event and exports without NMS", async () => {
    const out = join(tmp.dir, "run");
    const adapter = ultralyticsAdapter({ python: PYTHON, pythonPath: [FAKE_UL] });
    const m = await trainWithAdapter(adapter, job(out));
    expect(m.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(m.epochs[0]?.metrics).toMatchObject({ mAP50: 0.3667, mAP50_95: 0.22, precision: 0.5, recall: 0.4 });
    expect(m.epochs[0]?.losses).toMatchObject({ box: expect.any(Number), cls: expect.any(Number), dfl: expect.any(Number), total: expect.any(Number) });
    expect(m.metrics).toMatchObject({ mAP50: 0.9 }); // from the final validation of best.pt
    expect(m.onnx).toBe(join(out, "train", "weights", "best.onnx"));
    expect(m.checkpoint).toBe(join(out, "train", "weights", "best.pt"));

    const calls = JSON.parse(readFileSync(join(out, "fake-calls.json"), "utf8")) as FakeCall[];
    const train = calls.find((c) => c.call === "train") as FakeCall;
    expect(train.model).toBe("yolo11n.yaml");
    expect(train.kwargs).toMatchObject({ data: join(out, "data.yaml"), project: out, name: "train", exist_ok: true, plots: false, workers: 0, epochs: 3, imgsz: 320, batch: 8, seed: 3, device: "cpu" });
    expect(train.env).toMatchObject({ YOLO_OFFLINE: "True", YOLO_CONFIG_DIR: join(out, "ultralytics-config"), OMP_NUM_THREADS: "1" });
    const exp = calls.find((c) => c.call === "export") as FakeCall;
    expect(exp.model).toBe(join(out, "train", "weights", "best.pt"));
    expect(exp.kwargs).toMatchObject({ format: "onnx", nms: false, simplify: false, dynamic: false, imgsz: 320 });

    const yaml = readFileSync(join(out, "data.yaml"), "utf8");
    expect(yaml).toContain(`train: '${join(tmp.dir, "dataset", "images", "train")}'`);
    expect(yaml).toContain("1: 'no'"); // quoted, or YAML reads it as a boolean
    expect(existsSync(join(tmp.dir, "dataset", "labels", "train.cache"))).toBe(false);
  });

  it("saves last.pt and stops on cancel (SIGTERM) in the middle of an epoch", async () => {
    const out = join(tmp.dir, "run");
    const adapter = ultralyticsAdapter({ python: PYTHON, pythonPath: [FAKE_UL], env: { FAKE_UL_BATCHES: "1000", FAKE_UL_STEP_S: "0.01" } });
    const controller = new AbortController();
    const err = await trainWithAdapter(adapter, job(out), {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.step > 0) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(isLoupeError(err, "E_CANCELLED")).toBe(true);
    const checkpoint = (err as { details: { checkpoint: string } }).details.checkpoint;
    expect(checkpoint).toBe(join(out, "train", "weights", "last.pt"));
    expect(readFileSync(checkpoint, "utf8")).toMatch(/^fake checkpoint, epoch 0/);
  });

  it("reports a missing ultralytics package as an error saying what to install", async () => {
    const adapter = ultralyticsAdapter({ python: PYTHON, env: { PYTHONPATH: join(tmp.dir, "nothing-here"), PYTHONNOUSERSITE: "1" } });
    const err = await trainWithAdapter(adapter, job(join(tmp.dir, "run"))).catch((e: unknown) => e);
    expect(isLoupeError(err, "E_WORKER_CRASHED")).toBe(true);
    expect((err as Error).message).toMatch(/No module named 'ultralytics'.*pip install ultralytics/);
  });
});
