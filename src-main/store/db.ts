import Database from "better-sqlite3";
import { closeSync, constants, existsSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import { LoupeError } from "../errors";
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from "./migrations/index";

export type Db = Database.Database;

const SQLITE_HEADER = "SQLite format 3\u0000";

export interface OpenOptions {
  /** Create the file when it does not exist (a new project). */
  create?: boolean;
  /** Native binding path (the Electron build of better-sqlite3); plain Node uses the installed one. */
  nativeBinding?: string;
  /** Files up to this size get the full page check at every open (default 64 MiB; see FULL_CHECK_MAX_BYTES). */
  fullCheckMaxBytes?: number;
}

/**
 * Opens a project database: checks it before writing anything (a damaged file or a newer schema is refused and
 * left untouched), then sets WAL, foreign keys and a busy timeout, and runs pending migrations in one transaction
 * each.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  const exists = existsSync(file);
  if (!exists && !opts.create) {
    throw new LoupeError("E_NOT_FOUND", `${file}: no project database here`, { file });
  }
  if (exists) inspectExisting(file, opts);
  let db: Db;
  try {
    db = new Database(file, dbOptions(opts, false));
  } catch (err) {
    throw new LoupeError("E_DB", `${file}: cannot open the database: ${errMessage(err)}`, { file, cause: err });
  }
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    db.pragma("synchronous = NORMAL");
    migrate(db, file);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof LoupeError) throw err;
    throw new LoupeError("E_DB", `${file}: ${errMessage(err)}`, { file, cause: err });
  }
}

function dbOptions(opts: OpenOptions, readonly: boolean): Database.Options {
  const o: Database.Options = { readonly, fileMustExist: readonly };
  if (opts.nativeBinding) o.nativeBinding = opts.nativeBinding;
  return o;
}

/**
 * SQLite's page check (`quick_check`) reads the whole file, about 1 s per 100 MB on two busy cores, so a 100,000-image
 * project would wait seconds at every open (and every `loupe status`). It runs on files up to this size; a larger
 * file gets the structural checks (header, schema, version), and SQLite still refuses a damaged page whenever it
 * reads one. (A leftover write-ahead log is no sign of damage: SQLite replays it, and it is also there whenever
 * another process has the project open.)
 */
const FULL_CHECK_MAX_BYTES = 64 * 2 ** 20;

/** Read-only checks of an existing file: SQLite header, integrity, schema version. Writes nothing. */
function inspectExisting(file: string, opts: OpenOptions): void {
  const header = Buffer.alloc(16);
  // non-blocking, then fstat: a FIFO in place of the database would otherwise block this (synchronous) open forever
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  let n: number;
  try {
    if (!fstatSync(fd).isFile()) throw new LoupeError("E_DB_DAMAGED", `${file}: not a regular file, so not a project database; nothing was changed`, { file });
    n = readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (n === 0) return; // an empty file is a new database
  if (n < 16 || header.toString("latin1") !== SQLITE_HEADER) {
    throw new LoupeError("E_DB_DAMAGED", `${file}: not a SQLite database (damaged or not a Loupe project); nothing was changed`, { file });
  }
  let ro: Db | undefined;
  try {
    const fullCheck = statSync(file).size <= (opts.fullCheckMaxBytes ?? FULL_CHECK_MAX_BYTES);
    ro = new Database(file, dbOptions(opts, true));
    ro.prepare("SELECT count(*) FROM sqlite_schema").get(); // reads and parses the schema pages
    const check = fullCheck ? ro.pragma("quick_check", { simple: true }) : "ok";
    if (check !== "ok") {
      throw new LoupeError("E_DB_DAMAGED", `${file}: the database is damaged (${String(check)}); nothing was changed`, { file });
    }
    const version = ro.pragma("user_version", { simple: true }) as number;
    if (version > LATEST_SCHEMA_VERSION) {
      throw new LoupeError(
        "E_SCHEMA_TOO_NEW",
        `${file}: this project was written by a newer Loupe (schema ${version}; this version knows up to ${LATEST_SCHEMA_VERSION}). Update Loupe to open it; nothing was changed`,
        { file, details: { version, supported: LATEST_SCHEMA_VERSION } },
      );
    }
  } catch (err) {
    if (err instanceof LoupeError) throw err;
    throw new LoupeError("E_DB_DAMAGED", `${file}: the database cannot be read (${errMessage(err)}); nothing was changed`, { file, cause: err });
  } finally {
    ro?.close();
  }
}

function migrate(db: Db, file: string): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    try {
      db.transaction(() => {
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
      })();
    } catch (err) {
      throw new LoupeError("E_DB", `${file}: migration ${m.version} (${m.name}) failed: ${errMessage(err)}`, { file, cause: err });
    }
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma("user_version", { simple: true }) as number;
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
