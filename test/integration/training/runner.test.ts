import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commandAdapter } from "../../../src-main/training/adapters/command";
import type { TrainerAdapter } from "../../../src-main/training/adapter";
import type { TrainingProgress } from "../../../src-main/training/protocol";
import { runTrainer, type TrainerLaunch } from "../../../src-main/training/runner";
import { trainWithAdapter } from "../../../src-main/training/train-job";
import { isLoupeError } from "../../../src-main/errors";
import { tempDir } from "../../helpers/temp";

/** The runner against a fake trainer (a Node script: these tests need no Python). */
const FAKE = resolve(import.meta.dirname, "../../fixtures/training/fake-trainer.mjs");
const fake = (mode: string, out: string): TrainerLaunch => ({ command: process.execPath, args: [FAKE, mode, "--out", out] });
const jobIn = (out: string) => ({ data: join(out, "data.yaml"), names: ["a"], out, epochs: 3, imgsz: 64, batch: 2, seed: 0, device: "cpu", threads: 1 });
/** An adapter that runs the fake trainer in a protocol-speaking mode. */
const fakeAdapter = (mode: string): TrainerAdapter => ({
  name: "builtin",
  speaksProtocol: true,
  launch: (job, jobFile) => ({ command: process.execPath, args: [FAKE, mode, "--job", jobFile] }),
});

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir("loupe-runner-");
});
afterEach(() => tmp.cleanup());

