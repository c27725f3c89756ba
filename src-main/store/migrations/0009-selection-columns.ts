import { rebuildPredictionPacks } from "../prediction-packs";
import type { Migration } from "./types";

/** Size bucket of a label row (0 tiny < 16², 1 small < 32², 2 medium < 96², 3 large), as `sizeBucketIndex`. */
const bucket = (l: string) => `CASE WHEN ${l}.w * ${l}.h < 256 THEN 0 WHEN ${l}.w * ${l}.h < 1024 THEN 1 WHEN ${l}.w * ${l}.h < 9216 THEN 2 ELSE 3 END`;
/** 3×3 cell of a label row's centre in its image (-1 without a size), as `cellIndex`. */
const cell = (l: string, i: string) => {
  const axis = (pos: string, size: string, full: string) => `min(2, max(0, CAST(((${l}.${pos} + ${l}.${size} / 2.0) / ${i}.${full}) * 3 AS INTEGER)))`;
  return `CASE WHEN ${i}.width > 0 AND ${i}.height > 0 THEN ${axis("y", "h", "height")} * 3 + ${axis("x", "w", "width")} ELSE -1 END`;
};
/** Adds 1 for a label row `l` of an image that is labeled. */
const addOne = (l: string) => `INSERT INTO label_stats (class_id, bucket, cell, n)
    SELECT ${l}.class_id, ${bucket(l)}, ${cell(l, "i")}, 1 FROM images i WHERE i.id = ${l}.image_id AND i.status = 'labeled'
    ON CONFLICT (class_id, bucket, cell) DO UPDATE SET n = n + 1;`;
const removeOne = (l: string) => `UPDATE label_stats SET n = n - 1 WHERE (class_id, bucket, cell) IN (
    SELECT ${l}.class_id, ${bucket(l)}, ${cell(l, "i")} FROM images i WHERE i.id = ${l}.image_id AND i.status = 'labeled');`;
/** Adds / removes every label of image row `img` when `when` holds (the image's labeled status, checked by the caller). */
const addImage = (img: string, when: string) => `INSERT INTO label_stats (class_id, bucket, cell, n)
    SELECT l.class_id, ${bucket("l")}, ${cell("l", img)}, COUNT(*) FROM labels l WHERE ${when} AND l.image_id = ${img}.id GROUP BY 1, 2, 3
    ON CONFLICT (class_id, bucket, cell) DO UPDATE SET n = n + excluded.n;`;
const removeImage = (img: string, when: string) => `UPDATE label_stats SET n = n - (
    SELECT COUNT(*) FROM labels l WHERE l.image_id = ${img}.id AND l.class_id = label_stats.class_id
      AND ${bucket("l")} = label_stats.bucket AND ${cell("l", img)} = label_stats.cell)
    WHERE ${when} AND (class_id, bucket, cell) IN (SELECT l.class_id, ${bucket("l")}, ${cell("l", img)} FROM labels l WHERE l.image_id = ${img}.id);`;

/**
 * What selection reads at 100,000 images, kept in the form it reads it:
 * - `prediction_status.boxes`: each predicted image's boxes as one blob (see prediction-packs.ts), written with the
 *   rows; existing predictions are packed here.
 * - `label_stats`: the labels of labeled images counted by class, size bucket and 3×3 cell (class balance, size
 *   and spatial diversity), kept by triggers in the same transaction as every label insert, delete or edit, every
 *   image status or size change and every image delete (foreign-key cascades included), instead of a scan of
 *   every label at each selection.
 */
export const migration0009: Migration = {
  version: 9,
  name: "selection-columns",
  up(db) {
    db.exec(`
      ALTER TABLE prediction_status ADD COLUMN boxes BLOB;

      CREATE TABLE label_stats (
        class_id  INTEGER NOT NULL,
        bucket    INTEGER NOT NULL,
        cell      INTEGER NOT NULL,
        n         INTEGER NOT NULL,
        PRIMARY KEY (class_id, bucket, cell)
      ) WITHOUT ROWID;
      INSERT INTO label_stats (class_id, bucket, cell, n)
        SELECT l.class_id, ${bucket("l")}, ${cell("l", "i")}, COUNT(*) FROM labels l JOIN images i ON i.id = l.image_id
        WHERE i.status = 'labeled' GROUP BY 1, 2, 3;

      CREATE TRIGGER label_stats_insert AFTER INSERT ON labels BEGIN
        ${addOne("NEW")}
      END;
      CREATE TRIGGER label_stats_delete AFTER DELETE ON labels BEGIN
        ${removeOne("OLD")}
      END;
      CREATE TRIGGER label_stats_update AFTER UPDATE OF image_id, class_id, x, y, w, h ON labels BEGIN
        ${removeOne("OLD")}
        ${addOne("NEW")}
      END;
      -- an image's labels are deleted by cascade after the image row is gone: count them out before
      CREATE TRIGGER label_stats_image_delete BEFORE DELETE ON images WHEN OLD.status = 'labeled' BEGIN
        ${removeImage("OLD", "true")}
      END;
      CREATE TRIGGER label_stats_image_update AFTER UPDATE OF status, width, height ON images
        WHEN (OLD.status = 'labeled' OR NEW.status = 'labeled')
          AND (OLD.status IS NOT NEW.status OR OLD.width IS NOT NEW.width OR OLD.height IS NOT NEW.height) BEGIN
        ${removeImage("OLD", "OLD.status = 'labeled'")}
        ${addImage("NEW", "NEW.status = 'labeled'")}
      END;
    `);
    rebuildPredictionPacks(db);
  },
};
