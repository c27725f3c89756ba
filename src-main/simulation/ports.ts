import type { IterationInfo, LoopConfig, LoopStatusInfo } from "../../src-preload/api";
import type { PredictionSource } from "../inference/predictions";
import type { Db } from "../store/db";

/** One sandbox opened in a host of its own (its own app data, its own inference worker). */
export interface SandboxSession {
  db: Db;
  source: PredictionSource;
  /** Merges a patch into the sandbox's loop.yaml (validated; every bad key named). */
  updateLoopConfig(patch: unknown): Promise<LoopConfig>;
  /**
   * Runs (or resumes) the sandbox's loop until it waits, converges, stops or fails; with `pauseAfterBaseline` it
   * pauses as soon as iteration 1 begins, leaving the baseline done and the first round not started.
   */
  runLoop(opts: { signal?: AbortSignal | undefined; pauseAfterBaseline?: boolean; log?: (line: string) => void }): Promise<LoopStatusInfo>;
  iterations(): Promise<IterationInfo[]>;
}

/** How the simulation opens sandboxes: the composition root builds a host per sandbox (host/sandbox-opener.ts). */
export interface SandboxOpener {
  withProject<T>(projectDir: string, fn: (s: SandboxSession) => Promise<T>): Promise<T>;
}
