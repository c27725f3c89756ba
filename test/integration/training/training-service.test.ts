import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { JobInfo, LabelEdit, TrainedModelInfo, TrainingProgressInfo } from "../../../src-preload/api";
import type { Host } from "../../../src-main/host/create-host";
import { insertImage } from "../../../src-main/store/repos/images-repo";
import { ensureRoot } from "../../../src-main/store/repos/roots-repo";
import { probeEnvironment } from "../../../src-main/training/env-probe";
import { buildTestModel, ultralyticsMetadata } from "../../fixtures/onnx-builder";
import { SYNTHETIC_CLASSES, writeSyntheticDataset } from "../../helpers/synthetic-detection";
import { tempDir, testHost } from "../../helpers/temp";

/**
 * training.start through dispatch on a real project: dataset export (which images and labels), the trainer run
 * as a job, model registration with metrics and lineage. The command-adapter tests use a fake trainer (Node);
 * the built-in ones need PyTorch and are skipped without it.
 */
const FAKE = resolve(import.meta.dirname, "../../fixtures/training/fake-trainer.mjs");
const hasTorch = (await probeEnvironment()).builtinReady;
const WHY = "(needs Python 3 + PyTorch: sudo apt-get install python3-torch python3-pil)";

let tmp: ReturnType<typeof tempDir>;
let host: Host;
let projectDir = "";
/** Image ids by split, in file order. */
let ids: { train: number[]; val: number[] };

/** A project whose images are synthetic 64 px pictures with their true boxes as labels (source "import"). */
async function makeProject(nTrain: number, nVal: number): Promise<void> {
  const dataDir = join(tmp.dir, "data");
  await writeSyntheticDataset({ dir: dataDir, sizePx: 64, train: nTrain, val: nVal, easy: true, seed: 3 });
  const project = await host.call("projects", "create", { parentDir: join(tmp.dir, "projects"), name: "p", classes: [...SYNTHETIC_CLASSES] });
  projectDir = project.path;
  const db = host.sessions.require().db;
  const root = ensureRoot(db, join(dataDir, "images"), 1);
  ids = { train: [], val: [] };
  const edits: LabelEdit[] = [];
  for (const split of ["train", "val"] as const) {
    const files = existsSync(join(dataDir, "images", split)) ? readdirSync(join(dataDir, "images", split)).sort() : [];
    for (const file of files) {
      const id = insertImage(db, { rootId: root.id, relPath: `${split}/${file}`, sizeBytes: 1, contentHash: `${split}${file}`, width: 64, height: 64, split }, 1);
      ids[split].push(id);
      const lines = readFileSync(join(dataDir, "labels", split, file.replace(".jpg", ".txt")), "utf8").trim().split("\n");
      for (const line of lines) {
        const [c = 0, cx = 0, cy = 0, w = 0, h = 0] = line.split(" ").map(Number);
        edits.push({ kind: "create", imageId: id, classId: project.classes[c]?.id ?? 0, box: { x: (cx - w / 2) * 64, y: (cy - h / 2) * 64, w: w * 64, h: h * 64 }, source: "import" });
      }
    }
  }
  await host.call("labels", "applyEdits", { edits });
}

/**
 * The command trainer used here, named "fake": the fake trainer handing back a real (constant-output) v8 ONNX.
 * Requests name it; the command line itself is set in the main process (here: the host's own entries).
 */
function fakeCommand(): string {
  host.trainers.define("command", "fake", fakeCommandLine());
  return "fake";
}

function fakeCommandLine(): string {
  const model = join(tmp.dir, "const-v8.onnx");
  const n = 80; // 8×8 + 4×4 cells at 64 px
  writeFileSync(model, buildTestModel({ inputSize: [64, 64], output: { dims: [1, 6, n], data: new Float32Array(6 * n) }, metadata: ultralyticsMetadata([...SYNTHETIC_CLASSES]) }));
  return `"${process.execPath}" "${FAKE}" plain --out {out} --model-src "${model}"`;
}

async function labelIdsOf(imageId: number): Promise<string[]> {
  return (await host.call("images", "get", { imageId })).labels.map((l) => l.id);
}

async function finished(job: JobInfo): Promise<JobInfo> {
  return host.jobs.wait(job.id);
}

beforeEach(() => {
  tmp = tempDir("loupe-train-svc-");
  host = testHost(tmp.dir).host;
});
afterEach(async () => {
  await host.dispose();
  tmp.cleanup();
});

