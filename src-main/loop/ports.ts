import type { LoopConfig, LoopStep, TrainingProgressInfo, TrainingStartRequest } from "../../src-preload/api";
import type { InferenceClient } from "../inference/client";
import type { PredictionSource } from "../inference/predictions";
import type { Clock } from "../runtime/jobs";
import type { Db } from "../store/db";

/**
 * What the loop needs from its host: the project, the inference worker, time and ids, who it acts as, and where to
 * tell progress. The Electron main process, the CLI and the tests give the same engine different adapters.
 */
export interface LoopDeps {
  db: Db;
  projectDir: string;
  clock: Clock;
  newId(): string;
  version: string;
  /** Who the loop acts as in the audit log and on batches ("loop" unless the host says otherwise). */
  actor: string;
  inference: Pick<InferenceClient, "run" | "inspect" | "checkParity">;
  source: PredictionSource;
  /** How the trainer is started, over the configuration (the CLI's `--trainer-command`, a test's fake trainer). */
  trainerOverride?: Partial<Pick<TrainingStartRequest, "adapter" | "command" | "python">> | undefined;
  /** Stop a trainer that prints nothing for this long. */
  trainerIdleTimeoutMs?: number | undefined;
  /** Where progress goes (the event bus, the CLI's stderr). */
  onProgress?: ((p: { iteration: number; step: LoopStep; phase: string; done: number; total: number; training: TrainingProgressInfo | null }) => void) | undefined;
  /** Called after every persisted change of state (the event bus's `loop.stateChanged`). */
  onStateChanged?: ((status: import("../../src-preload/api").LoopStatusInfo) => void) | undefined;
  /** One line of what the loop is doing, for logs. */
  log?: ((line: string) => void) | undefined;
}

/** What a step sees of the iteration it works on. */
export interface StepContext {
  deps: LoopDeps;
  config: LoopConfig;
  iteration: number;
  dryRun: boolean;
  /** The iteration's folder (iterations/iteration_NNN). */
  dir: string;
  /** The best model when the step runs. */
  bestModelId: string | null;
  candidateModelId: string | null;
  batchId: number | null;
  signal: AbortSignal;
  progress(phase: string, done: number, total: number, training?: TrainingProgressInfo | null): void;
}
