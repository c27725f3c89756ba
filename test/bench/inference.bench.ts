import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import sharp from "sharp";
import type { InferenceRunReport } from "../../src-preload/api";
import { createHost, type Host } from "../../src-main/host/create-host";
import { openModel } from "../../src-main/inference/model-session";
import { prepareImage } from "../../src-main/inference/preprocess";
import { forkTransport } from "../../src-main/inference/fork-transport";
import type { ThreadSettings, WorkerTransport } from "../../src-main/inference/protocol";
import { defaultThreadSettings } from "../../src-main/inference/threads";
import { insertImage } from "../../src-main/store/repos/images-repo";
import { ensureRoot } from "../../src-main/store/repos/roots-repo";
import { buildConvTestModel } from "../fixtures/onnx-builder";
import type { Bench, BenchContext } from "./bench";

/**
 * The inference pipeline against onnxruntime itself, same model, same images, same thread settings, same run:
 * - pipeline: `inference.run` as the app runs it — JPEG files on disk → worker (sharp decode + letterbox overlapped
 *   with inference) → decode + NMS → IPC → predictions stored in SQLite — timed from job start to job end;
 * - baseline: bare `session.run` in this process on tensors prepared beforehand (not timed), the faster of spinning
 *   on (onnxruntime's default) and off (Loupe's default).
 * Besides wall-clock rates it reports CPU milliseconds per image (this process, plus the worker's from /proc), whose
 * ratio does not swing with whatever else the machine runs.
 * Goal: pipeline ≥ 0.90 × baseline. Models: the real yolov8n-int8 (640) and a generated 3-conv detector at 320 and
 * 640 (seeded weights, YOLOv8n-like cost; yolov8n's export has a fixed 640 input). Best of 2 rounds (1 quick).
 */
const SHARED = join(import.meta.dirname, "../../../shared/data");
const YOLOV8N = join(SHARED, "models/yolov8n-int8/yolov8n_int8.onnx");
const FOLDERS = [join(SHARED, "odm-samples/review-toyexample/images"), join(SHARED, "raccoon/images")];
const COCO80 = Array.from({ length: 80 }, (_, i) => `class${i}`);

/** The toy example's photos, the 3 greyscale raccoons, then more raccoons, up to `count`. */
function listImages(count: number): string[] {
  const [toy, raccoon] = FOLDERS as [string, string];
  const grey = ["raccoon-150.jpg", "raccoon-152.jpg", "raccoon-161.jpg"];
  const all = [
    ...readdirSync(toy).filter((n) => n.endsWith(".jpg")).sort().map((f) => join(toy, f)),
    ...grey.map((f) => join(raccoon, f)),
    ...readdirSync(raccoon).filter((n) => n.endsWith(".jpg") && !grey.includes(n)).sort().map((f) => join(raccoon, f)),
  ];
  return all.slice(0, count);
}

/** CPU seconds a process has used so far (Linux /proc; clock ticks of 1/100 s), or NaN elsewhere. */
function processCpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime
  } catch {
    return NaN;
  }
}
const ownCpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

interface Measured {
  imagesPerSec: number;
  /** CPU milliseconds per image, all processes involved (robust to other load on the machine). */
  cpuMsPerImage: number;
}

async function projectWith(ctx: BenchContext, name: string, files: string[]): Promise<{ host: Host; ids: number[]; worker: () => WorkerTransport | undefined }> {
  const fork = forkTransport();
  let current: WorkerTransport | undefined;
  const host = createHost({
    appDataDir: join(ctx.tmpDir, "home"),
    hostKind: "cli",
    inferenceThreads: defaultThreadSettings(),
    inferenceTransport: () => (current = fork()),
  });
  await host.call("projects", "create", { parentDir: ctx.tmpDir, name, classes: ["cat"] });
  const db = host.sessions.require().db;
  const ids: number[] = [];
  for (const [i, file] of files.entries()) {
    const dir = FOLDERS.find((d) => file.startsWith(d)) as string;
    const root = ensureRoot(db, dir, 1);
    const meta = await sharp(file).metadata();
    const rel = file.slice(dir.length + 1);
    ids.push(insertImage(db, { rootId: root.id, relPath: rel, sizeBytes: statSync(file).size, contentHash: `b${i}`, width: meta.width ?? 1, height: meta.height ?? 1, split: "pool" }, 1));
  }
  return { host, ids, worker: () => current };
}

async function bareRate(modelFile: string, files: string[], threads: ThreadSettings): Promise<Measured> {
  const m = await openModel(modelFile, threads);
  const fmt = { widthPx: m.spec.inputWidthPx, heightPx: m.spec.inputHeightPx, type: m.spec.inputType, preprocess: m.spec.preprocess };
  const tensors = [];
  for (const f of files) tensors.push(new ort.Tensor("float32", (await prepareImage(f, fmt)).data as Float32Array, [1, 3, fmt.heightPx, fmt.widthPx]));
  const feed = (t: ort.Tensor) => ({ [m.spec.inputName]: t });
  for (const t of tensors.slice(0, 2)) await m.session.run(feed(t)); // warm-up
  const cpu0 = ownCpuSeconds();
  const t0 = performance.now();
  for (const t of tensors) await m.session.run(feed(t));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = ownCpuSeconds() - cpu0;
  await m.session.release();
  return { imagesPerSec: files.length / seconds, cpuMsPerImage: (1000 * cpu) / files.length };
}

