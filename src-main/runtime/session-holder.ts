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

  private readonly closing = new Set<(session: ProjectSession) => void>();

  /** Called just before an open project is closed (another one opens, or the host ends): long work stops there. */
  onClose(listener: (session: ProjectSession) => void): () => void {
    this.closing.add(listener);
    return () => this.closing.delete(listener);
  }

  replace(next: ProjectSession | null): void {
    const prev = this.session;
    if (prev && prev !== next) {
      for (const l of [...this.closing]) {
        try {
          l(prev);
        } catch {
          /* a listener must not keep the project open */
        }
      }
      prev.close();
    }
    this.session = next;
  }
}
