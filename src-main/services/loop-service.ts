import { hostname } from "node:os";
import type { ConfigIssue, LoopConfig, LoopStatusInfo } from "../../src-preload/api";
import { LoupeError } from "../errors";
import { storePredictionSource } from "../inference/predictions";
import { validateLoopConfig } from "../loop/config";
import { loadLoopConfig, loopConfigPath, readLoopConfigFile, updateLoopConfigFile } from "../loop/config-file";
import { LoopEngine } from "../loop/engine";
import type { LoopDeps } from "../loop/ports";
import { iterationDetail, listIterationInfos } from "../loop/status";
import { existsSync } from "node:fs";
import { getLoopState } from "../store/repos/loop-repo";
import { appWeightsProblem } from "../training/weights-rule";
import type { ProjectSession } from "../runtime/project-session";
import type { AreaService, ServiceContext } from "./context";
import { resolveTrainerNames } from "./training-service";

/** How often a loop waiting in review checks whether people are done (hosts that keep running: the app, the bridge). */
const REVIEW_POLL_MS = 2_000;

/** The loop's inputs on the open project, as the host provides them. */
export function loopDeps(ctx: ServiceContext, session: ProjectSession, over: Partial<LoopDeps> = {}): LoopDeps {
  return {
    db: session.db,
    projectDir: session.dir,
    clock: ctx.clock,
    newId: ctx.newId,
    version: ctx.version,
    actor: ctx.appState.settings().annotatorName.trim() || "loop",
    inference: ctx.inference,
    source: storePredictionSource(() => session.db),
    resolveTrainer: (req) => resolveTrainerNames(ctx, req),
    onStateChanged: (s) => ctx.events.emit("loop.stateChanged", s),
    onProgress: (p) => ctx.events.emit("loop.progress", p),
    ...over,
  };
}

/**
 * loop.*: the engine runs in this host's process (the app's main process, the CLI, the test bridge). start/resume
 * return at once; the state follows in `loop.stateChanged`. A loop waiting in review goes on by itself once the
 * batch is done (checked every 2 s) while this host keeps it.
 */
/** `model.ultralyticsModel` as loop.yaml holds it now (undefined when absent or unreadable). */
function storedWeights(dir: string): unknown {
  try {
    const raw = readLoopConfigFile(dir) as { model?: { ultralyticsModel?: unknown } } | null;
    return raw?.model?.ultralyticsModel;
  } catch {
    return undefined;
  }
}

export function createLoopService(ctx: ServiceContext): AreaService<"loop"> {
  let engine: { session: ProjectSession; engine: LoopEngine } | null = null;
  let watcher: ReturnType<typeof setInterval> | null = null;
  let dryRun = false;
  let running: Promise<unknown> = Promise.resolve();
  /**
   * A request may name Ultralytics .pt weights only inside the project (or ones the main process trusts); the value
   * loop.yaml already holds was written by the user (or checked when a request wrote it), so it stays acceptable.
   */
  const appIssues = (config: LoopConfig | null): ConfigIssue[] => {
    const model = config?.model.ultralyticsModel;
    const dir = ctx.sessions.require().dir;
    if (!model || model === storedWeights(dir)) return [];
    const problem = appWeightsProblem(model, dir, (p) => ctx.trainers.weightsTrusted(p));
    return problem ? [{ key: "model.ultralyticsModel", message: problem }] : [];
  };
  ctx.sessions.onClose((closing) => {
    if (engine?.session !== closing) return;
    stopWatching();
    if (engine.engine.running) engine.engine.stop();
    engine = null;
  });
  ctx.disposers.push(async () => {
    stopWatching();
    if (engine?.engine.running) engine.engine.stop();
    await running;
  });

  const current = (): LoopEngine => {
    const session = ctx.sessions.require();
    if (!engine || engine.session !== session) {
      stopWatching();
      engine = { session, engine: new LoopEngine(loopDeps(ctx, session)) };
    }
    return engine.engine;
  };
  const stopWatching = () => {
    if (watcher) clearInterval(watcher);
    watcher = null;
  };
  const launch = (e: LoopEngine) => {
    running = e
      .run({ dryRun })
      .then((s) => {
        if (s.status === "waiting" && s.waitingFor) watch(e);
      })
      .catch(() => {
        // failures are persisted as the loop's state (status "failed" with the reason) and emitted
      });
  };
  const watch = (e: LoopEngine) => {
    stopWatching();
    watcher = setInterval(() => {
      if (e !== engine?.engine || !engine.session.db.open) return stopWatching();
      try {
        const s = e.status();
        if (s.status !== "waiting" || !s.waitingFor) return stopWatching();
        if (s.waitingFor.left === 0 && !s.locked) {
          stopWatching();
          launch(e);
        }
      } catch {
        stopWatching();
      }
    }, REVIEW_POLL_MS);
    watcher.unref?.();
  };
  const start = (req: { dryRun?: boolean | undefined }): LoopStatusInfo => {
    const e = current();
    if (e.running) throw new LoupeError("E_CONFLICT", "the loop is already running");
    loadLoopConfig(ctx.sessions.require().dir); // a bad loop.yaml is refused here, with every bad key named
    const s = e.status();
    if (s.locked) throw new LoupeError("E_CONFLICT", `the loop of this project is already running (process ${s.lockedBy})`);
    if (s.status === "converged") return s;
    stopWatching();
    dryRun = req.dryRun ?? false;
    launch(e);
    return { ...s, status: "running", reason: null };
  };

  return {
    status: () => current().status(),
    start,
    resume: start,
    pause: () => current().requestPause(),
    stop: () => {
      const e = current();
      stopWatching();
      if (e.running) return e.stop();
      const s = e.status();
      const db = ctx.sessions.require().db;
      const st = getLoopState(db, ctx.clock.now());
      if (s.locked && st.lockPid !== null && st.lockHost === hostname()) {
        // another process on this machine runs it (e.g. `loupe loop run`): ask it to stop cleanly, as Ctrl-C does
        try {
          process.kill(st.lockPid, "SIGINT");
        } catch {
          /* it ended meanwhile */
        }
        return e.status();
      }
      if (s.locked) return e.requestPause();
      return s;
    },
    getConfig: () => {
      const dir = ctx.sessions.require().dir;
      return { config: loadLoopConfig(dir), path: loopConfigPath(dir), exists: existsSync(loopConfigPath(dir)) };
    },
    validateConfig: (req) => {
      const res = validateLoopConfig(req.config);
      const extra = appIssues(res.config);
      return extra.length > 0 ? { ok: false, issues: extra, config: null } : res;
    },
    updateConfig: (req) => {
      const dir = ctx.sessions.require().dir;
      const config = updateLoopConfigFile(dir, req.patch, appIssues);
      ctx.events.emit("loop.stateChanged", current().status());
      return config;
    },
    iterations: () => {
      const session = ctx.sessions.require();
      return listIterationInfos(session.db, session.dir);
    },
    iteration: (req) => {
      const session = ctx.sessions.require();
      const d = iterationDetail(session.db, session.dir, req.number);
      if (!d) throw new LoupeError("E_NOT_FOUND", `no iteration ${req.number}`);
      return d;
    },
  };
}
