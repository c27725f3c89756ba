import { utilityProcess } from "electron";
import { ExitRelay } from "../inference/exit-relay";
import type { ToWorker, WorkerTransport, WorkerTransportFactory } from "../inference/protocol";

/**
 * WorkerTransport over Electron's utilityProcess (the app's inference worker): the same protocol as the Node fork
 * transport; the worker talks through process.parentPort. `entry` is out/main/worker-entry.js.
 */
export function utilityTransport(entry: string): WorkerTransportFactory {
  return () => {
    const child = utilityProcess.fork(entry, [], { serviceName: "Loupe inference", stdio: ["ignore", "ignore", "pipe"] });
    const relay = new ExitRelay();
    relay.follow(child.stderr);
    child.on("exit", (code) => relay.exit(code, null));
    return {
      get pid() {
        return child.pid;
      },
      send(message: ToWorker) {
        if (!relay.exited) child.postMessage(message);
      },
      onMessage(listener) {
        child.on("message", (m: unknown) => listener(m));
      },
      onExit(listener) {
        relay.onExit(listener);
      },
      kill() {
        if (!relay.exited) child.kill();
      },
    } satisfies WorkerTransport;
  };
}
