import { constants, copyFileSync, cpSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { LoupeError } from "../errors";
import { projectDbPath } from "../files/project-layout";

/**
 * Sandboxes: copies of a project a simulation run may change freely. Only what the loop reads is copied — the
 * database (with its write-ahead log, so a project open in the app is copied as it is), models/, loop.yaml and
 * cache/ (image descriptors) —
 * copy-on-write where the file system can (reflinks on btrfs/XFS/APFS), a plain copy elsewhere. Images are not
 * copied: the sandbox's data roots point at the same files, which a run only reads. A copy is built beside its
 * target and renamed into place, so a kill never leaves half a sandbox that looks whole.
 */
const COPIED = ["project.sqlite", "project.sqlite-wal", "models", "loop.yaml", "cache"] as const;

export function copyProject(from: string, to: string): void {
  if (!existsSync(projectDbPath(from))) throw new LoupeError("E_NOT_FOUND", `${from}: not a Loupe project (no project.sqlite)`, { file: from });
  const tmp = `${to}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const name of COPIED) {
    const src = join(from, name);
    if (!existsSync(src)) continue;
    if (statSync(src).isDirectory()) cpSync(src, join(tmp, name), { recursive: true, mode: constants.COPYFILE_FICLONE });
    else copyFileSync(src, join(tmp, name), constants.COPYFILE_FICLONE);
  }
  for (const sub of ["models", "iterations", "metrics", "metrics/iteration_reports", "exports"]) mkdirSync(join(tmp, sub), { recursive: true });
  rmSync(to, { recursive: true, force: true });
  renameSync(tmp, to);
}
