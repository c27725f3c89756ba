import type { KeyOverrideData } from "../../src-preload/api";
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

type WithSettings = Pick<LoupeState, "settings">;
const NO_OVERRIDES: Record<string, KeyOverrideData> = {};

/** Who is annotating (Settings.annotatorName); "" until they said (or the settings are loaded). */
export const selectAnnotatorName = (s: WithSettings): string => s.settings?.annotatorName ?? "";
/** Predictions below this confidence start hidden in review (Settings.reviewScoreThreshold; main's default until loaded). */
export const selectReviewScoreThreshold = (s: WithSettings): number => s.settings?.reviewScoreThreshold ?? 0.25;
/** The user's shortcut overrides (Settings.keymapOverrides); the same empty object until loaded. */
export const selectKeymapOverrides = (s: WithSettings): Record<string, KeyOverrideData> => s.settings?.keymapOverrides ?? NO_OVERRIDES;
