import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { hostname } from "node:os";
import type { LoopConfig, LoopStatusInfo, LoopStep } from "../../src-preload/api";
import { LoupeError, isLoupeError, toErrorData } from "../errors";
import { iterationDir } from "../files/project-layout";
import {
  acquireLoopLock, beginStep, finishStep, getIteration, getLoopState, heartbeatLoopLock, insertIteration, markInterruptedSteps,
  releaseLoopLock, updateIteration, updateLoopState, type IterationRow,
} from "../store/repos/loop-repo";
import { loadLoopConfig } from "./config-file";
import type { LoopDeps, StepContext } from "./ports";
import { firstStep, nextState } from "./states";
import { lockIsStale, readLoopStatus } from "./status";
import { decideStep } from "./steps/decide-step";
import { analyzeStep, evaluateStep, inferStep, selectStep } from "./steps/data-steps";
import { baselineStep, trainStep } from "./steps/model-steps";
import { reviewStep } from "./steps/review-step";
import type { StepResult } from "./steps/types";

const HEARTBEAT_MS = 5_000;

const STEPS: { readonly [S in LoopStep]: (ctx: StepContext) => Promise<StepResult> } = {
  baseline: baselineStep,
  infer: inferStep,
  analyze: analyzeStep,
  select: selectStep,
  review: reviewStep,
  train: trainStep,
  evaluate: evaluateStep,
  decide: decideStep,
};

export interface RunOptions {
  dryRun?: boolean;
  /** Aborting it stops the loop cleanly: the current step is cancelled, the state stays resumable. */
  signal?: AbortSignal;
}

/**
 * The loop engine (DESIGN.md "The loop"): a short loop around the transition table. Before a step runs its attempt is
 * recorded; when it ends, its outcome, the iteration's changes and the next state are written in ONE transaction,
 * and only then is `loop.stateChanged` emitted. A kill at any point leaves either the old state (the step is redone,
 * idempotently) or the new one. One engine per project at a time: a lock in the database, taken over only from a
 * holder that is gone.
 */