async function pipelineRate(host: Host, pid: number | undefined, modelId: string, ids: number[], confThreshold: number): Promise<InferenceRunReport & Measured> {
  const cpu0 = ownCpuSeconds() + processCpuSeconds(pid);
  const t0 = performance.now();
  const job = await host.call("inference", "run", { modelId, imageIds: ids, confThreshold });
  const info = await host.jobs.wait(job.id);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = ownCpuSeconds() + processCpuSeconds(pid) - cpu0;
  if (info.state !== "succeeded") throw new Error(`inference job ${info.state}: ${info.error?.message ?? ""}`);
  const report = info.result as InferenceRunReport;
  if (report.done !== ids.length) throw new Error(`predicted ${report.done} of ${ids.length}`);
  return { ...report, imagesPerSec: ids.length / seconds, seconds, cpuMsPerImage: (1000 * cpu) / ids.length };
}

export const bench: Bench = {
  name: "inference",
  async run(ctx) {
    const files = listImages(ctx.quick ? 15 : 40);
    const rounds = ctx.quick ? 1 : 2;
    const cases = [
      { label: "yolov8n-int8@640", file: YOLOV8N },
      { label: "conv3@320", size: 320 },
      { label: "conv3@640", size: 640 },
    ];
    const t = defaultThreadSettings();
    ctx.log(
      `${files.length} JPEGs (toy example + raccoon, 3 of them greyscale), best of ${rounds} round(s); threads: onnxruntime intra-op ${t.intraOpThreads}, inter-op ${t.interOpThreads}, ${t.executionMode}, optimization ${t.graphOptimizationLevel}, spinning ${t.allowSpinning ? "on" : "off"}; sharp ${t.imageThreads}`,
    );
    ctx.log("baseline = the faster of bare session.run with these settings and with onnxruntime's default spinning on");
    for (const c of cases) {
      let modelFile = c.file ?? "";
      if (c.size) {
        modelFile = join(ctx.tmpDir, `conv3-${c.size}.onnx`);
        writeFileSync(modelFile, buildConvTestModel({ sizePx: c.size, classNames: COCO80 }));
      }
      const { host, ids, worker } = await projectWith(ctx, `bench-${c.label.replace(/[^a-z0-9]/gi, "-")}`, files);
      try {
        const model = await host.call("models", "add", { path: modelFile });
        await pipelineRate(host, undefined, model.id, ids.slice(0, 1), 0.9); // warm-up: the worker loads the model
        let bare: Measured = { imagesPerSec: 0, cpuMsPerImage: Infinity };
        let pipe: (InferenceRunReport & Measured) | null = null;
        let pipeCpu = Infinity;
        for (let r = 0; r < rounds; r++) {
          for (const spin of [false, true]) {
            const b = await bareRate(modelFile, files, { ...t, allowSpinning: spin });
            bare = { imagesPerSec: Math.max(bare.imagesPerSec, b.imagesPerSec), cpuMsPerImage: Math.min(bare.cpuMsPerImage, b.cpuMsPerImage) };
          }
          // a lower threshold than any stored run, so every image is predicted again
          const rep = await pipelineRate(host, worker()?.pid, model.id, ids, 0.25 - 0.01 * r);
          pipeCpu = Math.min(pipeCpu, rep.cpuMsPerImage);
          if (!pipe || rep.imagesPerSec > pipe.imagesPerSec) pipe = rep;
        }
        const p = { ...(pipe as InferenceRunReport & Measured), cpuMsPerImage: pipeCpu };
        ctx.report({ name: `${c.label} session.run`, value: bare.imagesPerSec, unit: "images/s", note: `bare onnxruntime on prepared tensors; ${bare.cpuMsPerImage.toFixed(0)} CPU ms/image` });
        ctx.report({ name: `${c.label} pipeline`, value: p.imagesPerSec, unit: "images/s", note: `JPEG → stored predictions, ${p.boxes} boxes; ${p.cpuMsPerImage.toFixed(0)} CPU ms/image (worker + main)` });
        ctx.report({ name: `${c.label} ratio`, value: p.imagesPerSec / bare.imagesPerSec, unit: "×", note: "wall-clock rates; goal ≥ 0.90" });
        ctx.report({ name: `${c.label} CPU ratio`, value: bare.cpuMsPerImage / p.cpuMsPerImage, unit: "×", note: "bare CPU per image / pipeline CPU per image; steady under other load" });
      } finally {
        await host.dispose();
      }
    }
  },
};