describe("training.start with a command trainer", () => {
  it("exports finished images without rejected labels, runs the command, registers the model", async () => {
    await makeProject(6, 2);
    const [rejectedImage = 0, unlabeled = 0] = ids.train;
    const [rejectedLabel = ""] = await labelIdsOf(rejectedImage);
    await host.call("labels", "applyEdits", { edits: [{ kind: "update", id: rejectedLabel, reviewState: "rejected" }] });
    for (const id of await labelIdsOf(unlabeled)) await host.call("labels", "applyEdits", { edits: [{ kind: "delete", id }] });

    const job = await host.call("training", "start", { adapter: "command", command: fakeCommand(), epochs: 2 });
    const done = await finished(job);
    expect(done.error).toBeNull();
    expect(done.state).toBe("succeeded");
    const model = done.result as TrainedModelInfo;
    expect(model).toMatchObject({ adapter: "command", trainImages: 4, valImages: 2, labelRule: "labeled", parentModelId: null, classNames: ["disc", "square"], checkpointPath: null });
    expect(model.onnxPath).toBe(join(projectDir, "models", `${model.id}.onnx`));
    // the same id in the models table: loaded through the inference module, layout and classes resolved
    const row = await host.call("models", "get", { modelId: model.id });
    expect(row).toMatchObject({ layout: "yolov8", inputWidth: 64, classNames: ["disc", "square"], classesMatchProject: true, parentModelId: null, metrics: {} });
    const manifest = JSON.parse(readFileSync(model.datasetManifestPath, "utf8")) as { counts: { images: number; labels: number } };
    expect(manifest.counts).toMatchObject({ images: 6, labels: model.labelCount });
    const datasetDir = join(model.datasetManifestPath, "..");
    expect(readdirSync(join(datasetDir, "images", "train"))).toHaveLength(4);
    expect(readFileSync(join(datasetDir, "data.yaml"), "utf8")).toMatch(/names:\n {2}0: "disc"\n {2}1: "square"/);
    expect(readFileSync(model.logPath, "utf8")).toContain("my own trainer");
    expect(await host.call("training", "history", {})).toEqual([model]);
  });

  it("with approved labels only, trains on fully approved images", async () => {
    await makeProject(4, 1);
    const approve = async (imageId: number) => {
      for (const id of await labelIdsOf(imageId)) await host.call("labels", "applyEdits", { edits: [{ kind: "update", id, reviewState: "approved" }] });
    };
    await approve(ids.train[0] ?? 0);
    await approve(ids.val[0] ?? 0);
    const job = await host.call("training", "start", { adapter: "command", command: fakeCommand(), labels: "approved" });
    const model = (await finished(job)).result as TrainedModelInfo;
    expect(model).toMatchObject({ trainImages: 1, valImages: 1, labelRule: "approved" });
  });

  it("fails the job, saying why, when nothing is labeled", async () => {
    await makeProject(2, 0);
    for (const imageId of ids.train) for (const id of await labelIdsOf(imageId)) await host.call("labels", "applyEdits", { edits: [{ kind: "delete", id }] });
    host.trainers.define("command", "noop", "true");
    const done = await finished(await host.call("training", "start", { adapter: "command", command: "noop" }));
    expect(done.state).toBe("failed");
    expect(done.error?.message).toMatch(/no labeled \(or confirmed empty\) images in the train split/);
  });

  it("takes a command trainer by name from trainers.json in the app-data folder", async () => {
    await makeProject(2, 1);
    writeFileSync(join(tmp.dir, "app-data", "trainers.json"), JSON.stringify({ commands: { "from-file": fakeCommandLine() } }));
    const done = await finished(await host.call("training", "start", { adapter: "command", command: "from-file" }));
    expect(done.error).toBeNull();
    expect((done.result as TrainedModelInfo).adapter).toBe("command");
    expect((await host.call("training", "environment", {})).trainers).toMatchObject({ file: join(tmp.dir, "app-data", "trainers.json"), commands: ["from-file"], problem: null });
  }, 30_000);

  it.each([
    ["not JSON", "{ commands:", /trainers\.json: not valid JSON/],
    ["a command that is a list", JSON.stringify({ commands: { x: ["sh", "-c", "id"] } }), /trainers\.json: commands\.x: /],
    ["a bad entry name", JSON.stringify({ commands: { "../x": "true" } }), /trainers\.json: commands\.\.\.\/x: .*the name of an entry/],
    ["an unclosed quote", JSON.stringify({ commands: { x: "run 'this" } }), /trainers\.json: commands\.x: training command: unclosed ' quote/],
    ["an unknown key", JSON.stringify({ scripts: {} }), /trainers\.json: .*scripts/],
  ])("names trainers.json and its problem when it holds %s", async (_what, text, problem) => {
    await makeProject(1, 0);
    writeFileSync(join(tmp.dir, "app-data", "trainers.json"), text);
    const done = await finished(await host.call("training", "start", { adapter: "command", command: "x" }));
    expect(done.state).toBe("failed");
    expect(done.error?.message).toMatch(problem);
  });

  it("never runs a command line or an executable handed over by the request", async () => {
    await makeProject(1, 0);
    const marker = join(tmp.dir, "ran");
    for (const req of [
      { adapter: "command", command: `touch ${marker}` },
      { adapter: "command", command: "sh -c 'touch x'" },
      { python: "/bin/sh" },
      { python: "../../bin/sh" },
    ]) {
      const res = await host.dispatch("training.start", req);
      expect(res.ok === false && res.error.code, JSON.stringify(req)).toBe("E_VALIDATION");
      expect(res.ok === false && res.error.message).toMatch(/the name of an entry in trainers\.json/);
    }
    const env = await host.dispatch("training.environment", { python: "/usr/bin/python3\u0000" });
    expect(env.ok === false && env.error.code).toBe("E_VALIDATION");
    // a well-formed name that nobody configured is not found, naming the file to edit
    const job = await host.call("training", "start", { adapter: "command", command: "touch" });
    const done = await finished(job);
    expect(done.error?.code).toBe("E_NOT_FOUND");
    expect(done.error?.message).toMatch(/no command named "touch" in .*trainers\.json \(none configured\)/);
    expect(existsSync(marker)).toBe(false);
  });

  it("refuses an unknown adapter at the door", async () => {
    await makeProject(1, 0);
    const res = await host.dispatch("training.start", { adapter: "darknet" });
    expect(res.ok === false && res.error.code).toBe("E_VALIDATION");
  });
});

describe("training.start with the built-in trainer", () => {
  it.skipIf(!hasTorch)(`trains, registers metrics and lineage, then warm-starts from the latest model ${WHY}`, async () => {
    await makeProject(16, 4);
    const events: TrainingProgressInfo[] = [];
    host.events.subscribe((name, payload) => {
      if (name === "training.progress") events.push((payload as { progress: TrainingProgressInfo }).progress);
    });
    const first = await finished(await host.call("training", "start", { epochs: 2, imgsz: 64, batch: 8, threads: 2 }));
    expect(first.error).toBeNull();
    const m1 = first.result as TrainedModelInfo;
    expect(m1).toMatchObject({ adapter: "builtin", epochs: 2, imgsz: 64, parentModelId: null, trainImages: 16, valImages: 4 });
    expect(typeof m1.metrics.mAP50).toBe("number");
    expect(m1.checkpointPath && existsSync(m1.checkpointPath)).toBe(true);
    expect(await host.call("models", "get", { modelId: m1.id })).toMatchObject({ layout: "yolov8", inputWidth: 64, classNames: ["disc", "square"], metrics: { mAP50: m1.metrics.mAP50 } });
    expect(events.some((p) => p.phase === "training" && p.steps === 4)).toBe(true);

    const second = await finished(await host.call("training", "start", { initModelId: "latest", epochs: 1, steps: 2, imgsz: 64, batch: 8, threads: 2 }));
    expect(second.error).toBeNull();
    const m2 = second.result as TrainedModelInfo;
    expect(m2.parentModelId).toBe(m1.id);
    expect((await host.call("models", "get", { modelId: m2.id })).parentModelId).toBe(m1.id);
    expect(readFileSync(m2.logPath, "utf8")).toMatch(/"warmStart":true/);
    expect((await host.call("training", "history", {})).map((m) => m.id)).toEqual([m2.id, m1.id]);
  }, 90_000);

  it.skipIf(!hasTorch)(`cancels a running job: the job ends cancelled ${WHY}`, async () => {
    await makeProject(8, 0);
    const job = await host.call("training", "start", { steps: 100_000, imgsz: 64, batch: 2, threads: 1 });
    const stop = host.events.subscribe((name, payload) => {
      if (name === "training.progress" && (payload as { progress: TrainingProgressInfo }).progress.step > 0) void host.call("jobs", "cancel", { jobId: job.id });
    });
    const done = await finished(job);
    stop();
    expect(done.state).toBe("cancelled");
    expect(done.error?.message).toMatch(/checkpoint saved at .*last\.pt/);
  }, 60_000);
});
