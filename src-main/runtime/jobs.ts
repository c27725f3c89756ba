import type { JobInfo, JobKind } from "../../src-preload/api";
import { LoupeError, toErrorData } from "../errors";
import type { EventBus } from "./event-bus";

export interface Clock {
  now(): number;
}

/** What a long-running task sees: a cancel signal and a way to report progress. */
export interface JobContext {
  jobId: string;
  signal: AbortSignal;
  /** Reports progress; `done`/`total` in items. Events are throttled; the last call of a phase always goes out. */
  progress(phase: string, done: number, total: number): void;
}

interface RunningJob {
  info: JobInfo;
  controller: AbortController;
  finished: Promise<JobInfo>;
  phaseStartedAt: number;
  lastEmitAt: number;
}

const PROGRESS_EVERY_MS = 100;

/** Runs long work (import, inference, training, export) off the request path: start returns at once. */
export class JobRunner {
  private readonly jobs = new Map<string, RunningJob>();

  constructor(
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly newId: () => string,
  ) {}

  start(kind: JobKind, title: string, work: (ctx: JobContext) => Promise<unknown>): JobInfo {
    const id = this.newId();
    const now = this.clock.now();
    const controller = new AbortController();
    const info: JobInfo = {
      id, kind, state: "running", title, phase: "starting", done: 0, total: 0, ratePerSec: null,
      startedAt: now, finishedAt: null, error: null, result: null,
    };
    const job: RunningJob = { info, controller, finished: Promise.resolve(info), phaseStartedAt: now, lastEmitAt: 0 };
    const ctx: JobContext = {
      jobId: id,
      signal: controller.signal,
      progress: (phase, done, total) => this.progress(job, phase, done, total),
    };
    job.finished = (async () => {
      await Promise.resolve(); // let start() return first
      try {
        info.result = (await work(ctx)) ?? null;
        info.state = controller.signal.aborted ? "cancelled" : "succeeded";
      } catch (err) {
        const data = toErrorData(err);
        info.state = data.code === "E_CANCELLED" || controller.signal.aborted ? "cancelled" : "failed";
        info.error = data;
      }
      info.finishedAt = this.clock.now();
      this.events.emit("job.finished", { ...info });
      return { ...info };
    })();
    this.jobs.set(id, job);
    this.events.emit("job.progress", { ...info });
    return { ...info };
  }

  private progress(job: RunningJob, phase: string, done: number, total: number): void {
    const now = this.clock.now();
    const info = job.info;
    if (phase !== info.phase) job.phaseStartedAt = now;
    info.phase = phase;
    info.done = done;
    info.total = total;
    const seconds = (now - job.phaseStartedAt) / 1000;
    info.ratePerSec = seconds > 0 ? done / seconds : null;
    if (now - job.lastEmitAt >= PROGRESS_EVERY_MS || done === total) {
      job.lastEmitAt = now;
      this.events.emit("job.progress", { ...info });
    }
  }

  get(jobId: string): JobInfo {
    return { ...this.must(jobId).info };
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((j) => ({ ...j.info })).sort((a, b) => b.startedAt - a.startedAt);
  }

  cancel(jobId: string): JobInfo {
    const job = this.must(jobId);
    if (job.info.state === "running" || job.info.state === "queued") job.controller.abort();
    return { ...job.info };
  }

  /** Resolves when the job has finished (whatever its outcome). */
  wait(jobId: string): Promise<JobInfo> {
    return this.must(jobId).finished;
  }

  /** Cancels everything still running and waits for it to stop. */
  async dispose(): Promise<void> {
    const running = [...this.jobs.values()].filter((j) => j.info.state === "running");
    for (const j of running) j.controller.abort();
    await Promise.allSettled(running.map((j) => j.finished));
  }

  private must(jobId: string): RunningJob {
    const job = this.jobs.get(jobId);
    if (!job) throw new LoupeError("E_NOT_FOUND", `no job ${jobId}`);
    return job;
  }
}
