import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { InferenceRunReport, JobInfo } from "../../../src-preload/api";
import { createHost, type Host } from "../../../src-main/host/create-host";
import { forkTransport } from "../../../src-main/inference/fork-transport";
import type { WorkerTransport } from "../../../src-main/inference/protocol";
import { defaultThreadSettings } from "../../../src-main/inference/threads";
import { insertImage } from "../../../src-main/store/repos/images-repo";
import { ensureRoot } from "../../../src-main/store/repos/roots-repo";
import { tempDir } from "../../helpers/temp";
import { FASTESTDET, TOY_IMAGES, YOLOV8N } from "./helpers";

const YOLOV8N_SHA = "83de8f0d2cd521e00ae2b138c340a03dece35b060b3898509bdc69afff417312";
let t: ReturnType<typeof tempDir>;
let host: Host;
let workers: WorkerTransport[];

beforeEach(() => {
  t = tempDir("loupe-infer-svc-");
  workers = [];
  const fork = forkTransport();
  host = createHost({
    appDataDir: join(t.dir, "home"),
    hostKind: "cli",
    // real time: job progress events are throttled to one per 100 ms of this clock
    clock: { now: () => Date.now() },
    inferenceTransport: () => {
      const w = fork();
      workers.push(w);
      return w;
    },
    inferenceThreads: defaultThreadSettings(2),
  });
});
afterEach(async () => {
  await host.dispose();
  t.cleanup();
});

/** A project over the toy example's photos: the first `n` files in the pool, the rest in val. */
async function toyProject(n: number) {
  await host.call("projects", "create", { parentDir: t.dir, name: "toy", classes: ["cat", "dog", "raccoon"] });
  const db = host.sessions.require().db;
  const root = ensureRoot(db, TOY_IMAGES, 1);
  const files = readdirSync(TOY_IMAGES).filter((f) => f.endsWith(".jpg")).sort();
  const ids = new Map<string, number>();
  for (const [i, f] of files.entries()) {
    const meta = await sharp(join(TOY_IMAGES, f)).metadata();
    const id = insertImage(db, { rootId: root.id, relPath: f, sizeBytes: statSync(join(TOY_IMAGES, f)).size, contentHash: `h${i}`, width: meta.width ?? 1, height: meta.height ?? 1, split: i < n ? "pool" : "val" }, 1);
    ids.set(f, id);
  }
  return { ids, files };
}

async function runJob(req: Parameters<Host["services"]["inference"]["run"]>[0]): Promise<{ info: JobInfo; report: InferenceRunReport }> {
  const started = await host.call("inference", "run", req);
  const info = await host.jobs.wait(started.id);
  return { info, report: info.result as InferenceRunReport };
}

describe("models.add", () => {
  it("copies the ONNX into models/, records its hash, layout and metadata, and maps classes by name", async () => {
    await toyProject(2);
    const m = await host.call("models", "add", { path: YOLOV8N });
    expect(m).toMatchObject({ name: "yolov8n_int8", fileName: `${m.id}.onnx`, sha256: YOLOV8N_SHA, layout: "yolov8", inputWidth: 640, inputHeight: 640, inputType: "float32" });
    expect(existsSync(join(host.sessions.require().dir, "models", m.fileName))).toBe(true);
    expect(m.metadata.task).toBe("detect");
    expect(m.classesMatchProject).toBe(false);
    const classes = host.sessions.require().info().classes;
    expect(m.classMapping[15]).toMatchObject({ modelName: "cat", classId: classes[0]?.id, how: "exact" });
    expect(m.classMapping[0]).toMatchObject({ modelName: "person", classId: null, how: null });
    expect(m.unmatchedProjectClasses).toEqual(["raccoon"]);
    expect(m.unmatchedModelClasses).toHaveLength(78);
    // the same bytes again give the same model
    expect((await host.call("models", "add", { path: YOLOV8N })).id).toBe(m.id);
    expect(await host.call("models", "list", {})).toHaveLength(1);
  });

  it("refuses a model it cannot read and copies nothing", async () => {
    await toyProject(1);
    await expect(host.call("models", "add", { path: FASTESTDET })).rejects.toMatchObject({ code: "E_MODEL_FORMAT", message: expect.stringContaining("shapes found") });
    expect(readdirSync(join(host.sessions.require().dir, "models"))).toEqual([]);
  });

  it("maps a model class explicitly onto a project class (COCO's bear → raccoon)", async () => {
    await toyProject(1);
    const m = await host.call("models", "add", { path: YOLOV8N });
    const raccoon = host.sessions.require().info().classes.find((c) => c.name === "raccoon");
    const mapped = await host.call("models", "setClassMap", { modelId: m.id, map: { "21": raccoon?.id ?? 0 } });
    expect(mapped.classMapping[21]).toMatchObject({ modelName: "bear", className: "raccoon", how: "explicit" });
    await expect(host.call("models", "setClassMap", { modelId: m.id, map: { "80": null } })).rejects.toMatchObject({ code: "E_VALIDATION" });
  });
});

