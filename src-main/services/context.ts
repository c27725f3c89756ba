import type { Area, MethodOf, RequestOf, ResponseOf } from "../../src-preload/api";
import type { AppState } from "../runtime/app-state";
import type { EventBus } from "../runtime/event-bus";
import type { Clock, JobRunner } from "../runtime/jobs";
import type { SessionHolder } from "../runtime/session-holder";
import type { InferenceClient } from "../inference/client";

/** Everything a service may use. Services never know which host (Electron, CLI, test bridge) runs them. */
export interface ServiceContext {
  sessions: SessionHolder;
  appState: AppState;
  jobs: JobRunner;
  events: EventBus;
  clock: Clock;
  newId(): string;
  hostKind: "electron" | "cli" | "test-bridge";
  version: string;
  defaultProjectsDir: string;
  nativeBinding?: string | undefined;
  /** Work to finish before the host closes the project (a running loop stops cleanly). */
  disposers: (() => Promise<void>)[];
  /** The inference worker client: one worker process per host, started on first use. */
  inference: InferenceClient;
}

/** The implementation of one API area: same methods as the contract, plain values in and out (errors thrown). */
export type AreaService<A extends Area> = {
  [M in MethodOf<A>]: (req: RequestOf<A, M>) => Promise<ResponseOf<A, M>> | ResponseOf<A, M>;
};
export type Services = { [A in Area]: AreaService<A> };
