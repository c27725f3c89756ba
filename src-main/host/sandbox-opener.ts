import { storePredictionSource } from "../inference/predictions";
import type { LoopDeps } from "../loop/ports";
import type { SandboxOpener } from "../simulation/ports";
import { createHost, type HostOptions } from "./create-host";

/**
 * The simulation's sandboxes, each opened in a host of its own: its own app data (so the user's recent projects and
 * settings are never touched), its own inference worker, the same services and loop engine as the app.
 */
export function sandboxOpener(opts: Omit<HostOptions, "hostKind"> & { trainerOverride?: LoopDeps["trainerOverride"] }): SandboxOpener {
  return {
    async withProject(projectDir, fn) {
      const host = createHost({ ...opts, hostKind: "cli" });
      try {
        await host.call("projects", "open", { path: projectDir });
        await host.call("settings", "update", { patch: { annotatorName: "simulation" } });
        const db = host.sessions.require().db;
        return await fn({
          db,
          source: storePredictionSource(() => db),
          updateLoopConfig: (patch) => host.call("loop", "updateConfig", { patch }),
          iterations: () => host.call("loop", "iterations", {}),
          async runLoop(run) {
            let asked = false;
            const engine = host.loopEngine({
              ...(opts.trainerOverride ? { trainerOverride: opts.trainerOverride } : {}),
              ...(run.log ? { log: run.log } : {}),
              onStateChanged: (s) => {
                if (run.pauseAfterBaseline && !asked && s.iteration !== null && s.iteration >= 1) {
                  asked = true;
                  engine.requestPause();
                }
              },
            });
            const stop = () => engine.stop();
            run.signal?.addEventListener("abort", stop);
            try {
              return await engine.run();
            } finally {
              run.signal?.removeEventListener("abort", stop);
            }
          },
        });
      } finally {
        await host.dispose();
      }
    },
  };
}
