import { cpus } from "node:os";
import { join } from "node:path";
import { pythonTrainerEnv, trainerResourcesDir, type TrainerAdapter } from "../adapter";

export interface BuiltinAdapterOptions {
  /** The interpreter with torch (env-probe's choice; /usr/bin/python3 on Debian). */
  python: string;
  /** resources/trainer; found automatically when omitted. */
  trainerDir?: string;
}

/**
 * The built-in trainer (resources/trainer/loupe_train.py): Python 3 + PyTorch only, a compact anchor-free
 * detector, ONNX in the YOLOv8 layout with reference tensors for the parity check.
 */
export function builtinAdapter(opts: BuiltinAdapterOptions): TrainerAdapter {
  const dir = opts.trainerDir ?? trainerResourcesDir();
  return {
    name: "builtin",
    speaksProtocol: true,
    launch(job, jobFile) {
      return {
        command: opts.python,
        args: [join(dir, "loupe_train.py"), "--job", jobFile],
        env: pythonTrainerEnv(job, cpus().length),
        cwd: job.out,
      };
    },
  };
}
