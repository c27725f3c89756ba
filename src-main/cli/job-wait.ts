import type { JobInfo } from "../../src-preload/api";
import { LoupeError } from "../errors";
import type { CliContext } from "./command";

/**
 * Waits for a job of the CLI's host, drawing its progress on stderr (done/total and items per second) and cancelling
 * it on Ctrl-C (`showPhase: false` leaves the job's phase out of the label; `quiet` draws nothing; `extra` adds a
 * note after the counts, such as the time left). Resolves with the finished job; a failed or cancelled job throws its
 * error.
 */
export async function waitForJob(
  ctx: CliContext,
  jobId: string,
  label: string,
  opts: { showPhase?: boolean; quiet?: boolean; extra?: () => string | undefined } = {},
): Promise<JobInfo> {
  const host = ctx.host();
  const unsubscribe = host.events.subscribe((name, payload) => {
    if (name !== "job.progress" || opts.quiet) return;
    const job = payload as JobInfo;
    if (job.id !== jobId || job.total <= 0) return;
    ctx.progress(opts.showPhase === false ? label : `${label} ${job.phase}`, job.done, job.total, opts.extra?.());
  });
  const onAbort = (): void => void host.jobs.cancel(jobId);
  ctx.signal.addEventListener("abort", onAbort);
  try {
    const job = await host.jobs.wait(jobId);
    if (job.state === "succeeded") return job;
    const e = job.error;
    throw new LoupeError(e?.code ?? "E_INTERNAL", e?.message ?? `${label} ${job.state}`, { file: e?.file, details: e?.details });
  } finally {
    ctx.signal.removeEventListener("abort", onAbort);
    unsubscribe();
  }
}
