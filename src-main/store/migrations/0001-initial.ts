import type { Migration } from "./types";

/** The first schema: project identity, settings, classes, data roots, images, labels and the audit log. */
export const migration0001: Migration = {
  version: 1,
  name: "initial",
  up(db) {
    db.exec(`
      CREATE TABLE project_info (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        created_at  INTEGER NOT NULL
      );

      CREATE TABLE settings (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL            -- JSON
      );

      CREATE TABLE classes (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        color       TEXT NOT NULL,
        position    INTEGER NOT NULL UNIQUE,
        created_at  INTEGER NOT NULL
      );

      CREATE TABLE data_roots (
        id          INTEGER PRIMARY KEY,
        path        TEXT NOT NULL UNIQUE,  -- absolute
        created_at  INTEGER NOT NULL
      );

      CREATE TABLE images (
        id            INTEGER PRIMARY KEY,
        root_id       INTEGER NOT NULL REFERENCES data_roots(id),
        rel_path      TEXT NOT NULL,        -- forward slashes, relative to the root
        size_bytes    INTEGER NOT NULL,
        content_hash  TEXT NOT NULL,        -- sha256 hex
        width         INTEGER NOT NULL CHECK (width > 0),
        height        INTEGER NOT NULL CHECK (height > 0),
        split         TEXT NOT NULL CHECK (split IN ('train','val','test','pool')),
        status        TEXT NOT NULL DEFAULT 'unlabeled' CHECK (status IN ('unlabeled','labeled','empty')),
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL,
        UNIQUE (root_id, rel_path)
      );
      CREATE INDEX images_hash ON images(content_hash);
      CREATE INDEX images_split_status ON images(split, status);

      CREATE TABLE labels (
        id            TEXT PRIMARY KEY,     -- UUID
        image_id      INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
        class_id      INTEGER NOT NULL REFERENCES classes(id),
        x             REAL NOT NULL,
        y             REAL NOT NULL,
        w             REAL NOT NULL CHECK (w >= 0),
        h             REAL NOT NULL CHECK (h >= 0),
        source        TEXT NOT NULL CHECK (source IN ('manual','import','prediction','oracle')),
        author        TEXT NOT NULL,
        review_state  TEXT NOT NULL DEFAULT 'pending' CHECK (review_state IN ('pending','approved','rejected')),
        iscrowd       INTEGER NOT NULL DEFAULT 0,
        difficult     INTEGER NOT NULL DEFAULT 0,
        truncated     INTEGER NOT NULL DEFAULT 0,
        score         REAL,
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL,
        version       INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX labels_image ON labels(image_id);
      CREATE INDEX labels_class ON labels(class_id);

      -- Append-only audit log; also backs undo across sessions. Written in the same transaction as the change.
      CREATE TABLE events (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        batch_id        TEXT NOT NULL,
        at              INTEGER NOT NULL,
        actor           TEXT NOT NULL,
        entity          TEXT NOT NULL CHECK (entity IN ('label','image')),
        entity_id       TEXT NOT NULL,
        image_id        INTEGER,
        action          TEXT NOT NULL CHECK (action IN ('create','update','delete','status')),
        before          TEXT,               -- JSON or NULL
        after           TEXT,               -- JSON or NULL
        reverts_batch   TEXT
      );
      CREATE INDEX events_batch ON events(batch_id);
      CREATE INDEX events_image ON events(image_id, id);
      CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the events table is append-only'); END;
      CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the events table is append-only'); END;
    `);
  },
};
