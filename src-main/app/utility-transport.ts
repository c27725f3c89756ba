import { utilityProcess } from "electron";
import type { ToWorker, WorkerExit, WorkerTransport, WorkerTransportFactory } from "../inference/protocol";

/**
 * WorkerTransport over Electron's utilityProcess (the app's inference worker): the same protocol as the Node fork
 * transport; the worker talks through process.parentPort. `entry` is out/main/worker-entry.js.
 */
export function utilityTransport(entry: string): WorkerTransportFactory {
  return () => {
    const child = utilityProcess.fork(entry, [], { serviceName: "Loupe inference", stdio: ["ignore", "ignore", "pipe"] });
    const limit = 4000;
    let tail = "";
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      tail = (tail + chunk).slice(-limit);
    });
    let exited = false;
    const exitListeners: ((e: WorkerExit) => void)[] = [];
    child.on("exit", (code) => {
      exited = true;
      const info: WorkerExit = { code, signal: null, stderrTail: tail };
      for (const l of exitListeners) l(info);
    });
    return {
      get pid() {
        return child.pid;
      },
      send(message: ToWorker) {
        if (!exited) child.postMessage(message);
      },
      onMessage(listener) {
        child.on("message", (m: unknown) => listener(m));
      },
      onExit(listener) {
        exitListeners.push(listener);
      },
      kill() {
        if (!exited) child.kill();
      },
    } satisfies WorkerTransport;
  };
}
