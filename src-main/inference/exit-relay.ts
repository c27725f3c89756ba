import type { WorkerExit } from "./protocol";

/** Characters of a worker's stderr kept for the crash report. */
export const STDERR_TAIL_CHARS = 4000;

/**
 * What both worker transports (child_process.fork, Electron's utilityProcess) keep the same way: the tail of the
 * worker's stderr, whether it has exited, and the exit listeners told once with the tail attached.
 */
export class ExitRelay {
  private tail = "";
  private readonly listeners: ((e: WorkerExit) => void)[] = [];
  exited = false;

  constructor(private readonly limit = STDERR_TAIL_CHARS) {}

  /** Follows a worker's stderr (a readable of text). */
  follow(stderr: { setEncoding(e: "utf8"): unknown; on(event: "data", l: (chunk: string) => void): unknown } | null | undefined): void {
    stderr?.setEncoding("utf8");
    stderr?.on("data", (chunk: string) => {
      this.tail = (this.tail + chunk).slice(-this.limit);
    });
  }

  onExit(listener: (e: WorkerExit) => void): void {
    this.listeners.push(listener);
  }

  /** Call from the process's exit event. */
  exit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exited = true;
    const info: WorkerExit = { code, signal, stderrTail: this.tail };
    for (const l of this.listeners) l(info);
  }
}
