import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { dirname } from "node:path";
import { createLogger } from "../log";
import {
  advanceProgress,
  initialProgress,
  parseTrainerLine,
  splitLines,
  type DoneMessage,
  type EpochMessage,
  type StoppedMessage,
  type TrainerMessage,
  type TrainingProgress,
} from "./protocol";

/**
 * Runs a trainer subprocess and speaks the protocol with it: streams stdout/stderr line by line, writes everything
 * to training_log.txt, parses protocol lines (anything else is only logged), reports progress, and stops it:
 * cancel = SIGTERM (the trainer saves a checkpoint and exits), then SIGKILL after a grace period. A trainer that
 * dies, or prints nothing for `idleTimeoutMs` (hung), fails the run with the tail of its log as the reason.
 */

const log = createLogger("training.runner");

/** The process an adapter wants started. */
export interface TrainerLaunch {
  command: string;
  args: string[];
  /** Added to (not replacing) the parent's environment. */
  env?: Record<string, string>;
  cwd?: string;
}

export interface RunTrainerOptions {
  /** training_log.txt: every line of stdout and stderr, appended. */
  logFile: string;
  signal?: AbortSignal;
  onMessage?: (message: TrainerMessage) => void;
  onProgress?: (progress: TrainingProgress) => void;
  /** No output at all for this long → the trainer is hung: stop it and fail. Default 10 minutes. */
  idleTimeoutMs?: number;
  /** Time between SIGTERM and SIGKILL. Default 30 s. */
  killGraceMs?: number;
  /** Lines kept for the failure reason. Default 20. */
  tailLines?: number;
  now?: () => number;
}

interface OutcomeBase {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Every epoch message, in order. */
  epochs: EpochMessage[];
  progress: TrainingProgress;
  /** The last lines of the log that were not protocol messages (tracebacks, library output). */
  logTail: string[];
  logFile: string;
  /** True when the trainer printed at least one protocol message. */
  sawProtocol: boolean;
}

export type TrainerOutcome =
  | (OutcomeBase & { status: "succeeded"; done: DoneMessage | null })
  | (OutcomeBase & { status: "cancelled"; stopped: StoppedMessage | null })
  | (OutcomeBase & { status: "failed"; reason: string });

const DEFAULT_IDLE_MS = 10 * 60_000;
const DEFAULT_GRACE_MS = 30_000;
const MAX_LINE_CHARS = 64 * 1024;

/** Signals the whole process group on POSIX (the trainer's own children too), the process elsewhere. */
function signalTree(child: ChildProcess, sig: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (process.platform !== "win32") process.kill(-child.pid, sig);
    else child.kill(sig);
  } catch {
    try {
      child.kill(sig);
    } catch {
      /* already gone */
    }
  }
}

function closeStream(stream: WriteStream): Promise<void> {
  return new Promise((resolve) => stream.end(() => resolve()));
}

