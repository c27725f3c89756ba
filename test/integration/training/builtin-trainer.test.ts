import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { XywhTuple } from "../../../src-main/core/geometry/box";
import { evaluateCoco } from "../../../src-main/core/metrics/coco-eval";
import { InferenceClient } from "../../../src-main/inference/client";
import { forkTransport } from "../../../src-main/inference/fork-transport";
import { defaultThreadSettings } from "../../../src-main/inference/threads";
import { isLoupeError } from "../../../src-main/errors";
import { trainerResourcesDir } from "../../../src-main/training/adapter";
import { builtinAdapter } from "../../../src-main/training/adapters/builtin";
import { probeEnvironment } from "../../../src-main/training/env-probe";
import { readOnnxMetadata } from "../../../src-main/training/onnx-check";
import type { ParityInfo, StartMessage, TrainerJobInput } from "../../../src-main/training/protocol";
import { trainWithAdapter, type TrainedModel } from "../../../src-main/training/train-job";
import { SYNTHETIC_CLASSES, writeSyntheticDataset } from "../../helpers/synthetic-detection";
import { evaluatorMap } from "../../helpers/evaluator-map";
import { tempDir } from "../../helpers/temp";

/**
 * The real built-in trainer (resources/trainer, Python + PyTorch), kept short: 128 px synthetic images, a few
 * hundred optimiser steps at most, 2 threads. Skipped where PyTorch is absent (CI installs python3-torch).
 */
const env = await probeEnvironment();
const hasTorch = env.builtinReady;
const PYTHON = env.python ?? "python3";
const WHY = "(needs Python 3 + PyTorch: sudo apt-get install python3-torch python3-pil)";

let tmp: ReturnType<typeof tempDir>;
let data = "";
let trained: TrainedModel | null = null;

const job = (out: string, over: Partial<TrainerJobInput> = {}): TrainerJobInput => ({
  data, names: [...SYNTHETIC_CLASSES], out, epochs: 1, imgsz: 128, batch: 16, seed: 0, device: "cpu", threads: 2, ...over,
});

/** The parity check runs in the inference worker, as in the app. */
const checker = new InferenceClient({ transport: forkTransport(), threads: defaultThreadSettings(1) });
const verified = { checkParity: (onnx: string, parity: ParityInfo) => checker.checkParity(onnx, parity) };

beforeAll(async () => {
  tmp = tempDir("loupe-builtin-");
  if (hasTorch) data = await writeSyntheticDataset({ dir: join(tmp.dir, "ds"), sizePx: 128, train: 64, val: 24, easy: true, seed: 7 });
});
afterAll(async () => {
  await checker.dispose();
  tmp.cleanup();
});

