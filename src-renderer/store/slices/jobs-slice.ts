import type { JobInfo } from "../../../src-preload/api";
import type { SliceCreator } from "../types";

export interface JobsSlice {
  jobs: Record<string, JobInfo>;
  jobUpdated(job: JobInfo): void;
}

export const createJobsSlice: SliceCreator<JobsSlice> = (set) => ({
  jobs: {},
  jobUpdated(job) {
    set((s) => void (s.jobs[job.id] = job), false, "jobs/updated");
  },
});
