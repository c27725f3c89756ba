import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname, basename, join } from "node:path";

/**
 * Writes a file atomically: a temp file beside the target, fsync, rename over the target, fsync the folder.
 * Readers see the old file or the new one, never half of one.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(tmp, "w");
  try {
    const buf = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDir(dirname(file));
}

/** fsync a directory so a rename inside it survives a crash (a no-op where the platform refuses). */
export function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open directories; rename is already durable enough there.
  }
}

/** Temp folders this process is building now: never stale, whatever their age. */
const building = new Set<string>();
let builds = 0;

/** Whether a process with this id is running (EPERM: it runs, as another user). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A leftover `.<name>.tmp-<pid>-<ms>-<n>` / `.old-…` of a process that is gone, or of this one but no longer in use. */
function isStale(path: string, entry: string): boolean {
  const pid = Number(/\.(?:tmp|old)-(\d+)-/.exec(entry)?.[1] ?? Number.NaN);
  if (!Number.isInteger(pid)) return true;
  if (pid === process.pid) return !building.has(path);
  return !processAlive(pid);
}

/**
 * Builds a folder atomically: `build` fills a fresh temp folder beside `dir`, which then replaces `dir` (the old one is
 * moved aside and removed). A crash mid-way leaves the old folder (or none) plus a stale `.<name>.tmp-*` that the next
 * call removes — never a half-written `dir`. A temp folder that another running build (of this process or another)
 * is filling is left alone.
 */
export async function replaceDirAtomic<T>(dir: string, build: (tmp: string) => Promise<T>): Promise<T> {
  const parent = dirname(dir);
  const name = basename(dir);
  mkdirSync(parent, { recursive: true });
  for (const entry of readdirSync(parent)) {
    const path = join(parent, entry);
    if ((entry.startsWith(`.${name}.tmp-`) || entry.startsWith(`.${name}.old-`)) && isStale(path, entry)) rmSync(path, { recursive: true, force: true });
  }
  const stamp = `${process.pid}-${Date.now()}-${++builds}`;
  const tmp = join(parent, `.${name}.tmp-${stamp}`);
  mkdirSync(tmp);
  building.add(tmp);
  let result: T;
  try {
    result = await build(tmp);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  } finally {
    building.delete(tmp);
  }
  const old = join(parent, `.${name}.old-${stamp}`);
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(tmp, dir);
  fsyncDir(parent);
  rmSync(old, { recursive: true, force: true });
  return result;
}
