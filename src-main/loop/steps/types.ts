import type { IterationMetrics, LoopDecisionInfo } from "../../../src-preload/api";
import type { StepOutcome } from "../states";

/** What a step hands back to the engine, which persists it with the next state in one transaction. */
export interface StepResult {
  outcome: StepOutcome;
  /** Stored with the step's row (what it produced, in numbers and ids). */
  outputs: Record<string, unknown>;
  /** Changes to the iteration's row. */
  iteration?: { candidateModelId?: string | null; batchId?: number | null; selectionId?: number | null };
  /** What the loop waits for, in words, when the outcome is "waiting". */
  waitMessage?: string;
  /** decide: the decision, stored with the iteration, and the iteration's metrics. */
  decision?: LoopDecisionInfo;
  metrics?: IterationMetrics;
}
