import type { Db } from "../db";

export interface DataRoot {
  id: number;
  path: string;
}

export function listRoots(db: Db): DataRoot[] {
  return db.prepare("SELECT id, path FROM data_roots ORDER BY id").all() as DataRoot[];
}

export function getRoot(db: Db, id: number): DataRoot | undefined {
  return db.prepare("SELECT id, path FROM data_roots WHERE id = ?").get(id) as DataRoot | undefined;
}

/** Registers an absolute folder as a data root (idempotent) and returns it. */
export function ensureRoot(db: Db, absPath: string, now: number): DataRoot {
  const found = db.prepare("SELECT id, path FROM data_roots WHERE path = ?").get(absPath) as DataRoot | undefined;
  if (found) return found;
  const info = db.prepare("INSERT INTO data_roots (path, created_at) VALUES (?, ?)").run(absPath, now);
  return { id: Number(info.lastInsertRowid), path: absPath };
}

export function countImagesByRoot(db: Db): Map<number, number> {
  const rows = db.prepare("SELECT root_id, COUNT(*) AS n FROM images GROUP BY root_id").all() as { root_id: number; n: number }[];
  return new Map(rows.map((r) => [r.root_id, r.n]));
}