/** Starts the trainer and resolves when it has exited (never rejects for a trainer failure). */
export function runTrainer(launch: TrainerLaunch, opts: RunTrainerOptions): Promise<TrainerOutcome> {
  const now = opts.now ?? (() => Date.now());
  const idleMs = opts.idleTimeoutMs ?? DEFAULT_IDLE_MS;
  const graceMs = opts.killGraceMs ?? DEFAULT_GRACE_MS;
  const tailMax = opts.tailLines ?? 20;
  mkdirSync(dirname(opts.logFile), { recursive: true });
  const logStream = createWriteStream(opts.logFile, { flags: "a" });
  logStream.write(`# loupe: ${new Date(now()).toISOString()} started ${[launch.command, ...launch.args].join(" ")}\n`);

  let state = initialProgress(now());
  const epochs: EpochMessage[] = [];
  const tail: string[] = [];
  let done: DoneMessage | null = null;
  let stopped: StoppedMessage | null = null;
  let errorMessage: string | null = null;
  let failReason: string | null = null;
  let cancelRequested = false;
  let lastProgressMs = 0;

  const pushTail = (line: string): void => {
    if (!line.trim()) return;
    tail.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
    if (tail.length > tailMax) tail.shift();
  };

  const handleLine = (line: string, stream: "stdout" | "stderr"): void => {
    const clipped = line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}… (line cut)` : line;
    logStream.write(`${clipped}\n`);
    if (stream === "stderr") {
      pushTail(clipped);
      return;
    }
    const parsed = parseTrainerLine(clipped);
    if (parsed.kind === "text") {
      pushTail(parsed.text);
      return;
    }
    if (parsed.kind === "malformed") {
      logStream.write(`# loupe: ${parsed.problem}\n`);
      pushTail(parsed.text);
      return;
    }
    const m = parsed.message;
    if (m.type === "epoch") epochs.push(m);
    else if (m.type === "done") done = m;
    else if (m.type === "stopped") stopped = m;
    else if (m.type === "error") errorMessage = m.message;
    else if (m.type === "log" && (m.level === "error" || m.level === "warn")) pushTail(m.message);
    state = advanceProgress(state, m, now());
    lastProgressMs = now();
    try {
      opts.onMessage?.(m);
      opts.onProgress?.(state.progress);
    } catch (err) {
      log.warn("progress callback threw", { error: String(err) });
    }
  };

  return new Promise<TrainerOutcome>((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(launch.command, launch.args, {
        cwd: launch.cwd,
        env: { ...process.env, ...launch.env },
        stdio: ["ignore", "pipe", "pipe"],
        detached: process.platform !== "win32",
        windowsHide: true,
      });
    } catch (err) {
      const reason = `${launch.command}: cannot start the trainer: ${(err as Error).message}`;
      logStream.write(`# loupe: ${reason}\n`);
      void closeStream(logStream).then(() =>
        resolve({ status: "failed", reason, exitCode: null, signal: null, epochs, progress: state.progress, logTail: tail, logFile: opts.logFile, sawProtocol: false }),
      );
      return;
    }

    let killTimer: NodeJS.Timeout | null = null;
    let idleTimer: NodeJS.Timeout | null = null;
    let spawnError: string | null = null;

    const terminate = (): void => {
      signalTree(child, "SIGTERM");
      killTimer ??= setTimeout(() => {
        logStream.write(`# loupe: no exit ${graceMs} ms after SIGTERM; killing\n`);
        signalTree(child, "SIGKILL");
      }, graceMs);
    };
    const armIdle = (): void => {
      if (idleTimer) clearTimeout(idleTimer);
      if (failReason || cancelRequested) return;
      idleTimer = setTimeout(() => {
        failReason = `the trainer printed nothing for ${idleMs >= 10_000 ? Math.round(idleMs / 1000) : (idleMs / 1000).toFixed(1)} s and was stopped (hung?)`;
        logStream.write(`# loupe: ${failReason}\n`);
        terminate();
      }, idleMs);
    };
    const onAbort = (): void => {
      if (cancelRequested) return;
      cancelRequested = true;
      if (idleTimer) clearTimeout(idleTimer);
      logStream.write(`# loupe: cancel requested; sent SIGTERM\n`);
      terminate();
    };
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    if (opts.signal?.aborted) onAbort();

    const pending = { stdout: "", stderr: "" };
    const onData = (stream: "stdout" | "stderr") => (chunk: Buffer) => {
      armIdle();
      const { lines, rest } = splitLines(pending[stream], chunk.toString("utf8"));
      pending[stream] = rest.length > MAX_LINE_CHARS ? "" : rest;
      for (const line of lines) handleLine(line, stream);
    };
    child.stdout?.on("data", onData("stdout"));
    child.stderr?.on("data", onData("stderr"));
    child.on("error", (err) => {
      spawnError = `${launch.command}: cannot start the trainer: ${err.message}`;
    });
    armIdle();
    // Progress between messages: elapsed time for trainers that print no protocol lines ("running"), and a time
    // left that keeps counting down while a trainer validates or exports (it prints nothing then).
    const tick = setInterval(() => {
      if (state.progress.phase === "finished" || now() - lastProgressMs < 1000) return;
      state = advanceProgress(state, null, now());
      lastProgressMs = now();
      try {
        opts.onProgress?.(state.progress);
      } catch (err) {
        log.warn("progress callback threw", { error: String(err) });
      }
    }, 1000);

    child.on("close", (code, sig) => {
      clearInterval(tick);
      if (idleTimer) clearTimeout(idleTimer);
      if (killTimer) clearTimeout(killTimer);
      opts.signal?.removeEventListener("abort", onAbort);
      for (const stream of ["stdout", "stderr"] as const) {
        if (pending[stream]) handleLine(pending[stream], stream);
      }
      logStream.write(`# loupe: ${new Date(now()).toISOString()} exited with ${sig ? `signal ${sig}` : `code ${code}`}\n`);
      const base: OutcomeBase = {
        exitCode: code,
        signal: sig,
        epochs,
        progress: state.progress,
        logTail: [...tail],
        logFile: opts.logFile,
        sawProtocol: state.sawProtocol,
      };
      let outcome: TrainerOutcome;
      if (spawnError) {
        outcome = { ...base, status: "failed", reason: spawnError };
      } else if (failReason) {
        outcome = { ...base, status: "failed", reason: withTail(failReason, tail) };
      } else if (cancelRequested) {
        outcome = { ...base, status: "cancelled", stopped };
      } else if (errorMessage !== null) {
        outcome = { ...base, status: "failed", reason: withTail(`the trainer reported: ${errorMessage}`, tail) };
      } else if (code !== 0) {
        const how = sig ? `was killed by ${sig}` : `exited with code ${code}`;
        outcome = { ...base, status: "failed", reason: withTail(`the trainer ${how}`, tail) };
      } else if (stopped) {
        outcome = { ...base, status: "cancelled", stopped };
      } else {
        outcome = { ...base, status: "succeeded", done };
      }
      void closeStream(logStream).then(() => resolve(outcome));
    });
  });
}

/** "reason\n--- last lines of the log ---\n…" */
function withTail(reason: string, tail: readonly string[]): string {
  if (tail.length === 0) return reason;
  return `${reason}\n--- last lines of training_log.txt ---\n${tail.slice(-12).join("\n")}`;
}
