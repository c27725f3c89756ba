import Database from "better-sqlite3";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, schemaVersion } from "../../../src-main/store/db";
import { LATEST_SCHEMA_VERSION } from "../../../src-main/store/migrations/index";
import { tempDir } from "../../helpers/temp";

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir()));
afterEach(() => t.cleanup());

describe("opening a project database", () => {
  it("migrates a new file from zero to the latest schema with WAL, foreign keys and a busy timeout", () => {
    const db = openDatabase(join(t.dir, "p.sqlite"), { create: true });
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.pragma("busy_timeout", { simple: true })).toBe(5000);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(["settings", "classes", "data_roots", "images", "labels", "events", "project_info"]));
    db.close();
  });

  it("reopens without re-running migrations and keeps the data", () => {
    const file = join(t.dir, "p.sqlite");
    const db = openDatabase(file, { create: true });
    db.prepare("INSERT INTO settings (key, value) VALUES ('k', '1')").run();
    db.close();
    const again = openDatabase(file);
    expect(again.prepare("SELECT value FROM settings WHERE key='k'").get()).toEqual({ value: "1" });
    again.close();
  });

  it("enforces foreign keys: a label cannot point at a missing image", () => {
    const db = openDatabase(join(t.dir, "p.sqlite"), { create: true });
    expect(() =>
      db.prepare("INSERT INTO labels (id, image_id, class_id, x, y, w, h, source, author, created_at, updated_at) VALUES ('a', 99, 1, 0, 0, 1, 1, 'manual', 'me', 0, 0)").run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it("keeps the events table append-only", () => {
    const db = openDatabase(join(t.dir, "p.sqlite"), { create: true });
    db.prepare("INSERT INTO events (batch_id, at, actor, entity, entity_id, action) VALUES ('b', 1, 'me', 'label', 'x', 'create')").run();
    expect(() => db.prepare("UPDATE events SET actor = 'someone else'").run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM events").run()).toThrow(/append-only/);
    db.close();
  });

  it("refuses a file that is not a database and leaves it byte for byte as it was", () => {
    const file = join(t.dir, "p.sqlite");
    writeFileSync(file, "this is not sqlite at all, just some text that happens to be here");
    const before = readFileSync(file);
    expect(() => openDatabase(file)).toThrow(expect.objectContaining({ code: "E_DB_DAMAGED", message: expect.stringContaining(file) }));
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it("refuses a damaged database (corrupt pages) and changes nothing", () => {
    const file = join(t.dir, "p.sqlite");
    const raw = new Database(file);
    raw.pragma("journal_mode = DELETE");
    raw.exec("CREATE TABLE t (x TEXT); ");
    const insert = raw.prepare("INSERT INTO t VALUES (?)");
    for (let i = 0; i < 2000; i++) insert.run(`row ${i} ${"x".repeat(100)}`);
    raw.close();
    const bytes = readFileSync(file);
    bytes.fill(0xab, 4096 * 3, 4096 * 6); // trash three pages in the middle
    writeFileSync(file, bytes);
    expect(() => openDatabase(file)).toThrow(expect.objectContaining({ code: "E_DB_DAMAGED" }));
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it("checks every page of a file up to the size limit, and only the structure of a larger one", () => {
    const file = join(t.dir, "big.sqlite");
    const raw = new Database(file);
    raw.pragma("journal_mode = DELETE");
    raw.exec("CREATE TABLE t (x TEXT)");
    const insert = raw.prepare("INSERT INTO t VALUES (?)");
    raw.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`row ${i} ${"x".repeat(100)}`);
    })();
    raw.close();
    const bytes = readFileSync(file);
    bytes.fill(0xab, 4096 * 3, 4096 * 6);
    writeFileSync(file, bytes);
    expect(() => openDatabase(file, { fullCheckMaxBytes: bytes.length })).toThrow(expect.objectContaining({ code: "E_DB_DAMAGED" }));
    // over the size: opened without reading every page; SQLite refuses the damaged page when it reads it
    const db = openDatabase(file, { fullCheckMaxBytes: 1024 });
    expect(() => db.prepare("SELECT count(*) FROM t WHERE x LIKE '%9'").get()).toThrow(/malformed|corrupt/i);
    db.close();
  });

  it("refuses a project written by a newer schema, naming both versions, and changes nothing", () => {
    const file = join(t.dir, "p.sqlite");
    openDatabase(file, { create: true }).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.pragma("journal_mode = DELETE");
    raw.close();
    const before = readFileSync(file);
    expect(() => openDatabase(file)).toThrow(
      expect.objectContaining({ code: "E_SCHEMA_TOO_NEW", message: expect.stringContaining(`schema ${LATEST_SCHEMA_VERSION + 5}`) }),
    );
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it("says so when there is no database at all", () => {
    expect(() => openDatabase(join(t.dir, "missing.sqlite"))).toThrow(expect.objectContaining({ code: "E_NOT_FOUND" }));
  });
});
