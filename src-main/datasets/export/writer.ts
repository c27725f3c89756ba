import { existsSync } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat, symlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fsyncDir } from "../../files/atomic";
import { sha256Hex } from "../../files/hash";
import { MAX_IMAGE_FILE_BYTES, readRegularFile } from "../../files/regular-file";
import { LoupeError, throwIfAborted } from "../../errors";
import type { ExportEntry } from "./builders/types";
import type { ManifestFile } from "./manifest";

export interface WriteExportOptions {
  /** Symlink images to their sources instead of copying them. */
  link: boolean;
  signal?: AbortSignal | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** Builds manifest.json from the files written (called once, before the rename). */
  manifest: (files: ManifestFile[]) => string;
}

/**
 * Applies an export's entries atomically: everything is written into a temp folder beside `targetDir`, each file
 * fsynced, manifest.json last, then the folder is renamed into place and its parent fsynced. A failure or a cancel
 * removes the temp folder, so there is never a partial export. `targetDir` must not exist yet. Temp folders that a
 * killed export left beside it (their process is gone) are removed first.
 */
export async function writeExportAtomic(targetDir: string, entries: readonly ExportEntry[], opts: WriteExportOptions): Promise<ManifestFile[]> {
  if (existsSync(targetDir)) throw new LoupeError("E_CONFLICT", `${targetDir}: the export folder already exists; choose a new one`, { file: targetDir });
  const parent = dirname(targetDir);
  await mkdir(parent, { recursive: true });
  await removeStaleTempFolders(parent);
  const tmp = join(parent, `.${basename(targetDir)}.tmp-${process.pid}-${Date.now().toString(36)}`);
  const dirs = new Set<string>([tmp]);
  const files: ManifestFile[] = [];
  try {
    await mkdir(tmp);
    let done = 0;
    for (const e of entries) {
      throwIfAborted(opts.signal, "the export");
      const dest = join(tmp, ...e.relativePath.split("/"));
      const dir = dirname(dest);
      if (!dirs.has(dir)) {
        await mkdir(dir, { recursive: true });
        dirs.add(dir);
      }
      if ("contents" in e) {
        const bytes = Buffer.from(e.contents, "utf8");
        await writeSynced(dest, bytes);
        files.push({ path: e.relativePath, sha256: sha256Hex(bytes), bytes: bytes.length });
      } else if (opts.link) {
        await symlink(e.sourceFile, dest);
        const size = (await stat(e.sourceFile)).size;
        files.push({ path: e.relativePath, sha256: e.contentHash, bytes: size });
      } else {
        let bytes: Buffer;
        try {
          bytes = await readRegularFile(e.sourceFile, { maxBytes: MAX_IMAGE_FILE_BYTES, what: "image" });
        } catch (err) {
          throw new LoupeError("E_IO", `${e.sourceFile}: cannot read the image to export: ${(err as Error).message}`, { file: e.sourceFile, cause: err });
        }
        await writeSynced(dest, bytes);
        files.push({ path: e.relativePath, sha256: sha256Hex(bytes), bytes: bytes.length });
      }
      done++;
      opts.onProgress?.(done, entries.length);
    }
    throwIfAborted(opts.signal, "the export");
    await writeSynced(join(tmp, "manifest.json"), Buffer.from(opts.manifest(files), "utf8"));
    for (const d of dirs) fsyncDir(d);
    throwIfAborted(opts.signal, "the export");
    await rename(tmp, targetDir);
    fsyncDir(parent);
    return files;
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    if (err instanceof LoupeError) throw err;
    throw new LoupeError("E_IO", `${targetDir}: export failed: ${(err as Error).message}`, { file: targetDir, cause: err });
  }
}

async function writeSynced(file: string, bytes: Uint8Array): Promise<void> {
  const fh = await open(file, "wx");
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

const TEMP_NAME = /^\..+\.tmp-(\d+)-[0-9a-z]+$/;

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes `.<name>.tmp-<pid>-<time>` folders in `parent` whose process no longer runs (an export killed mid-way).
 * A temp folder of a running process (this one or another Loupe) is left alone. Returns the folders removed.
 */
export async function removeStaleTempFolders(parent: string): Promise<string[]> {
  const removed: string[] = [];
  let entries;
  try {
    entries = await readdir(parent, { withFileTypes: true });
  } catch {
    return removed;
  }
  for (const e of entries) {
    const m = TEMP_NAME.exec(e.name);
    if (!m || !e.isDirectory() || isAlive(Number(m[1]))) continue;
    await rm(join(parent, e.name), { recursive: true, force: true });
    removed.push(join(parent, e.name));
  }
  return removed;
}
