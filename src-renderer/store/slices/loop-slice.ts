import type { ConfigIssue, IterationDetail, IterationInfo, LoopConfig, LoopStatusInfo, LoupeEvents } from "../../../src-preload/api";
import { call, errorMessage } from "../../api/client";
import { appendEpoch, type EpochPoint } from "../../charts/data";
import type { SliceCreator } from "../types";

export interface LoopSlice {
  /** A mirror of main's loop state, fed by `loop.stateChanged`. */
  loop: LoopStatusInfo | null;
  iterations: IterationInfo[];
  iterationDetails: Record<number, IterationDetail>;
  loopConfig: { config: LoopConfig; path: string; exists: boolean } | null;
  /** Problems of the last configuration checked or saved, by key ("selection.budget"). */
  configIssues: ConfigIssue[];
  /** The last progress inside the current step. */
  loopProgress: LoupeEvents["loop.progress"] | null;
  /** Per-epoch losses and metrics of the training step now running (or last run). */
  trainingEpochs: readonly EpochPoint[];
  loopBusy: boolean;
  loopError: string | null;
  loadLoop(): Promise<void>;
  loadIterations(): Promise<void>;
  loadIteration(number: number): Promise<void>;
  startLoop(dryRun: boolean): Promise<void>;
  pauseLoop(): Promise<void>;
  stopLoop(): Promise<void>;
  resumeLoop(dryRun: boolean): Promise<void>;
  /** Checks a (partial) configuration without writing; the issues land in `configIssues`. */
  checkConfig(patch: unknown): Promise<boolean>;
  /** Saves a patch into loop.yaml; resolves false (with `configIssues`) when refused. */
  saveConfig(patch: unknown): Promise<boolean>;
  loopStateChanged(status: LoopStatusInfo): void;
  loopProgressed(progress: LoupeEvents["loop.progress"]): void;
  resetLoop(): void;
}

const EMPTY = {
  loop: null,
  iterations: [],
  iterationDetails: {},
  loopConfig: null,
  configIssues: [],
  loopProgress: null,
  trainingEpochs: [],
  loopBusy: false,
  loopError: null,
} satisfies Partial<LoopSlice>;

export const createLoopSlice: SliceCreator<LoopSlice> = (set, get) => {
  /** Checks of the configuration form, counted so that a late answer to an older draft is dropped. */
  let configChecks = 0;
  const command = async (name: string, work: () => Promise<LoopStatusInfo>) => {
    set((s) => void ((s.loopBusy = true), (s.loopError = null)), false, `loop/${name}`);
    try {
      const status = await work();
      set((s) => void (s.loop = status), false, `loop/${name}Done`);
    } catch (err) {
      set((s) => void (s.loopError = errorMessage(err)), false, `loop/${name}Failed`);
    } finally {
      set((s) => void (s.loopBusy = false), false, `loop/${name}Settled`);
    }
  };
  const issuesFrom = (err: unknown): ConfigIssue[] => {
    const details = (err as { details?: unknown }).details;
    const list = (details as { issues?: unknown } | undefined)?.issues;
    if (Array.isArray(list)) return list.filter((i): i is ConfigIssue => typeof i === "object" && i !== null && "key" in i && "message" in i);
    return [{ key: "(config)", message: errorMessage(err) }];
  };
  return {
    ...EMPTY,
    async loadLoop() {
      try {
        const [status, config, iterations] = await Promise.all([call("loop", "status", {}), call("loop", "getConfig", {}).catch(() => null), call("loop", "iterations", {})]);
        set((s) => void ((s.loop = status), (s.loopConfig = config), (s.iterations = iterations), (s.loopError = null)), false, "loop/loaded");
      } catch (err) {
        set((s) => void (s.loopError = errorMessage(err)), false, "loop/loadFailed");
      }
    },
    async loadIterations() {
      try {
        const iterations = await call("loop", "iterations", {});
        set((s) => void (s.iterations = iterations), false, "loop/iterations");
      } catch (err) {
        set((s) => void (s.loopError = errorMessage(err)), false, "loop/iterationsFailed");
      }
    },
    async loadIteration(number) {
      try {
        const detail = await call("loop", "iteration", { number });
        set((s) => void (s.iterationDetails[number] = detail), false, "loop/iteration");
      } catch (err) {
        set((s) => void (s.loopError = errorMessage(err)), false, "loop/iterationFailed");
      }
    },
    startLoop: (dryRun) => command("start", () => call("loop", "start", { dryRun })),
    pauseLoop: () => command("pause", () => call("loop", "pause", {})),
    stopLoop: () => command("stop", () => call("loop", "stop", {})),
    resumeLoop: (dryRun) => command("resume", () => call("loop", "resume", { dryRun })),
    async checkConfig(patch) {
      // only the newest check may set the issues: an older answer arriving late would show another draft's problems
      const mine = ++configChecks;
      try {
        const res = await call("loop", "validateConfig", { config: patch });
        if (mine === configChecks) set((s) => void (s.configIssues = res.issues), false, "loop/configChecked");
        return res.ok;
      } catch (err) {
        if (mine === configChecks) set((s) => void (s.configIssues = issuesFrom(err)), false, "loop/configCheckFailed");
        return false;
      }
    },
    async saveConfig(patch) {
      if (!(await get().checkConfig(patch))) return false;
      try {
        const config = await call("loop", "updateConfig", { patch });
        set(
          (s) => void ((s.loopConfig = { config, path: s.loopConfig?.path ?? "loop.yaml", exists: true }), (s.configIssues = [])),
          false,
          "loop/configSaved",
        );
        return true;
      } catch (err) {
        set((s) => void (s.configIssues = issuesFrom(err)), false, "loop/configSaveFailed");
        return false;
      }
    },
    loopStateChanged(status) {
      const before = get().loop;
      set((s) => void (s.loop = status), false, "loop/stateChanged");
      // A new step or iteration means new stored rows: refresh the list (cheap: one row per iteration).
      if (!before || before.iteration !== status.iteration || before.step !== status.step || before.status !== status.status) void get().loadIterations();
      if (status.step === "train" && before?.step !== "train") set((s) => void (s.trainingEpochs = []), false, "loop/trainingStarted");
    },
    loopProgressed(progress) {
      set((s) => void (s.loopProgress = progress), false, "loop/progress");
      if (progress.training) {
        const next = appendEpoch(get().trainingEpochs, progress.training);
        if (next !== get().trainingEpochs) set((s) => void (s.trainingEpochs = next as EpochPoint[]), false, "loop/epoch");
      }
    },
    resetLoop() {
      set((s) => void Object.assign(s, EMPTY), false, "loop/reset");
    },
  };
};
