import { existsSync, mkdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { ProjectInfo } from "../../src-preload/api";
import { PROJECT_SUBFOLDERS, PROJECT_SUFFIX, isValidProjectName, projectDbPath } from "../files/project-layout";
import { LoupeError } from "../errors";
import { mergeLegacyModelRecords } from "../inference/model-registry";
import { openDatabase, schemaVersion, type Db } from "../store/db";
import { insertClass, listClasses } from "../store/repos/classes-repo";
import { getProjectInfo, insertProjectInfo } from "../store/repos/project-repo";

/** An open project: its folder and its database. One at a time per host. */
export class ProjectSession {
  private constructor(
    readonly id: string,
    readonly name: string,
    readonly dir: string,
    readonly db: Db,
  ) {}

  info(): ProjectInfo {
    const row = getProjectInfo(this.db);
    return {
      id: this.id,
      name: this.name,
      path: this.dir,
      createdAt: row?.createdAt ?? 0,
      schemaVersion: schemaVersion(this.db),
      classes: listClasses(this.db),
    };
  }

  /** Absolute path of a folder inside the project (created on demand). */
  folder(...parts: string[]): string {
    const p = join(this.dir, ...parts);
    mkdirSync(p, { recursive: true });
    return p;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  static create(
    parentDir: string,
    name: string,
    classes: readonly string[],
    opts: { now: number; newId: () => string; nativeBinding?: string | undefined },
  ): ProjectSession {
    if (!isValidProjectName(name)) {
      throw new LoupeError("E_VALIDATION", `"${name}" is not a usable project name (letters, digits, spaces, . _ - ; up to 80)`);
    }
    const parent = resolve(parentDir);
    const dir = join(parent, `${name}${PROJECT_SUFFIX}`);
    if (existsSync(dir)) throw new LoupeError("E_CONFLICT", `${dir}: a project folder already exists here`, { file: dir });
    try {
      mkdirSync(parent, { recursive: true });
      mkdirSync(dir);
      for (const sub of PROJECT_SUBFOLDERS) mkdirSync(join(dir, sub), { recursive: true });
    } catch (err) {
      throw new LoupeError("E_IO", `${dir}: cannot create the project folder: ${(err as Error).message}`, { file: dir, cause: err });
    }
    const db = openDatabase(projectDbPath(dir), { create: true, nativeBinding: opts.nativeBinding });
    const id = opts.newId();
    db.transaction(() => {
      insertProjectInfo(db, { id, name, createdAt: opts.now });
      const seen = new Set<string>();
      for (const c of classes) {
        const n = c.trim();
        if (!n || seen.has(n)) continue;
        seen.add(n);
        insertClass(db, n, undefined, opts.now);
      }
    })();
    return new ProjectSession(id, name, dir, db);
  }

  static open(path: string, opts: { nativeBinding?: string | undefined }): ProjectSession {
    let dir = resolve(path);
    if (basename(dir) === "project.sqlite") dir = resolve(dir, "..");
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new LoupeError("E_NOT_FOUND", `${dir}: no such project folder`, { file: dir });
    }
    const dbFile = projectDbPath(dir);
    if (!existsSync(dbFile)) {
      throw new LoupeError("E_NOT_FOUND", `${dir}: not a Loupe project (no project.sqlite inside)`, { file: dir });
    }
    const db = openDatabase(dbFile, { nativeBinding: opts.nativeBinding });
    const row = getProjectInfo(db);
    if (!row) {
      db.close();
      throw new LoupeError("E_DB_DAMAGED", `${dbFile}: the project has no identity record`, { file: dbFile });
    }
    for (const sub of PROJECT_SUBFOLDERS) mkdirSync(join(dir, sub), { recursive: true });
    db.transaction(() => mergeLegacyModelRecords(db, dir))();
    return new ProjectSession(row.id, row.name, dir, db);
  }
}