describe("runTrainer", () => {
  it("streams protocol lines into messages, progress and a log file", async () => {
    const types: string[] = [];
    const progress: TrainingProgress[] = [];
    const logFile = join(tmp.dir, "training_log.txt");
    const r = await runTrainer(fake("good", tmp.dir), { logFile, onMessage: (m) => types.push(m.type), onProgress: (p) => progress.push(p) });
    expect(r.status).toBe("succeeded");
    if (r.status !== "succeeded") return;
    expect(r.done?.onnx).toBe(join(tmp.dir, "model.onnx"));
    expect(r.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(types).toEqual(["start", "step", "epoch", "step", "epoch", "step", "epoch", "log", "done"]);
    expect(progress.at(-1)).toMatchObject({ phase: "finished", epoch: 3, epochs: 3, metrics: { mAP50: 0.6 } });
    const log = readFileSync(logFile, "utf8");
    expect(log).toContain("Epoch 1/3: 100%");
    expect(log).toContain("UserWarning: something harmless");
    expect(log).toMatch(/exited with code 0/);
  });

  it("logs garbage lines (bad JSON, malformed messages, junk, a 100 kB line) and keeps going", async () => {
    const logFile = join(tmp.dir, "training_log.txt");
    const r = await runTrainer(fake("garbage", tmp.dir), { logFile });
    expect(r.status).toBe("succeeded");
    expect(r.epochs).toHaveLength(3);
    const log = readFileSync(logFile, "utf8");
    expect(log).toContain("{not json at all");
    expect(log).toContain('"epoch" message ignored: epoch:');
    expect(log).toContain("(line cut)");
  });

  it("fails a crashed trainer with the tail of its log as the reason", async () => {
    const r = await runTrainer(fake("crash", tmp.dir), { logFile: join(tmp.dir, "training_log.txt") });
    expect(r.status).toBe("failed");
    if (r.status !== "failed") return;
    expect(r.exitCode).toBe(3);
    expect(r.reason).toMatch(/^the trainer exited with code 3\n--- last lines of training_log.txt ---\n/);
    expect(r.reason).toContain("RuntimeError: out of memory");
    expect(r.epochs).toHaveLength(1);
  });

  it("fails with the trainer's own error message when it reports one", async () => {
    const r = await runTrainer(fake("error", tmp.dir), { logFile: join(tmp.dir, "training_log.txt") });
    expect(r.status === "failed" && r.reason).toMatch(/^the trainer reported: ValueError: the train split has no images/);
  });

  it("stops a trainer that prints nothing for the idle timeout and fails it as hung", async () => {
    const t0 = Date.now();
    const r = await runTrainer(fake("hang", tmp.dir), { logFile: join(tmp.dir, "training_log.txt"), idleTimeoutMs: 400, killGraceMs: 300 });
    expect(r.status).toBe("failed");
    if (r.status !== "failed") return;
    expect(r.reason).toMatch(/printed nothing for 0.4 s and was stopped \(hung\?\)/);
    expect(r.reason).toContain("about to hang");
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it("cancels with SIGTERM: the trainer saves a checkpoint and says so", async () => {
    const controller = new AbortController();
    const r = await runTrainer(fake("slow", tmp.dir), {
      logFile: join(tmp.dir, "training_log.txt"),
      signal: controller.signal,
      onMessage: (m) => {
        if (m.type === "step" && m.step === 3) controller.abort();
      },
    });
    expect(r.status).toBe("cancelled");
    if (r.status !== "cancelled") return;
    expect(r.stopped?.checkpoint).toBe(join(tmp.dir, "last.pt"));
    expect(readFileSync(join(tmp.dir, "last.pt"), "utf8")).toMatch(/^checkpoint at step \d+$/);
    expect(readFileSync(join(tmp.dir, "training_log.txt"), "utf8")).toContain("cancel requested; sent SIGTERM");
  });

  it("kills a trainer that ignores SIGTERM after the grace period", async () => {
    const controller = new AbortController();
    const r = await runTrainer(fake("stubborn", tmp.dir), {
      logFile: join(tmp.dir, "training_log.txt"),
      signal: controller.signal,
      killGraceMs: 300,
      onMessage: (m) => {
        if (m.type === "step" && m.step === 2) controller.abort();
      },
    });
    expect(r).toMatchObject({ status: "cancelled", signal: "SIGKILL", stopped: null });
    expect(readFileSync(join(tmp.dir, "training_log.txt"), "utf8")).toMatch(/ignoring SIGTERM[\s\S]*killing/);
  });

  it("fails cleanly when the command does not exist", async () => {
    const r = await runTrainer({ command: join(tmp.dir, "no-such-python"), args: [] }, { logFile: join(tmp.dir, "training_log.txt") });
    expect(r.status === "failed" && r.reason).toMatch(/cannot start the trainer: .*ENOENT/);
  });
});

describe("trainWithAdapter", () => {
  it("returns the model of a protocol trainer and writes the job file", async () => {
    const out = join(tmp.dir, "out");
    const m = await trainWithAdapter(fakeAdapter("good"), jobIn(out));
    expect(m).toMatchObject({ onnx: join(out, "model.onnx"), checkpoint: join(out, "last.pt"), metrics: { mAP50: 0.6 }, parity: null });
    expect(JSON.parse(readFileSync(m.jobFile, "utf8"))).toMatchObject({ version: 1, out, epochs: 3, init: null });
    expect(existsSync(join(out, "training_log.txt"))).toBe(true);
  });

  it("turns a cancel into E_CANCELLED naming the checkpoint", async () => {
    const controller = new AbortController();
    const out = join(tmp.dir, "out");
    const err = await trainWithAdapter(fakeAdapter("slow"), jobIn(out), {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.step >= 2) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(isLoupeError(err, "E_CANCELLED")).toBe(true);
    expect((err as { details: { checkpoint: string } }).details.checkpoint).toBe(join(out, "last.pt"));
  });

  it("turns a crash into E_WORKER_CRASHED with the log tail", async () => {
    const err = await trainWithAdapter(fakeAdapter("crash"), jobIn(join(tmp.dir, "out"))).catch((e: unknown) => e);
    expect(isLoupeError(err, "E_WORKER_CRASHED")).toBe(true);
    expect((err as Error).message).toContain("RuntimeError: out of memory");
  });

  it("runs a plain command: progress says running, success is an .onnx appearing in {out}", async () => {
    const out = join(tmp.dir, "out dir");
    const phases = new Set<string>();
    const adapter = commandAdapter({ template: `"${process.execPath}" "${FAKE}" plain --out {out}` });
    const m = await trainWithAdapter(adapter, jobIn(out), { onProgress: (p) => phases.add(p.phase) });
    expect(m.onnx).toBe(join(out, "weights", "model.onnx"));
    expect(m.checkpoint).toBeNull();
    expect(readFileSync(m.logFile, "utf8")).toContain("my own trainer, my own output format");
    expect([...phases].every((p) => p === "running")).toBe(true);
  });

  it("fails a plain command that leaves no ONNX model", async () => {
    const adapter = commandAdapter({ template: `"${process.execPath}" "${FAKE}" plain-no-model --out {out}` });
    const err = await trainWithAdapter(adapter, jobIn(join(tmp.dir, "out"))).catch((e: unknown) => e);
    expect(isLoupeError(err, "E_MODEL_FORMAT")).toBe(true);
    expect((err as Error).message).toMatch(/no ONNX model appeared/);
  });
});
