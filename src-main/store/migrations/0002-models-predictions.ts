import type { Migration } from "./types";

/**
 * Models (ONNX files copied into the project's models/ folder) and their predictions per image. A row of
 * `prediction_status` is the per-(model, image) marker that makes reruns skip work already done; it also keeps
 * per-image errors. Boxes are in original-image pixels (after EXIF orientation); `class_index` is the model's
 * class, mapped to project classes when read (the mapping can change after the fact).
 */
export const migration0002: Migration = {
  version: 2,
  name: "models-predictions",
  up(db) {
    db.exec(`
      CREATE TABLE models (
        id               TEXT PRIMARY KEY,     -- UUID; the file is models/<file_name>
        name             TEXT NOT NULL,
        file_name        TEXT NOT NULL UNIQUE,
        sha256           TEXT NOT NULL,
        size_bytes       INTEGER NOT NULL,
        layout           TEXT NOT NULL CHECK (layout IN ('yolov5','yolov8','end-to-end','yolox')),
        input_width      INTEGER NOT NULL CHECK (input_width > 0),
        input_height     INTEGER NOT NULL CHECK (input_height > 0),
        class_names      TEXT NOT NULL,        -- JSON array of strings, by model class index
        class_map        TEXT NOT NULL DEFAULT '{}',  -- JSON: explicit model class index → project class id | null
        metadata         TEXT NOT NULL,        -- JSON: ONNX metadata_props, the resolved spec, versions
        parent_model_id  TEXT REFERENCES models(id) ON DELETE SET NULL,
        created_at       INTEGER NOT NULL,
        metrics          TEXT                  -- JSON or NULL
      );
      CREATE INDEX models_sha ON models(sha256);

      CREATE TABLE predictions (
        id           INTEGER PRIMARY KEY,
        model_id     TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        image_id     INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
        class_index  INTEGER NOT NULL CHECK (class_index >= 0),
        score        REAL NOT NULL,
        x            REAL NOT NULL,
        y            REAL NOT NULL,
        w            REAL NOT NULL CHECK (w >= 0),
        h            REAL NOT NULL CHECK (h >= 0)
      );
      CREATE INDEX predictions_model_image ON predictions(model_id, image_id);
      CREATE INDEX predictions_image ON predictions(image_id);

      CREATE TABLE prediction_status (
        model_id        TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        image_id        INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
        state           TEXT NOT NULL CHECK (state IN ('done','failed')),
        conf_threshold  REAL NOT NULL,
        iou_threshold   REAL NOT NULL,
        max_detections  INTEGER NOT NULL,
        box_count       INTEGER NOT NULL DEFAULT 0,
        width           INTEGER,               -- image size the model saw (after EXIF orientation)
        height          INTEGER,
        error           TEXT,                  -- JSON ApiErrorData when failed
        updated_at      INTEGER NOT NULL,
        PRIMARY KEY (model_id, image_id)
      );
    `);
  },
};
