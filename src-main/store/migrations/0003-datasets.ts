import type { Migration } from "./types";

/** Dataset imports (with their reports) and exports (with their manifests), for listing and `since last export`. */
export const migration0003: Migration = {
  version: 3,
  name: "datasets",
  up(db) {
    db.exec(`
      CREATE TABLE imports (
        id          INTEGER PRIMARY KEY,
        created_at  INTEGER NOT NULL,
        format      TEXT NOT NULL,
        source      TEXT NOT NULL,          -- absolute path given to the import
        report      TEXT NOT NULL           -- JSON ImportReport
      );

      CREATE TABLE exports (
        id           INTEGER PRIMARY KEY,
        created_at   INTEGER NOT NULL,
        format       TEXT NOT NULL CHECK (format IN ('yolo','coco','voc','csv')),
        out_dir      TEXT NOT NULL,         -- absolute
        filter       TEXT NOT NULL,         -- JSON ExportFilter
        image_count  INTEGER NOT NULL,
        label_count  INTEGER NOT NULL,
        counts       TEXT NOT NULL          -- JSON counts per class and split (as in manifest.json)
      );
      CREATE INDEX exports_created ON exports(created_at);
    `);
  },
};