describe("inference.run", () => {
  it("predicts a split as a job, stores boxes in image pixels with project classes, and a rerun skips done images", async () => {
    const { ids } = await toyProject(4);
    const m = await host.call("models", "add", { path: YOLOV8N });
    const progress: number[] = [];
    host.events.subscribe((name, p) => {
      if (name === "job.progress" && (p as JobInfo).kind === "inference") progress.push((p as JobInfo).done);
    });
    const first = await runJob({ modelId: m.id, split: "pool" });
    expect(first.info.state).toBe("succeeded");
    expect(first.report).toMatchObject({ total: 4, skipped: 0, done: 4, failed: 0, restarts: 0, threads: { intraOpThreads: 2, interOpThreads: 1, executionMode: "sequential" } });
    expect(progress.at(-1)).toBe(4);

    const catId = host.sessions.require().info().classes[0]?.id;
    const preds = await host.call("inference", "predictions", { modelId: m.id, imageId: ids.get("2007_003525.jpg") ?? 0 });
    expect(preds[0]).toMatchObject({ className: "cat", classId: catId });
    expect(preds[0]?.box.x).toBeGreaterThan(140); // SOURCE-checked: cat 0.85 [151,3,475,372]
    expect(preds[0]?.box.w).toBeGreaterThan(300);

    const again = await runJob({ modelId: m.id, split: "pool" });
    expect(again.report).toMatchObject({ total: 4, skipped: 4, done: 0 });
    // a lower threshold is not covered by the stored run: redone
    const evalRun = await runJob({ modelId: m.id, split: "pool", confThreshold: 0.001 });
    expect(evalRun.report).toMatchObject({ skipped: 0, done: 4 });
    const low = await host.call("inference", "predictions", { modelId: m.id, imageId: ids.get("2007_003525.jpg") ?? 0 });
    expect(low.length).toBeGreaterThan(preds.length);
  });

  it("records an image whose file is gone as failed, finishes the others, and retries it on the next run", async () => {
    const { ids } = await toyProject(3);
    const db = host.sessions.require().db;
    const root = ensureRoot(db, TOY_IMAGES, 1);
    const ghost = insertImage(db, { rootId: root.id, relPath: "gone.jpg", sizeBytes: 1, contentHash: "x", width: 10, height: 10, split: "pool" }, 1);
    const m = await host.call("models", "add", { path: YOLOV8N });
    const run = await runJob({ modelId: m.id, split: "pool" });
    expect(run.report).toMatchObject({ total: 4, done: 3, failed: 1 });
    expect(run.report.errors).toEqual([{ imageId: ghost, code: "E_NOT_FOUND", message: expect.stringContaining("gone.jpg") }]);
    const status = db.prepare("SELECT state, error FROM prediction_status WHERE image_id = ?").get(ghost) as { state: string; error: string };
    expect(status.state).toBe("failed");
    expect((await runJob({ modelId: m.id, split: "pool" })).report).toMatchObject({ skipped: 3, failed: 1 });
    expect(ids.size).toBe(12);
  });

  it("survives a worker killed mid-run: restarts, continues, and stores each image exactly once", async () => {
    const { files } = await toyProject(12);
    const m = await host.call("models", "add", { path: YOLOV8N });
    let killed = false;
    host.events.subscribe((name, p) => {
      const job = p as JobInfo;
      if (name === "job.progress" && job.kind === "inference" && job.done >= 3 && !killed) {
        killed = true;
        process.kill(workers.at(-1)?.pid ?? 0, "SIGKILL");
      }
    });
    const { info, report } = await runJob({ modelId: m.id, split: "pool" });
    expect(info.state).toBe("succeeded");
    expect(killed).toBe(true);
    expect(report).toMatchObject({ total: files.length, done: files.length, failed: 0, restarts: 1 });
    const db = host.sessions.require().db;
    const perImage = db.prepare("SELECT COUNT(*) AS n, COUNT(DISTINCT image_id) AS d FROM prediction_status WHERE model_id = ?").get(m.id) as { n: number; d: number };
    expect(perImage).toEqual({ n: files.length, d: files.length });
    const dupes = db.prepare(`SELECT COUNT(*) AS n FROM (SELECT image_id, class_index, x, y, COUNT(*) AS c FROM predictions WHERE model_id = ? GROUP BY image_id, class_index, x, y HAVING c > 1)`).get(m.id) as { n: number };
    expect(dupes.n).toBe(0);
  });

  it("validates requests at the door", async () => {
    await toyProject(1);
    const res = await host.dispatch("inference.run", { modelId: "x", confThreshold: 2 });
    expect(res).toMatchObject({ ok: false, error: { code: "E_VALIDATION" } });
    await expect(host.call("inference", "run", { modelId: "nope" })).rejects.toMatchObject({ code: "E_NOT_FOUND" });
  });
});

