import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../files/atomic";
import { LoupeError } from "../errors";
import type { TrainerAdapter } from "./adapter";
import type { ParityReport } from "../inference/protocol";
import { verifyParity, type ParityChecker } from "./onnx-check";
import { trainerJobSchema, type EpochMessage, type TrainerJob, type TrainerJobInput, type TrainerMessage, type TrainingProgress } from "./protocol";
import { runTrainer } from "./runner";

/**
 * One training run, adapter-independent: writes the job file, runs the trainer, decides success, checks the
 * exported model (parity against the trainer's PyTorch output where the trainer provides reference tensors)
 * and returns the model files. Failures are LoupeErrors: E_CANCELLED (details.checkpoint names the checkpoint
 * the trainer saved), E_WORKER_CRASHED (the trainer failed, hung or died; the message ends with its log tail),
 * E_MODEL_FORMAT (no ONNX, or an ONNX that does not match PyTorch).
 */

export interface TrainedModel {
  onnx: string;
  checkpoint: string | null;
  /** Final validation metrics as the trainer reported them (mAP50, mAP50_95, …). */
  metrics: Record<string, unknown>;
  epochs: EpochMessage[];
  logFile: string;
  jobFile: string;
  parity: ParityReport | null;
  seconds: number;
}

export interface TrainOptions {
  /** training_log.txt; default `<out>/training_log.txt`. */
  logFile?: string;
  signal?: AbortSignal;
  onProgress?: (p: TrainingProgress) => void;
  /** Every protocol message as it arrives (benchmarks replay them). */
  onMessage?: (m: TrainerMessage) => void;
  idleTimeoutMs?: number;
  killGraceMs?: number;
  /** Checks the ONNX against the trainer's reference tensors when it provides them (in the inference worker). */
  checkParity?: ParityChecker;
}

/** The newest .onnx under `dir` (searched two levels deep) modified at or after `sinceMs`. */
export function findNewOnnx(dir: string, sinceMs: number): string | null {
  let best: { path: string; mtime: number } | null = null;
  const walk = (d: string, depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(d, name);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory() && depth < 3) walk(p, depth + 1);
      else if (st.isFile() && name.toLowerCase().endsWith(".onnx") && st.mtimeMs >= sinceMs - 1000) {
        if (!best || st.mtimeMs > best.mtime) best = { path: p, mtime: st.mtimeMs };
      }
    }
  };
  walk(dir, 0);
  return (best as { path: string } | null)?.path ?? null;
}

export async function trainWithAdapter(adapter: TrainerAdapter, input: TrainerJobInput, opts: TrainOptions = {}): Promise<TrainedModel> {
  const parsed = trainerJobSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LoupeError("E_VALIDATION", `training job: ${issue?.path.join(".") ?? ""} ${issue?.message ?? "invalid"}`.trim());
  }
  const job: TrainerJob = parsed.data;
  mkdirSync(job.out, { recursive: true });
  const jobFile = join(job.out, "job.json");
  writeFileAtomic(jobFile, `${JSON.stringify(job, null, 2)}\n`);
  const logFile = opts.logFile ?? join(job.out, "training_log.txt");
  const started = Date.now();
  const outcome = await runTrainer(adapter.launch(job, jobFile), {
    logFile,
    signal: opts.signal,
    onProgress: opts.onProgress,
    onMessage: opts.onMessage,
    idleTimeoutMs: opts.idleTimeoutMs,
    killGraceMs: opts.killGraceMs,
  });
  if (outcome.status === "cancelled") {
    const checkpoint = outcome.stopped?.checkpoint ?? null;
    throw new LoupeError("E_CANCELLED", `training was cancelled${checkpoint ? `; checkpoint saved at ${checkpoint}` : ""}`, {
      file: logFile,
      details: { checkpoint, logFile, epochs: outcome.epochs.length },
    });
  }
  if (outcome.status === "failed") {
    throw new LoupeError("E_WORKER_CRASHED", `${logFile}: training failed: ${outcome.reason}`, { file: logFile, details: { logTail: outcome.logTail } });
  }
  let onnx: string | null = outcome.done?.onnx ?? null;
  if (!onnx && adapter.speaksProtocol) {
    throw new LoupeError("E_WORKER_CRASHED", `${logFile}: the ${adapter.name} trainer exited without reporting "done"`, { file: logFile });
  }
  onnx ??= findNewOnnx(job.out, started);
  if (!onnx || !existsSync(onnx)) {
    throw new LoupeError("E_MODEL_FORMAT", `${job.out}: the trainer finished but no ONNX model appeared in the output folder`, { file: job.out });
  }
  let parity: ParityReport | null = null;
  if (opts.checkParity && outcome.done?.parity) parity = await verifyParity(opts.checkParity, onnx, outcome.done.parity);
  const lastMetrics = [...outcome.epochs].reverse().find((e) => Object.keys(e.metrics).length > 0)?.metrics ?? {};
  const doneMetrics = outcome.done?.metrics ?? {};
  return {
    onnx,
    checkpoint: outcome.done?.checkpoint ?? null,
    metrics: Object.keys(doneMetrics).length > 0 ? doneMetrics : lastMetrics,
    epochs: outcome.epochs,
    logFile,
    jobFile,
    parity,
    seconds: (Date.now() - started) / 1000,
  };
}
