import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { TrainerJob } from "./protocol";
import type { TrainerLaunch } from "./runner";

/** The trainers Loupe can drive. */
export const ADAPTER_NAMES = ["builtin", "ultralytics", "command"] as const;
export type AdapterName = (typeof ADAPTER_NAMES)[number];

/** Builds the command line of one trainer; the runner starts it and speaks the protocol with it. */
export interface TrainerAdapter {
  name: AdapterName;
  /**
   * True when the trainer speaks the protocol: success then requires a `done` message. False for a plain
   * command: progress is "running" and success means exit code 0 plus an ONNX model in the output folder.
   */
  speaksProtocol: boolean;
  /** The process for a job whose job file (JSON) has been written to `jobFile`. */
  launch(job: TrainerJob, jobFile: string): TrainerLaunch;
}

/**
 * resources/trainer: $LOUPE_TRAINER_DIR, else found relative to this module (source tree under tsx, or the
 * bundled main process one or two folders deeper). Electron packaging must ship resources/trainer unpacked
 * (outside the asar) and may set LOUPE_TRAINER_DIR to process.resourcesPath + "/trainer".
 */
export function trainerResourcesDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LOUPE_TRAINER_DIR) return resolve(env.LOUPE_TRAINER_DIR);
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ["../..", "../../..", "..", "../../../.."]) {
    const dir = resolve(here, up, "resources", "trainer");
    if (existsSync(join(dir, "loupe_train.py"))) return dir;
  }
  return resolve(here, "../..", "resources", "trainer");
}

/** Environment every Python trainer gets: unbuffered output, our thread count, no busy-waiting OpenMP threads. */
export function pythonTrainerEnv(job: TrainerJob, threadsFallback: number): Record<string, string> {
  const threads = String(job.threads > 0 ? job.threads : threadsFallback);
  return {
    PYTHONUNBUFFERED: "1",
    PYTHONDONTWRITEBYTECODE: "1",
    PYTHONIOENCODING: "utf-8",
    OMP_NUM_THREADS: threads,
    MKL_NUM_THREADS: threads,
    // TRAINER-NOTES §7.3: with another CPU-bound process, spinning OpenMP threads make training 3.5× slower.
    OMP_WAIT_POLICY: "PASSIVE",
  };
}
