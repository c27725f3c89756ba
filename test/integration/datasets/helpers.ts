import { randomUUID } from "node:crypto";
import { join, resolve } from "node:path";
import { openDatabase, type Db } from "../../../src-main/store/db";
import { planImport } from "../../../src-main/datasets/import/run";
import { runImport, type ImportOptions } from "../../../src-main/datasets/import/run-import";
import type { DatasetImportFormat } from "../../../src-preload/api";

/** Real third-party data, read in place (never copied into the repo). */
export const DATA = resolve(import.meta.dirname, "../../../../shared/data");

export function openTempDb(dir: string): Db {
  return openDatabase(join(dir, `${randomUUID()}.sqlite`), { create: true });
}

let clock = 1_700_000_000_000;
/** Imports `path` into `db` with a fixed seed and a ticking clock. */
export async function importInto(db: Db, path: string, format: DatasetImportFormat = "auto", opts: Partial<ImportOptions> = {}) {
  const plan = await planImport(path, format);
  return runImport(db, plan, path, { seed: 1, actor: "tester", now: () => (clock += 1), newId: randomUUID, ...opts });
}

/** Every label of the project as `file name → sorted "class x y w h" strings`. */
export function boxesByFile(db: Db): Map<string, string[]> {
  const rows = db
    .prepare("SELECT i.rel_path AS rel, c.name AS cls, l.x, l.y, l.w, l.h FROM labels l JOIN images i ON i.id = l.image_id JOIN classes c ON c.id = l.class_id")
    .all() as { rel: string; cls: string; x: number; y: number; w: number; h: number }[];
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const name = r.rel.split("/").pop() as string;
    const list = out.get(name) ?? [];
    list.push(`${r.cls} ${r.x} ${r.y} ${r.w} ${r.h}`);
    out.set(name, list);
  }
  for (const l of out.values()) l.sort();
  return out;
}

export function count(db: Db, sql: string, ...params: unknown[]): number {
  return (db.prepare(sql).get(...params) as { n: number }).n;
}
