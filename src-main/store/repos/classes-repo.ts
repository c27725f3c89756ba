import type { ClassInfo } from "../../../src-preload/api";
import type { Db } from "../db";

interface ClassRow {
  id: number;
  name: string;
  color: string;
  position: number;
}

const toClass = (r: ClassRow): ClassInfo => ({ id: r.id, name: r.name, color: r.color, position: r.position });

/** A fixed, colour-blind-friendly palette; class N gets colour N mod length. */
export const CLASS_PALETTE = [
  "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
] as const;

export function listClasses(db: Db): ClassInfo[] {
  return (db.prepare("SELECT id, name, color, position FROM classes ORDER BY position").all() as ClassRow[]).map(toClass);
}

export function getClass(db: Db, id: number): ClassInfo | undefined {
  const r = db.prepare("SELECT id, name, color, position FROM classes WHERE id = ?").get(id) as ClassRow | undefined;
  return r && toClass(r);
}

export function getClassByName(db: Db, name: string): ClassInfo | undefined {
  const r = db.prepare("SELECT id, name, color, position FROM classes WHERE name = ?").get(name) as ClassRow | undefined;
  return r && toClass(r);
}

export function insertClass(db: Db, name: string, color: string | undefined, now: number): ClassInfo {
  const pos = (db.prepare("SELECT COALESCE(MAX(position) + 1, 0) AS p FROM classes").get() as { p: number }).p;
  const c = color ?? CLASS_PALETTE[pos % CLASS_PALETTE.length] ?? "#888888";
  const info = db.prepare("INSERT INTO classes (name, color, position, created_at) VALUES (?, ?, ?, ?)").run(name, c, pos, now);
  return { id: Number(info.lastInsertRowid), name, color: c, position: pos };
}

/** Returns the class with this name, creating it at the end of the list if needed (import merges classes by name). */
export function ensureClass(db: Db, name: string, now: number): ClassInfo {
  return getClassByName(db, name) ?? insertClass(db, name, undefined, now);
}

export function updateClass(db: Db, id: number, patch: { name?: string; color?: string }): void {
  if (patch.name !== undefined) db.prepare("UPDATE classes SET name = ? WHERE id = ?").run(patch.name, id);
  if (patch.color !== undefined) db.prepare("UPDATE classes SET color = ? WHERE id = ?").run(patch.color, id);
}
