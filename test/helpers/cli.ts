import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

/** The `loupe` command users run (the prebuilt CLI, or the sources when it is stale). */
export const LOUPE_BIN = resolve(import.meta.dirname, "../../bin/loupe.mjs");

/** Runs `loupe <args>` as a user does (a subprocess through bin/loupe.mjs) with `home` as its LOUPE_HOME. */
export function runLoupe(args: string[], opts: { home: string; cwd?: string; timeoutMs?: number }): { code: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, [LOUPE_BIN, ...args], {
    encoding: "utf8",
    cwd: opts.cwd,
    env: { ...process.env, LOUPE_HOME: opts.home },
    timeout: opts.timeoutMs,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}
