import type { Area, MethodOf, RequestOf, ResponseOf } from "../../src-preload/api";
import type { AppState } from "../host/app-state";
import type { EventBus } from "../host/event-bus";
import type { Clock, JobRunner } from "../host/jobs";
import type { ProjectSession } from "../host/project-session";
import type { InferenceClient } from "../inference/client";
import { LoupeError } from "./errors";

/** Holds the one open project of a host. */
export class SessionHolder {
  private session: ProjectSession | null = null;

  get current(): ProjectSession | null {
    return this.session;
  }

  /** The open project, or E_NO_PROJECT. */
  require(): ProjectSession {
    if (!this.session) throw new LoupeError("E_NO_PROJECT", "no project is open: open or create one first");
    return this.session;
  }

  replace(next: ProjectSession | null): void {
    if (this.session && this.session !== next) this.session.close();
    this.session = next;
  }
}

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
  /** The inference worker client: one worker process per host, started on first use. */
  inference: InferenceClient;
}

/** The implementation of one API area: same methods as the contract, plain values in and out (errors thrown). */
export type AreaService<A extends Area> = {
  [M in MethodOf<A>]: (req: RequestOf<A, M>) => Promise<ResponseOf<A, M>> | ResponseOf<A, M>;
};
export type Services = { [A in Area]: AreaService<A> };