describe("built-in trainer", () => {
  it.skipIf(!hasTorch)(`trains briefly from scratch, exports an ONNX matching PyTorch, clearly better than untrained ${WHY}`, async () => {
    const out = join(tmp.dir, "scratch");
    const adapter = builtinAdapter({ python: PYTHON });
    trained = await trainWithAdapter(adapter, job(out, { steps: 120, valEvery: 10, evalBefore: true }), verified);
    const start = startMessageOf(trained.logFile);
    const untrained = (start.initialMetrics?.mAP50 as number | undefined) ?? NaN;
    const final = trained.metrics.mAP50 as number;
    expect(start).toMatchObject({ trainer: "builtin", warmStart: false, steps: 120, stepsPerEpoch: 4, trainImages: 64, valImages: 24 });
    expect(untrained).toBeLessThan(0.1);
    expect(final).toBeGreaterThan(0.4);
    expect(final - untrained).toBeGreaterThan(0.3);
    // parity checked with onnxruntime-node before "done" was accepted
    expect(trained.parity?.ok).toBe(true);
    expect(trained.parity?.maxScoreAbsDiff).toBeLessThanOrEqual(1e-4);
    expect(trained.parity?.maxBoxRelDiff).toBeLessThanOrEqual(1e-4);
    expect(trained.parity?.outputShape).toEqual([1, 6, 320]); // 16² stride-8 + 8² stride-16 cells
    const meta = readOnnxMetadata(readFileSync(trained.onnx));
    expect(meta).toMatchObject({ names: "{0: 'disc', 1: 'square'}", imgsz: "[128, 128]", stride: "16", task: "detect" });
    // the trainer validates by the evaluator's rules: the app's inference path (worker, preprocessing, YOLOv8
    // decoding, NMS) and COCO metrics give the exported model the same mAP50
    const appMap = (await evaluatorMap(trained.onnx, join(tmp.dir, "ds"), "val", SYNTHETIC_CLASSES.length)).mAP50;
    // one line for CI logs, to watch the trainer's quality and parity over time
    console.info(
      `[built-in trainer] 120 steps @128px: mAP50 untrained ${untrained.toFixed(3)} → trained ${final.toFixed(3)} (trainer), ${appMap.toFixed(3)} (evaluator); ` +
        `parity scores ${trained.parity?.maxScoreAbsDiff.toExponential(1)}, boxes rel ${trained.parity?.maxBoxRelDiff.toExponential(1)}; ${trained.seconds.toFixed(1)} s`,
    );
    expect(Math.abs(appMap - final)).toBeLessThanOrEqual(0.005);
  }, 240_000);

  it.skipIf(!hasTorch)(`validates with pycocotools' numbers: cocoeval-tiny through the trainer's evaluate() ${WHY}`, () => {
    const tiny = fileURLToPath(new URL("../../../../shared/data/cocoeval-tiny/", import.meta.url));
    const script = [
      "import json, sys, numpy as np",
      "from loupe_trainer.evaluate import evaluate",
      "gt, dt = (json.load(open(sys.argv[1] + f)) for f in ('gt.json', 'dt.json'))",
      "cats = [c['id'] for c in gt['categories']]; imgs = [i['id'] for i in gt['images']]",
      "xyxy = lambda b: [b[0], b[1], b[0] + b[2], b[1] + b[3]]",
      "t = [np.array([[cats.index(a['category_id'])] + xyxy(a['bbox']) for a in gt['annotations'] if a['image_id'] == i]).reshape(-1, 5) for i in imgs]",
      "p = [np.array([xyxy(d['bbox']) + [d['score'], cats.index(d['category_id'])] for d in dt if d['image_id'] == i]).reshape(-1, 6) for i in imgs]",
      "print(json.dumps(evaluate(p, t, len(cats), [c['name'] for c in gt['categories']])))",
    ].join("\n");
    const res = spawnSync(PYTHON, ["-c", script, tiny], { encoding: "utf8", env: { ...process.env, PYTHONPATH: trainerResourcesDir() } });
    expect(res.status, res.stderr).toBe(0);
    const r = JSON.parse(res.stdout) as { mAP50: number; mAP50_95: number };
    // pycocotools 2.0.11 prints 0.917 and 0.701 (SOURCE.md); Loupe's evaluator computes the same doubles
    const gt = JSON.parse(readFileSync(join(tiny, "gt.json"), "utf8")) as { images: { id: number }[]; categories: { id: number }[]; annotations: { image_id: number; category_id: number; bbox: XywhTuple }[] };
    const dt = JSON.parse(readFileSync(join(tiny, "dt.json"), "utf8")) as { image_id: number; category_id: number; bbox: XywhTuple; score: number }[];
    const coco = evaluateCoco({
      imageIds: gt.images.map((i) => i.id),
      categoryIds: gt.categories.map((c) => c.id),
      groundTruths: gt.annotations.map((a) => ({ imageId: a.image_id, categoryId: a.category_id, bbox: a.bbox })),
      detections: dt.map((d) => ({ imageId: d.image_id, categoryId: d.category_id, bbox: d.bbox, score: d.score })),
    });
    expect(r.mAP50).toBeCloseTo(0.917, 3);
    expect(r.mAP50_95).toBeCloseTo(0.701, 3);
    expect(Math.abs(r.mAP50 - coco.stats.AP50)).toBeLessThan(1e-12);
    expect(Math.abs(r.mAP50_95 - coco.stats.AP)).toBeLessThan(1e-12);
  }, 30_000);

  it.skipIf(!hasTorch)(`is deterministic for a seed ${WHY}`, async () => {
    const losses = async (name: string) => {
      const m = await trainWithAdapter(builtinAdapter({ python: PYTHON }), job(join(tmp.dir, name), { steps: 3, imgsz: 64, valEvery: 100 }));
      return m.epochs.map((e) => e.losses);
    };
    const [a, b] = [await losses("det-a"), await losses("det-b")];
    expect(a.length).toBeGreaterThan(0);
    expect(a).toEqual(b);
  }, 60_000);

  it.skipIf(!hasTorch)(`validates about ten times a run when the job does not say how often ${WHY}`, async () => {
    // one step per epoch (batch = the 64 train images), 20 epochs: validation every 2nd epoch, the last included
    const m = await trainWithAdapter(builtinAdapter({ python: PYTHON }), job(join(tmp.dir, "val-every"), { steps: 20, imgsz: 64, batch: 64 }));
    expect(m.epochs).toHaveLength(20);
    expect(m.epochs.filter((e) => Object.keys(e.metrics).length > 0).map((e) => e.epoch)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
  }, 120_000);

  it.skipIf(!hasTorch)(`cancel mid-epoch leaves a checkpoint that a new run warm-starts from ${WHY}`, async () => {
    const out = join(tmp.dir, "cancel");
    const controller = new AbortController();
    const err = await trainWithAdapter(builtinAdapter({ python: PYTHON }), job(out, { imgsz: 64, batch: 4, steps: 100_000 }), {
      ...verified,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.step > 0) controller.abort(); // the first step message: mid-epoch (16 steps per epoch)
      },
    }).catch((e: unknown) => e);
    expect(isLoupeError(err, "E_CANCELLED")).toBe(true);
    const checkpoint = (err as { details: { checkpoint: string } }).details.checkpoint;
    expect(checkpoint).toBe(join(out, "last.pt"));
    expect(existsSync(checkpoint)).toBe(true);
    const warm = await trainWithAdapter(builtinAdapter({ python: PYTHON }), job(join(tmp.dir, "from-cancel"), { imgsz: 64, steps: 4, init: checkpoint }), verified);
    expect(warm.parity?.ok).toBe(true);
    expect(readFileSync(warm.logFile, "utf8")).toMatch(/"warmStart":true/);
  }, 60_000);

  it.skipIf(!hasTorch)(`warm-starts from a trained model where it left off and keeps its quality ${WHY}`, async () => {
    if (!trained?.checkpoint) throw new Error("the from-scratch test must run first");
    const warm = await trainWithAdapter(
      builtinAdapter({ python: PYTHON }),
      job(join(tmp.dir, "warm"), { steps: 16, init: trained.checkpoint, evalBefore: true, valEvery: 100 }),
      verified,
    );
    const start = startMessageOf(warm.logFile);
    expect(start.warmStart).toBe(true);
    // the warm start begins exactly where the checkpoint ended (same weights, same val set)
    expect(start.initialMetrics?.mAP50).toBeCloseTo(trained.metrics.mAP50 as number, 6);
    expect(warm.metrics.mAP50 as number).toBeGreaterThan((trained.metrics.mAP50 as number) - 0.15);
    expect(warm.parity?.ok).toBe(true);
  }, 60_000);
});

function startMessageOf(logFile: string): StartMessage {
  const line = readFileSync(logFile, "utf8").split("\n").find((l) => l.startsWith('{"type":"start"'));
  return JSON.parse(line ?? "{}") as StartMessage;
}
