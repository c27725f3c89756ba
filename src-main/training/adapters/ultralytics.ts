import { cpus } from "node:os";
import { join } from "node:path";
import { pythonTrainerEnv, trainerResourcesDir, type TrainerAdapter } from "../adapter";

export interface UltralyticsAdapterOptions {
  /** An interpreter with `ultralytics` installed. */
  python: string;
  trainerDir?: string;
  /** Extra PYTHONPATH entries (tests put a stand-in `ultralytics` package here). */
  pythonPath?: string[];
  /** Extra environment for the driver. */
  env?: Record<string, string>;
}

/**
 * Ultralytics through its Python API (resources/trainer/ultralytics_driver.py). Offline (YOLO_OFFLINE), settings
 * kept inside the run folder (YOLO_CONFIG_DIR) so nothing is written to the user's home, one device.
 * Ultralytics is AGPL-3.0: Loupe only starts it as a separate program the user installed.
 */
export function ultralyticsAdapter(opts: UltralyticsAdapterOptions): TrainerAdapter {
  const dir = opts.trainerDir ?? trainerResourcesDir();
  return {
    name: "ultralytics",
    speaksProtocol: true,
    launch(job, jobFile) {
      const env: Record<string, string> = {
        ...pythonTrainerEnv(job, cpus().length),
        YOLO_OFFLINE: "True",
        YOLO_CONFIG_DIR: join(job.out, "ultralytics-config"),
        ...opts.env,
      };
      if (opts.pythonPath && opts.pythonPath.length > 0) {
        const sep = process.platform === "win32" ? ";" : ":";
        env.PYTHONPATH = [...opts.pythonPath, process.env.PYTHONPATH ?? ""].filter(Boolean).join(sep);
      }
      return { command: opts.python, args: [join(dir, "ultralytics_driver.py"), "--job", jobFile], env, cwd: job.out };
    },
  };
}
