import type { Migration } from "./types";

/**
 * The loop: iterations and their steps (each step's outcome persisted before the next starts), the loop's own state
 * (one row: status, best model, the lock that keeps two loops off one project), evaluations and selections as
 * stored rows (inside or outside the loop), and trained models' training record merged into the models table
 * (what used to be models/<id>.model.json).
 */
export const migration0005: Migration = {
  version: 5,
  name: "loop",
  up(db) {
    db.exec(`
      ALTER TABLE models ADD COLUMN training TEXT;      -- JSON TrainingRecord for models a training run produced, else NULL

      CREATE TABLE evaluations (
        id             INTEGER PRIMARY KEY,
        model_id       TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        split          TEXT NOT NULL,
        iteration      INTEGER,                    -- the loop iteration it belongs to, NULL when run by hand
        confidence     REAL NOT NULL,
        image_count    INTEGER NOT NULL,
        label_count    INTEGER NOT NULL,
        metrics        TEXT NOT NULL,              -- JSON: coco (12 stats), vocMap50, prf
        per_class      TEXT NOT NULL,              -- JSON array
        pr_curves      TEXT NOT NULL,              -- JSON: per class at IoU 0.5 and 0.5:0.95
        confusion      TEXT NOT NULL,              -- JSON: classIds + counts with background row/column
        error_summary  TEXT NOT NULL,              -- JSON: FN/FP totals by category
        report_dir     TEXT,                       -- relative to the project folder
        created_at     INTEGER NOT NULL
      );
      CREATE INDEX evaluations_model ON evaluations(model_id, split, created_at);
      CREATE INDEX evaluations_iteration ON evaluations(iteration);

      CREATE TABLE selections (
        id           INTEGER PRIMARY KEY,
        model_id     TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        iteration    INTEGER,
        strategy     TEXT NOT NULL,
        seed         INTEGER NOT NULL,
        budget       INTEGER NOT NULL CHECK (budget >= 0),
        pool_size    INTEGER NOT NULL,
        chosen       TEXT NOT NULL,                -- JSON array: imageId, rank, score, factors, reasons
        batch_id     INTEGER REFERENCES review_batches(id) ON DELETE SET NULL,
        created_at   INTEGER NOT NULL
      );
      CREATE INDEX selections_iteration ON selections(iteration);

      CREATE TABLE iterations (
        number              INTEGER PRIMARY KEY CHECK (number >= 0),   -- 0 is the baseline
        state               TEXT NOT NULL,        -- the step it is in, or done
        best_model_id       TEXT REFERENCES models(id) ON DELETE SET NULL,   -- the best model when it started
        candidate_model_id  TEXT REFERENCES models(id) ON DELETE SET NULL,
        batch_id            INTEGER REFERENCES review_batches(id) ON DELETE SET NULL,
        selection_id        INTEGER REFERENCES selections(id) ON DELETE SET NULL,
        decision            TEXT,                 -- JSON Decision once decided
        dry_run             INTEGER NOT NULL DEFAULT 0,
        started_at          INTEGER NOT NULL,
        finished_at         INTEGER,
        updated_at          INTEGER NOT NULL
      );

      CREATE TABLE iteration_steps (
        iteration    INTEGER NOT NULL REFERENCES iterations(number) ON DELETE CASCADE,
        step         TEXT NOT NULL,
        attempt      INTEGER NOT NULL CHECK (attempt >= 1),
        state        TEXT NOT NULL CHECK (state IN ('running','done','failed','cancelled','interrupted')),
        started_at   INTEGER NOT NULL,
        finished_at  INTEGER,
        error        TEXT,                        -- JSON ApiErrorData
        outputs      TEXT,                        -- JSON: what the step produced
        PRIMARY KEY (iteration, step, attempt)
      );

      CREATE TABLE loop_state (
        id               INTEGER PRIMARY KEY CHECK (id = 1),
        status           TEXT NOT NULL CHECK (status IN ('idle','running','waiting','stopping','stopped','converged','failed')),
        iteration        INTEGER,                 -- the current (or last) iteration
        best_model_id    TEXT REFERENCES models(id) ON DELETE SET NULL,
        reason           TEXT,                    -- why it stopped, converged or failed, in words
        pause_requested  INTEGER NOT NULL DEFAULT 0,
        lock_owner       TEXT,                    -- "<host>:<pid>:<token>" of the process running it, NULL when none
        lock_pid         INTEGER,
        lock_host        TEXT,
        lock_heartbeat   INTEGER,
        updated_at       INTEGER NOT NULL
      );
    `);
  },
};
