import type { Migration } from "./types";

/**
 * Indexes for 100,000-image projects (1M labels, millions of predictions), each serving a query of the Data view,
 * the images list or the review queue with one probe instead of a scan:
 * - labels by image with class and source: the "has a label of class C / from source S" filters and the per-image
 *   label count read the index alone (it replaces labels(image_id), its prefix);
 * - predictions by model and image with score: the "has a prediction of model M scored in [a, b]" filter reads the
 *   index alone (it replaces predictions(model_id, image_id), its prefix);
 * - images by status, and by split in id order: a page under one of those filters needs no sort.
 */
export const migration0006: Migration = {
  version: 6,
  name: "scale-indexes",
  up(db) {
    db.exec(`
      CREATE INDEX labels_image_class_source ON labels(image_id, class_id, source);
      DROP INDEX labels_image;
      CREATE INDEX predictions_model_image_score ON predictions(model_id, image_id, score);
      DROP INDEX predictions_model_image;
      CREATE INDEX images_status ON images(status);
      CREATE INDEX images_split ON images(split);
    `);
  },
};
