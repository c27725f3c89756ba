import type Database from "better-sqlite3";

/** One numbered schema change. Once merged, a migration file is never edited: add the next number instead. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}
