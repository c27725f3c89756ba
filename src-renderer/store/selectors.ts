import type { LoupeState } from "./types";
import type { ProjectJob } from "./slices/jobs-slice";

/** The open project's jobs, newest first, at most `max` (use with useShallow). */
export function selectProjectJobs(s: Pick<LoupeState, "jobs" | "project">, max = 3): ProjectJob[] {
  const id = s.project?.id ?? null;
  return Object.values(s.jobs)
    .filter((j) => j.projectId === id)
    .sort((a, b) => b.startedAt - a.startedAt)
    .slice(0, max);
}
