import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Host } from "../../../src-main/host/create-host";
import type { Db } from "../../../src-main/store/db";
import { buildTestModel } from "../../fixtures/onnx-builder";
import { tempDir } from "../../helpers/temp";
import { canMkfifo, expectNamesFileAndProblem, expectStoredUnchanged, mkfifo, openProject, snapshot, withinLimit, write } from "./harness";

/**
 * Hostile project databases (projects.open) and ONNX files (models.add), through dispatch with a project open:
 * each is refused with an error naming the file and the problem, the open project stays open and unchanged, the
 * hostile file is not modified, and nothing hangs.
 */
let t: ReturnType<typeof tempDir>;
let host: Host;
let db: Db;
let goodProject = "";

beforeAll(async () => {
  t = tempDir("loupe-adv-stores-");
  ({ host, db } = await openProject(join(t.dir, "p")));
  goodProject = host.sessions.require().dir;
});
afterAll(async () => {
  await host.dispose();
  t.cleanup();
});

const sha = (file: string): string => (statSync(file).isFile() ? createHash("sha256").update(readFileSync(file)).digest("hex") : "not a file");

interface DbCase {
  name: string;
  /** Writes `<dir>/project.sqlite` (and what else it needs). */
  build(dir: string): void;
  problem: RegExp;
  fifo?: boolean;
}

/** A copy of the open project's database, changed by `change`. */
function copyOfGood(dir: string, change: (file: string) => void): void {
  host.sessions.require().db.pragma("wal_checkpoint(TRUNCATE)");
  copyFileSync(join(goodProject, "project.sqlite"), join(dir, "project.sqlite"));
  change(join(dir, "project.sqlite"));
}

const DB_CASES: DbCase[] = [
  { name: "random bytes", build: (d) => writeFileSync(join(d, "project.sqlite"), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))), problem: /not a SQLite database/ },
  { name: "a SQLite header and nothing else", build: (d) => writeFileSync(join(d, "project.sqlite"), "SQLite format 3\u0000"), problem: /damaged|cannot be read|not a SQLite/ },
  { name: "a database cut in half", build: (d) => copyOfGood(d, (f) => truncateSync(f, Math.floor(statSync(f).size / 2))), problem: /damaged|cannot be read/ },
  { name: "a schema from a newer Loupe", build: (d) => copyOfGood(d, (f) => { const x = new Database(f); x.pragma("user_version = 999"); x.close(); }), problem: /newer Loupe \(schema 999/ },
  { name: "overwritten pages", build: (d) => copyOfGood(d, (f) => { const b = readFileSync(f); b.fill(0xa5, 4096, Math.min(b.length, 4096 * 3)); writeFileSync(f, b); }), problem: /damaged|cannot be read|malformed/ },
  { name: "a folder named project.sqlite", build: (d) => mkdirSync(join(d, "project.sqlite")), problem: /not a regular file/ },
  { name: "a FIFO named project.sqlite", fifo: true, build: (d) => mkfifo(join(d, "project.sqlite")), problem: /not a regular file/ },
];

describe("hostile project databases", () => {
  it.each(DB_CASES.map((c, i) => [c.name, c, i] as const))("%s: refused by name, the open project untouched", async (name, c, i) => {
    if (c.fifo && !canMkfifo) return;
    const dir = join(t.dir, `bad-${i}.loupe`);
    mkdirSync(dir, { recursive: true });
    c.build(dir);
    const file = join(dir, "project.sqlite");
    const fileBefore = sha(file);
    const before = snapshot(db);
    const res = await withinLimit(host.dispatch("projects.open", { path: dir }), `opening ${name}`);
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).not.toBe("E_INTERNAL");
      expectNamesFileAndProblem(res.error.message, "project.sqlite", c.problem);
    }
    expect(sha(file)).toBe(fileBefore);
    // SQLite's read-only look at a WAL database may leave an empty -wal and its -shm index; never data, never a journal
    const left = readdirSync(dir).filter((n) => n !== "project.sqlite");
    expect(left.filter((n) => !/^project\.sqlite-(wal|shm)$/.test(n))).toEqual([]);
    if (left.includes("project.sqlite-wal")) expect(statSync(join(dir, "project.sqlite-wal")).size).toBe(0);
    expect(host.sessions.require().dir).toBe(goodProject);
    expectStoredUnchanged(before, snapshot(db));
  });
});

interface OnnxCase {
  name: string;
  bytes: () => Uint8Array | string;
  problem: RegExp;
}

const validModel = (): Uint8Array => buildTestModel({ inputSize: [32, 32], output: { dims: [1, 6, 21], data: new Float32Array(6 * 21) } });

const ONNX_CASES: OnnxCase[] = [
  { name: "an empty file", bytes: () => "", problem: /not an ONNX model \(no graph found\)/ },
  { name: "text", bytes: () => "this is not a model", problem: /not an ONNX model \(unsupported wire type/ },
  { name: "a model cut short", bytes: () => validModel().subarray(0, 40), problem: /not an ONNX model \(field length \d+ runs past the end/ },
  { name: "random bytes", bytes: () => Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 2654435761) % 256)), problem: /not an ONNX model/ },
  { name: "a protobuf length of 2 GB", bytes: () => Buffer.from([0x3a, 0xff, 0xff, 0xff, 0xff, 0x07, 0x00]), problem: /field length 2147483647 runs past the end/ },
  { name: "an output no detector has", bytes: () => buildTestModel({ inputSize: [32, 32], output: { dims: [1, 3], data: new Float32Array(3) } }), problem: /no YOLO detection layout has this output/ },
];

describe("hostile ONNX files", () => {
  it.each(ONNX_CASES.map((c, i) => [c.name, c, i] as const))("%s: refused by name, no model stored", async (name, c, i) => {
    const file = write(join(t.dir, "onnx", `bad-${i}.onnx`), c.bytes());
    const before = snapshot(db);
    const modelsDir = join(goodProject, "models");
    const filesBefore = readdirSync(modelsDir).sort();
    const res = await withinLimit(host.dispatch("models.add", { path: file }), `adding ${name}`, 20_000);
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe("E_MODEL_FORMAT");
      expectNamesFileAndProblem(res.error.message, `bad-${i}.onnx`, c.problem);
    }
    expectStoredUnchanged(before, snapshot(db));
    expect(readdirSync(modelsDir).sort()).toEqual(filesBefore);
  }, 30_000);

  it("a FIFO given to models.add is refused by name instead of blocking", async () => {
    const fifo = join(t.dir, "onnx", "pipe.onnx");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const before = snapshot(db);
    const res = await withinLimit(host.dispatch("models.add", { path: fifo }), "adding a FIFO", 10_000);
    expect(res.ok).toBe(false);
    if (!res.ok) expectNamesFileAndProblem(res.error.message, "pipe.onnx", /not a regular file/);
    expectStoredUnchanged(before, snapshot(db));
  }, 20_000);
});
