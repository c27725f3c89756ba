import type { JobInfo } from "../../../src-preload/api";
import { call, errorMessage } from "../../api/client";
import type { SliceCreator } from "../types";

/** How long a finished job stays in the jobs bar: long enough to read; a failure longer, to read its error. */
export const FINISHED_JOB_MS = 6_000;
export const FAILED_JOB_MS = 30_000;

/** A job as the renderer keeps it: with the project it belongs to (the one open when it was first seen). */
export interface ProjectJob extends JobInfo {
  projectId: string | null;
}

export interface JobsSlice {
  jobs: Record<string, ProjectJob>;
  jobsError: string | null;
  jobUpdated(job: JobInfo): void;
  /** Removes a job from the bar (the user dismissed it, or its time is up). */
  dismissJob(jobId: string): void;
  cancelJob(jobId: string): Promise<void>;
  /** Only the jobs of this project stay (called when another project opens or the project closes). */
  keepJobsOf(projectId: string | null): void;
}

const isFinished = (j: JobInfo) => j.state === "succeeded" || j.state === "failed" || j.state === "cancelled";

export const createJobsSlice: SliceCreator<JobsSlice> = (set, get) => {
  /** The pending dismissals of finished jobs, by job id. */
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  return {
    jobs: {},
    jobsError: null,
    jobUpdated(job) {
      const known = get().jobs[job.id];
      const projectId = known ? known.projectId : (get().project?.id ?? null);
      set((s) => void (s.jobs[job.id] = { ...job, projectId }), false, "jobs/updated");
      if (isFinished(job) && !timers.has(job.id)) {
        timers.set(job.id, setTimeout(() => get().dismissJob(job.id), job.state === "failed" ? FAILED_JOB_MS : FINISHED_JOB_MS));
      }
    },
    dismissJob(jobId) {
      const t = timers.get(jobId);
      if (t) clearTimeout(t);
      timers.delete(jobId);
      set((s) => void delete s.jobs[jobId], false, "jobs/dismissed");
    },
    async cancelJob(jobId) {
      try {
        get().jobUpdated(await call("jobs", "cancel", { jobId }));
      } catch (err) {
        set((s) => void (s.jobsError = errorMessage(err)), false, "jobs/cancelFailed");
      }
    },
    keepJobsOf(projectId) {
      for (const j of Object.values(get().jobs)) if (j.projectId !== projectId) get().dismissJob(j.id);
    },
  };
};
