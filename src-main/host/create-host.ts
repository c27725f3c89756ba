import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { Channel, ProjectInfo, RequestOf, ResponseOf } from "../../src-preload/api";
import type { Area, MethodOf } from "../../src-preload/api";
import { resolveCropFile, resolveMediaPath, resolveReportDir } from "../files/media-resolver";
import { getEvaluation } from "../store/repos/evaluations-repo";
import { getImage } from "../store/repos/images-repo";
import { ThumbnailCache } from "../files/thumbnails";
import { createDispatch, type Dispatch } from "../services/dispatch";
import { LoupeError } from "../errors";
import type { ServiceContext, Services } from "../services/context";
import { SessionHolder } from "../runtime/session-holder";
import { createServices } from "../services/index";
import { loopDeps } from "../services/loop-service";
import { LoopEngine } from "../loop/engine";
import type { LoopDeps } from "../loop/ports";
import { AppState } from "../runtime/app-state";
import { EventBus } from "../runtime/event-bus";
import { JobRunner, type Clock } from "../runtime/jobs";
import { InferenceClient } from "../inference/client";
import { forkTransport } from "../inference/fork-transport";
import type { ThreadSettings, WorkerTransportFactory } from "../inference/protocol";
import { defaultThreadSettings } from "../inference/threads";
import { TrainerConfig } from "../training/trainer-config";
import type { DialogPort } from "../runtime/dialogs";

export interface HostOptions {
  /** Per-user state folder (recent projects, annotator name). */
  appDataDir: string;
  hostKind: ServiceContext["hostKind"];
  defaultProjectsDir?: string;
  clock?: Clock;
  newId?: () => string;
  /** The Electron build of better-sqlite3, when running inside Electron. */
  nativeBinding?: string;
  /** How inference workers are started: utilityProcess in Electron; child_process.fork (the default) elsewhere. */
  inferenceTransport?: WorkerTransportFactory;
  /** onnxruntime/sharp thread settings for the inference worker (default: every core for onnxruntime). */
  inferenceThreads?: ThreadSettings;
  /** Native choosers (Electron's dialog); hosts without them answer `supported: false`. */
  dialogs?: DialogPort;
}

/** The composition root shared by the three hosts (Electron, CLI, test bridge). */
export interface Host {
  dispatch: Dispatch;
  /** Typed call through dispatch (same validation); throws LoupeError on an error Result. */
  call<A extends Area, M extends MethodOf<A>>(area: A, method: M, req: RequestOf<A, M>): Promise<ResponseOf<A, M>>;
  events: EventBus;
  jobs: JobRunner;
  services: Services;
  sessions: SessionHolder;
  /**
   * A loop engine on the open project, with the host's adapters and any overrides (the CLI's trainer command, a
   * test's clock). The IPC path never gets here: commands reach the engine only from the CLI or code.
   */
  loopEngine(over?: Partial<LoopDeps>): LoopEngine;
  /** The programs training may run, by name; main-process code (the CLI) may add entries, dispatch cannot. */
  trainers: TrainerConfig;
  /** Absolute path of an image of the OPEN project, by ids only; refuses everything else. */
  resolveMedia(projectId: string, imageId: number): string;
  /** Absolute path of the small picture of an image of the OPEN project (made on first use, cached in the app's data folder). */
  /** The thumbnail file of an image; `signal` gives the request up while it waits to be made. */
  thumbnail(projectId: string, imageId: number, signal?: AbortSignal): Promise<string>;
  /** Absolute path of an error crop of a stored evaluation of the OPEN project, by ids only. */
  resolveCrop(projectId: string, evaluationId: number, kind: "fn" | "fp", index: number): string;
  dispose(): Promise<void>;
}

export function defaultAppDataDir(): string {
  if (process.env.LOUPE_HOME) return process.env.LOUPE_HOME;
  if (process.platform === "win32" && process.env.APPDATA) return join(process.env.APPDATA, "Loupe");
  if (process.platform === "darwin") return join(homedir(), "Library", "Application Support", "Loupe");
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), ".config"), "loupe");
}

export function loupeVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
    return pkg.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

export function createHost(opts: HostOptions): Host {
  const clock = opts.clock ?? { now: () => Date.now() };
  const newId = opts.newId ?? (() => randomUUID());
  const events = new EventBus();
  const jobs = new JobRunner(events, clock, newId);
  const sessions = new SessionHolder();
  // the Data view's thumbnails, shared by every project of this machine's app data
  const thumbs = new ThumbnailCache(join(opts.appDataDir, "cache", "thumbs"));
  const ctx: ServiceContext = {
    sessions,
    appState: new AppState(opts.appDataDir),
    jobs,
    events,
    clock,
    newId,
    hostKind: opts.hostKind,
    version: loupeVersion(),
    defaultProjectsDir: opts.defaultProjectsDir ?? join(homedir(), "Loupe Projects"),
    nativeBinding: opts.nativeBinding,
    disposers: [],
    inference: new InferenceClient({ transport: opts.inferenceTransport ?? forkTransport(), threads: opts.inferenceThreads ?? defaultThreadSettings() }),
    trainers: new TrainerConfig(opts.appDataDir),
    dialogs: opts.dialogs,
  };
  const services = createServices(ctx);
  const dispatch = createDispatch(services);
  /** The open project when it is the one named: media URLs reach only the open project. */
  const openSession = (projectId: string) => {
    const session = sessions.current;
    if (!session || session.id !== projectId) throw new LoupeError("E_NOT_FOUND", `project ${projectId} is not open`);
    return session;
  };
  return {
    dispatch,
    async call(area, method, req) {
      const res = await dispatch(`${area}.${method}` satisfies Channel | string, req);
      if (!res.ok) throw new LoupeError(res.error.code, res.error.message, { file: res.error.file, details: res.error.details });
      return res.value as never;
    },
    events,
    jobs,
    services,
    sessions,
    loopEngine(over = {}) {
      return new LoopEngine(loopDeps(ctx, sessions.require(), over));
    },
    trainers: ctx.trainers,
    resolveMedia(projectId, imageId) {
      return resolveMediaPath(openSession(projectId).db, imageId);
    },
    async thumbnail(projectId, imageId, signal) {
      const session = openSession(projectId);
      const file = resolveMediaPath(session.db, imageId);
      const image = getImage(session.db, imageId);
      if (!image) throw new LoupeError("E_NOT_FOUND", `no image with id ${imageId}`);
      return thumbs.file(file, image.contentHash, image, signal);
    },
    resolveCrop(projectId, evaluationId, kind, index) {
      const session = openSession(projectId);
      const ev = getEvaluation(session.db, evaluationId);
      if (!ev || ev.reportDir === null) throw new LoupeError("E_NOT_FOUND", `evaluation ${evaluationId} has no crops`);
      return resolveCropFile(resolveReportDir(session.dir, ev.reportDir), kind, index);
    },
    async dispose() {
      for (const d of ctx.disposers) await d().catch(() => undefined);
      await jobs.dispose();
      await ctx.inference.dispose();
      sessions.replace(null);
    },
  };
}

export type { ProjectInfo };
