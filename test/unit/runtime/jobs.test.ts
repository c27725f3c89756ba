import { describe, expect, it } from "vitest";
import type { EventName, JobInfo } from "../../../src-preload/api";
import { EventBus } from "../../../src-main/runtime/event-bus";
import { JobRunner } from "../../../src-main/runtime/jobs";
import { LoupeError, throwIfAborted } from "../../../src-main/errors";

function setup() {
  const clock = { t: 0 };
  const bus = new EventBus();
  const seen: { name: EventName; job: JobInfo }[] = [];
  bus.subscribe((name, payload) => seen.push({ name, job: payload as JobInfo }));
  let n = 0;
  const runner = new JobRunner(bus, { now: () => clock.t }, () => `job-${++n}`);
  return { clock, runner, seen };
}

describe("the job runner", () => {
  it("returns at once and reports progress with a rate, then success with the result", async () => {
    const { clock, runner, seen } = setup();
    const started = runner.start("import", "Import", async (ctx) => {
      ctx.progress("reading", 0, 10);
      clock.t = 2000;
      ctx.progress("reading", 10, 10);
      return { imported: 10 };
    });
    expect(started.state).toBe("running");
    const done = await runner.wait(started.id);
    expect(done.state).toBe("succeeded");
    expect(done.result).toEqual({ imported: 10 });
    const last = seen.filter((e) => e.name === "job.progress").at(-1)?.job;
    expect(last?.done).toBe(10);
    expect(last?.ratePerSec).toBe(5); // 10 items in 2 s
    expect(seen.at(-1)?.name).toBe("job.finished");
  });

  it("throttles progress events but always sends the last one of a phase", async () => {
    const { runner, seen } = setup();
    const job = runner.start("export", "Export", async (ctx) => {
      for (let i = 1; i <= 100; i++) ctx.progress("writing", i, 100); // the clock stands still
    });
    await runner.wait(job.id);
    const progress = seen.filter((e) => e.name === "job.progress").map((e) => e.job.done);
    expect(progress).toEqual([0, 100]); // the start, then only the end: 98 updates within 100 ms are dropped
  });

  it("cancels through the signal and ends as cancelled, not failed", async () => {
    const { runner } = setup();
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const job = runner.start("inference", "Predict", async (ctx) => {
      await gate;
      throwIfAborted(ctx.signal, "prediction");
    });
    runner.cancel(job.id);
    release();
    const done = await runner.wait(job.id);
    expect(done.state).toBe("cancelled");
    expect(done.error?.code).toBe("E_CANCELLED");
  });

  it("records a failure with the error's code and message", async () => {
    const { runner } = setup();
    const job = runner.start("import", "Import", async () => {
      throw new LoupeError("E_DATASET_FORMAT", "data.yaml: no train entry", { file: "data.yaml" });
    });
    const done = await runner.wait(job.id);
    expect(done.state).toBe("failed");
    expect(done.error).toEqual({ code: "E_DATASET_FORMAT", message: "data.yaml: no train entry", file: "data.yaml" });
  });

  it("refuses unknown job ids", () => {
    const { runner } = setup();
    expect(() => runner.get("nope")).toThrow(/no job nope/);
  });
});
