import type { Migration } from "./types";

/**
 * Review batches (a round of work for annotators) and their tasks, one per image; and the review decision on each
 * model prediction shown to an annotator (accepted as a label, or rejected), so a reopened image shows it as decided.
 */
export const migration0004: Migration = {
  version: 4,
  name: "review-tasks",
  up(db) {
    db.exec(`
      CREATE TABLE review_batches (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL,
        source      TEXT NOT NULL CHECK (source IN ('selection','filter','list')),
        source_ref  TEXT,                -- JSON: the filter or the selection it came from
        model_id    TEXT REFERENCES models(id) ON DELETE SET NULL,  -- whose predictions the tasks show
        created_by  TEXT NOT NULL,
        created_at  INTEGER NOT NULL
      );
      CREATE TABLE review_tasks (
        id              INTEGER PRIMARY KEY,
        batch_id        INTEGER NOT NULL REFERENCES review_batches(id) ON DELETE CASCADE,
        image_id        INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
        position        INTEGER NOT NULL,
        score           REAL,
        reasons         TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
        roi             TEXT,                          -- JSON box in image pixels, or NULL for the whole image
        status          TEXT NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending','done','skipped','flagged','approved','rejected')),
        annotator       TEXT,
        comment         TEXT,
        reviewer        TEXT,
        review_comment  TEXT,
        time_spent_ms   INTEGER NOT NULL DEFAULT 0,
        finished_at     INTEGER,
        reviewed_at     INTEGER,
        updated_at      INTEGER NOT NULL,
        UNIQUE (batch_id, image_id),
        UNIQUE (batch_id, position)
      );
      CREATE INDEX review_tasks_batch_status ON review_tasks(batch_id, status, position);

      CREATE TABLE prediction_decisions (
        prediction_id  INTEGER PRIMARY KEY REFERENCES predictions(id) ON DELETE CASCADE,
        model_id       TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        image_id       INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
        status         TEXT NOT NULL CHECK (status IN ('accepted','rejected')),
        label_id       TEXT,             -- the label an accepted prediction became
        actor          TEXT NOT NULL,
        at             INTEGER NOT NULL
      );
      CREATE INDEX prediction_decisions_image ON prediction_decisions(model_id, image_id);
    `);
  },
};
