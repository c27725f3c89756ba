import type { LoupeState } from "../store/types";
import { onEvent } from "./client";

type Store = { getState(): LoupeState };

/**
 * The one place main's events enter the renderer: each event becomes a store action, so views only read slices.
 * Returns the function that unsubscribes everything.
 */
export function connectEvents(store: Store): () => void {
  const s = () => store.getState();
  const offs = [
    onEvent("project.changed", (e) => s().projectChanged(e.project)),
    onEvent("job.progress", (job) => s().jobUpdated(job)),
    onEvent("job.finished", (job) => {
      s().jobUpdated(job);
      void s().refreshStatus();
      // Training, inference and evaluation jobs change what the Models and Dashboard views show.
      if (job.kind === "training" || job.kind === "inference" || job.kind === "evaluation") void s().loadModels();
      if (job.kind === "evaluation" || job.kind === "training") void s().loadEvaluations();
    }),
    onEvent("labels.changed", () => void s().refreshStatus()),
    onEvent("loop.stateChanged", (status) => {
      const before = s().loop;
      s().loopStateChanged(status);
      if (before?.step !== status.step && (status.step === "decide" || status.step === "evaluate" || before?.step === "decide")) {
        void s().loadEvaluations();
        void s().loadModels();
      }
    }),
    onEvent("loop.progress", (p) => s().loopProgressed(p)),
    onEvent("training.progress", (e) => s().trainingProgressed(e.jobId, e.progress)),
  ];
  return () => offs.forEach((off) => off());
}