describe("loupe predict", () => {
  it("adds the model, predicts the pool with a progress line on stderr and prints the report as JSON", async () => {
    await toyProject(3);
    const dir = host.sessions.require().dir;
    await host.dispose();
    const bin = resolve(import.meta.dirname, "../../../bin/loupe.mjs");
    const res = spawnSync(process.execPath, [bin, "predict", dir, "--model", YOLOV8N, "--split", "pool", "--conf", "0.3", "--json"], {
      encoding: "utf8",
      env: { ...process.env, LOUPE_HOME: join(t.dir, "cli-home") },
    });
    expect(res.stderr).toMatch(/predict: 100% 3\/3/);
    expect(res.status).toBe(0);
    const out = JSON.parse(res.stdout) as { model: { layout: string }; report: InferenceRunReport };
    expect(out.model.layout).toBe("yolov8");
    expect(out.report).toMatchObject({ total: 3, done: 3, failed: 0 });
    const human = spawnSync(process.execPath, [bin, "predict", dir, "--model", YOLOV8N, "--split", "pool", "--conf", "0.3"], {
      encoding: "utf8",
      env: { ...process.env, LOUPE_HOME: join(t.dir, "cli-home") },
    });
    expect(human.status).toBe(0);
    expect(human.stdout).toMatch(/^predicted 0 of 3 images with yolov8n_int8 \(3 already done, 0 failed\)/);
    expect(human.stderr).toMatch(/model classes with no project class/);
    // a model already added is named as in every command: latest, its name, an id prefix
    const latest = spawnSync(process.execPath, [bin, "predict", dir, "--model", "latest", "--split", "pool", "--conf", "0.3"], {
      encoding: "utf8",
      env: { ...process.env, LOUPE_HOME: join(t.dir, "cli-home") },
    });
    expect(latest.stdout).toMatch(/^predicted 0 of 3 images with yolov8n_int8 \(3 already done, 0 failed\)/);
    const unknown = spawnSync(process.execPath, [bin, "predict", dir, "--model", "nosuch"], { encoding: "utf8", env: { ...process.env, LOUPE_HOME: join(t.dir, "cli-home") } });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^loupe predict: unknown model "nosuch" \(models: [0-9a-f]{8} yolov8n_int8\)/);
  });
});
