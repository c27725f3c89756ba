import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import sharp from "sharp";
import { expect } from "vitest";
import type { DatasetImportReport, JobInfo } from "../../../src-preload/api";
import type { Host } from "../../../src-main/host/create-host";
import type { Db } from "../../../src-main/store/db";
import { testHost } from "../../helpers/temp";

/**
 * The adversarial suite's three checks, shared by every case: a clear error naming the file and the problem (or
 * correct handling), nothing stored changed (row counts of every table, PRAGMA integrity_check), and no hang (each
 * case under a time limit).
 */

/** No case may take longer than this (a hang fails the case, it does not stall the suite). */
export const CASE_LIMIT_MS = 10_000;

/** Resolves like `p`, or rejects after `ms` saying what hung. */
export async function withinLimit<T>(p: Promise<T>, what: string, ms = CASE_LIMIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hung: ${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, hang]);
  } finally {
    clearTimeout(timer);
  }
}

export interface Snapshot {
  counts: Record<string, number>;
  integrity: string[];
}

/** Row counts of every table and the integrity check of a project database. */
export function snapshot(db: Db): Snapshot {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = (db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number) ?? 0;
  return { counts, integrity: db.prepare("PRAGMA integrity_check").pluck().all() as string[] };
}

/** Asserts the database is intact and no table changed its row count, except the ones listed (with their change). */
export function expectStoredUnchanged(before: Snapshot, after: Snapshot, allowed: Record<string, number> = {}): void {
  expect(after.integrity).toEqual(["ok"]);
  const expected = { ...before.counts };
  for (const [t, delta] of Object.entries(allowed)) expected[t] = (expected[t] ?? 0) + delta;
  expect(after.counts).toEqual(expected);
}

/** An error's message names the file (its base name at least) and says what is wrong. */
export function expectNamesFileAndProblem(message: string | undefined, file: string, problem: RegExp): void {
  expect(message ?? "").toContain(file);
  expect(message ?? "").toMatch(problem);
  expect(message ?? "").not.toMatch(/internal error/);
}

export function mkfifo(path: string): void {
  execFileSync("mkfifo", [path]);
}

export const canMkfifo = process.platform !== "win32";

/** A PNG that declares `width`×`height` with valid chunk CRCs but holds almost no data (a decompression bomb). */
export function pngDeclaring(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A real little JPEG (solid colour), different for each `seed`. */
export async function jpeg(seed: number, size = 32): Promise<Buffer> {
  return sharp({ create: { width: size, height: size, channels: 3, background: { r: (seed * 37) % 256, g: (seed * 91) % 256, b: 40 } } }).jpeg().toBuffer();
}

export function write(file: string, data: string | Uint8Array): string {
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, data);
  return file;
}

/** A host with an open project holding two imported images, one of them labeled: the "stored" state cases must not touch. */
export async function openProject(dir: string): Promise<{ host: Host; db: Db }> {
  const { host } = testHost(dir);
  await host.call("projects", "create", { parentDir: join(dir, "projects"), name: "target", classes: ["cat"] });
  const good = join(dir, "good");
  write(join(good, "images", "train", "a.jpg"), await jpeg(1));
  write(join(good, "images", "train", "b.jpg"), await jpeg(2));
  write(join(good, "labels", "train", "a.txt"), "0 0.5 0.5 0.5 0.5\n");
  write(join(good, "data.yaml"), "train: images/train\nnames: [cat]\n");
  const job = await importJob(host, good, "yolo");
  expect(job.state).toBe("succeeded");
  return { host, db: host.sessions.require().db };
}

/** datasets.import through dispatch, waited for. */
export async function importJob(host: Host, path: string, format: "auto" | "yolo" | "coco" | "voc" | "folder" = "auto"): Promise<JobInfo> {
  const { jobId } = await host.call("datasets", "import", { path, format });
  return host.jobs.wait(jobId);
}

export function reportOf(job: JobInfo): DatasetImportReport {
  return job.result as DatasetImportReport;
}
