/**
 * WorkerTransport over Node's child_process.fork, for the CLI, the test bridge and tests. Under Node with TypeScript
 * sources the `.ts` entry runs through tsx (its loader given by absolute URL); a built bundle forks the `.js` entry beside it.
 */
import { fork } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ExitRelay } from "./exit-relay";
import type { ToWorker, WorkerTransport, WorkerTransportFactory } from "./protocol";

export interface ForkTransportOptions {
  /** Worker entry file; defaults to worker-entry.ts (sources) or worker-entry.js (a build) beside this module. */
  entry?: string;
  /** Extra environment for the worker. */
  env?: NodeJS.ProcessEnv;
  /** How many characters of the worker's stderr to keep for crash reports. */
  stderrTailChars?: number;
}

/**
 * `--import <tsx's loader>` by absolute URL: a bare `--import tsx` is resolved from the working directory, which
 * fails when the CLI runs from any folder other than the repository.
 */
function tsxExecArgv(): string[] {
  return ["--import", import.meta.resolve("tsx")];
}

function defaultEntry(): { entry: string; execArgv: string[] } {
  const ts = fileURLToPath(new URL("./worker-entry.ts", import.meta.url));
  const js = fileURLToPath(new URL("./worker-entry.js", import.meta.url));
  if (import.meta.url.endsWith(".ts") && existsSync(ts)) return { entry: ts, execArgv: tsxExecArgv() };
  if (existsSync(js)) return { entry: js, execArgv: [] };
  return { entry: ts, execArgv: tsxExecArgv() };
}

/** A factory of forked workers. */
export function forkTransport(opts: ForkTransportOptions = {}): WorkerTransportFactory {
  return () => {
    const chosen = opts.entry
      ? { entry: opts.entry, execArgv: opts.entry.endsWith(".ts") ? tsxExecArgv() : [] }
      : defaultEntry();
    const child = fork(chosen.entry, [], {
      execArgv: chosen.execArgv,
      env: { ...process.env, ...opts.env },
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "advanced",
    });
    const relay = new ExitRelay(opts.stderrTailChars);
    relay.follow(child.stderr);
    child.on("exit", (code, signal) => relay.exit(code, signal));
    child.on("error", () => {
      // spawn failures also end in "exit"; a failed send after exit is ignored
    });
    const transport: WorkerTransport = {
      get pid() {
        return child.pid;
      },
      send(message: ToWorker) {
        if (relay.exited || !child.connected) return;
        child.send(message, (err) => {
          if (err) child.kill("SIGKILL");
        });
      },
      onMessage(listener) {
        child.on("message", (m: unknown) => listener(m));
      },
      onExit(listener) {
        relay.onExit(listener);
      },
      kill() {
        if (!relay.exited) child.kill("SIGKILL");
      },
    };
    return transport;
  };
}
