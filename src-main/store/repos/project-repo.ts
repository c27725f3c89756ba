import type { Db } from "../db";

export interface ProjectRow {
  id: string;
  name: string;
  createdAt: number;
}

export function getProjectInfo(db: Db): ProjectRow | undefined {
  const row = db.prepare("SELECT id, name, created_at FROM project_info LIMIT 1").get() as
    | { id: string; name: string; created_at: number }
    | undefined;
  return row && { id: row.id, name: row.name, createdAt: row.created_at };
}

export function insertProjectInfo(db: Db, row: ProjectRow): void {
  db.prepare("INSERT INTO project_info (id, name, created_at) VALUES (?, ?, ?)").run(row.id, row.name, row.createdAt);
}

export function getSetting(db: Db, key: string): unknown {
  const row = db.prepare("SELECT value FROM settings WHERE key = ?").get(key) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as unknown) : undefined;
}

export function listSettings(db: Db): Record<string, unknown> {
  const rows = db.prepare("SELECT key, value FROM settings").all() as { key: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
}

export function setSetting(db: Db, key: string, value: unknown): void {
  db.prepare("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(
    key,
    JSON.stringify(value),
  );
}
