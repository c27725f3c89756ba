import { LoupeError } from "../errors";
import type { ProjectSession } from "./project-session";

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