export class LoopEngine {
  private controller: AbortController | null = null;
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID()}`;

  constructor(private readonly deps: LoopDeps) {}

  get running(): boolean {
    return this.controller !== null;
  }

  status(): LoopStatusInfo {
    let config: LoopConfig | null;
    try {
      config = loadLoopConfig(this.deps.projectDir);
    } catch {
      config = null; // the status still shows; starting names the bad keys
    }
    return readLoopStatus(this.deps.db, config, this.deps.clock.now());
  }

  /** Asks the running loop to stop at the next step boundary (persisted, so another process's loop sees it too). */
  requestPause(): LoopStatusInfo {
    updateLoopState(this.deps.db, { pauseRequested: true }, this.deps.clock.now());
    return this.emit();
  }

  /** Cancels the current step of the loop this engine runs; the loop ends "stopped" and can be resumed. */
  stop(): LoopStatusInfo {
    if (this.controller) {
      updateLoopState(this.deps.db, { status: "stopping" }, this.deps.clock.now());
      this.controller.abort();
    }
    return this.emit();
  }

  /** Runs iterations until the loop waits for people, converges, is stopped or fails. */
  async run(opts: RunOptions = {}): Promise<LoopStatusInfo> {
    if (this.controller) throw new LoupeError("E_CONFLICT", "the loop is already running in this process");
    const { db, clock } = this.deps;
    // The configuration first: a bad loop.yaml is refused with every bad key named, and nothing is written.
    const config = loadLoopConfig(this.deps.projectDir);
    const lock = acquireLoopLock(db, { owner: this.owner, pid: process.pid, host: hostname() }, clock.now(), (held) => lockIsStale(held, clock.now()));
    if (!lock.ok) throw new LoupeError("E_CONFLICT", `the loop of this project is already running (process ${lock.heldBy}); stop it there first`);
    const controller = new AbortController();
    this.controller = controller;
    const onOuterAbort = () => controller.abort();
    opts.signal?.addEventListener("abort", onOuterAbort);
    const beat = setInterval(() => {
      try {
        heartbeatLoopLock(db, this.owner, clock.now());
      } catch {
        /* the project was closed; the run ends on its own */
      }
    }, HEARTBEAT_MS);
    beat.unref?.();
    try {
      db.transaction(() => {
        markInterruptedSteps(db, clock.now());
        updateLoopState(db, { status: "running", reason: null, pauseRequested: false }, clock.now());
      })();
      this.emit();
      await this.iterate(config, opts.dryRun ?? false, controller.signal);
    } finally {
      clearInterval(beat);
      opts.signal?.removeEventListener("abort", onOuterAbort);
      this.controller = null;
      if (db.open) releaseLoopLock(db, this.owner);
    }
    return this.emit();
  }

  private async iterate(config: LoopConfig, dryRunRequested: boolean, signal: AbortSignal): Promise<void> {
    const { db, clock } = this.deps;
    for (;;) {
      const state = getLoopState(db, clock.now());
      let it = state.iteration === null ? undefined : getIteration(db, state.iteration);
      if (state.status === "converged" || it?.state === "done") {
        if (it?.decision?.stop) {
          updateLoopState(db, { status: "converged", reason: it.decision.firedRules.map((f) => f.message).join("; ") }, clock.now());
          return;
        }
      }
      if (!it || it.state === "done") {
        const number = it ? it.number + 1 : 0;
        db.transaction(() => {
          insertIteration(db, { number, state: firstStep(number), bestModelId: state.bestModelId, dryRun: dryRunRequested }, clock.now());
          updateLoopState(db, { iteration: number }, clock.now());
        })();
        it = getIteration(db, number) as IterationRow;
        this.emit();
      } else if (dryRunRequested && !it.dryRun) {
        updateIteration(db, it.number, { dryRun: true }, clock.now());
        it = { ...it, dryRun: true };
      }
      if (getLoopState(db, clock.now()).pauseRequested) {
        updateLoopState(db, { status: "waiting", reason: `paused before ${it.state} of iteration ${it.number}; resume to go on`, pauseRequested: false }, clock.now());
        return;
      }
      const step = it.state as LoopStep;
      const ended = await this.runStep(config, it, step, signal);
      if (ended) return;
    }
  }

  /** Runs one step and persists its outcome; true when the run ends here (waiting, converged, stopped, failed). */
  private async runStep(config: LoopConfig, it: IterationRow, step: LoopStep, signal: AbortSignal): Promise<boolean> {
    const { db, clock } = this.deps;
    const dir = iterationDir(this.deps.projectDir, it.number);
    mkdirSync(dir, { recursive: true });
    const attempt = beginStep(db, it.number, step, clock.now());
    this.deps.log?.(`iteration ${it.number}: ${step}${attempt > 1 ? ` (attempt ${attempt})` : ""}`);
    this.emit();
    const best = getLoopState(db, clock.now()).bestModelId;
    const ctx: StepContext = {
      deps: this.deps,
      config,
      iteration: it.number,
      dryRun: it.dryRun,
      dir,
      bestModelId: best,
      candidateModelId: it.candidateModelId,
      batchId: it.batchId,
      signal,
      progress: (phase, done, total, training) => this.deps.onProgress?.({ iteration: it.number, step, phase, done, total, training: training ?? null }),
    };
    let result: StepResult;
    try {
      if (signal.aborted) throw new LoupeError("E_CANCELLED", `${step} was cancelled`);
      result = await STEPS[step](ctx);
    } catch (err) {
      const cancelled = signal.aborted || isLoupeError(err, "E_CANCELLED");
      const error = toErrorData(err);
      if (!db.open) throw err;
      db.transaction(() => {
        finishStep(db, { iteration: it.number, step, attempt }, { state: cancelled ? "cancelled" : "failed", error }, clock.now());
        updateLoopState(
          db,
          cancelled
            ? { status: "stopped", reason: `stopped during ${step} of iteration ${it.number}; resume to go on from there` }
            : { status: "failed", reason: `${step} of iteration ${it.number} failed: ${error.message}` },
          clock.now(),
        );
      })();
      this.deps.log?.(cancelled ? `stopped during ${step}` : `${step} failed: ${error.message}`);
      return true;
    }
    const next = nextState(step, result.outcome);
    const now = clock.now();
    db.transaction(() => {
      finishStep(db, { iteration: it.number, step, attempt }, { state: "done", outputs: result.outputs }, now);
      updateIteration(db, it.number, { ...(result.iteration ?? {}), ...(result.decision ? { decision: result.decision } : {}) }, now);
      if (result.decision) updateLoopState(db, { bestModelId: result.decision.bestModelId }, now);
      switch (next.kind) {
        case "step":
          updateIteration(db, it.number, { state: next.step }, now);
          break;
        case "wait":
          updateLoopState(db, { status: "waiting", reason: result.waitMessage ?? "waiting for review" }, now);
          break;
        case "nextIteration":
          updateIteration(db, it.number, { state: "done", finishedAt: now }, now);
          break;
        case "converged":
          updateIteration(db, it.number, { state: "done", finishedAt: now }, now);
          updateLoopState(db, { status: "converged", reason: result.decision?.firedRules.map((f) => f.message).join("; ") ?? "converged" }, now);
          break;
      }
    })();
    this.emit();
    if (next.kind === "wait") {
      this.deps.log?.(result.waitMessage ?? "waiting for review");
      return true;
    }
    if (next.kind === "converged") {
      this.deps.log?.(`converged: ${result.decision?.firedRules.map((f) => f.message).join("; ") ?? ""}`);
      return true;
    }
    return false;
  }

  private emit(): LoopStatusInfo {
    const s = this.status();
    this.deps.onStateChanged?.(s);
    return s;
  }
}
