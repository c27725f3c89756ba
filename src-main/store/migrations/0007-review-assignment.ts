import type { Migration } from "./types";

/**
 * Review tasks assigned to people (each annotator's queue) and the region a reviewer pins a rejection to, which
 * the annotator sees on the canvas.
 */
export const migration0007: Migration = {
  version: 7,
  name: "review-assignment",
  up(db) {
    db.exec(`
      ALTER TABLE review_tasks ADD COLUMN assignee TEXT;
      ALTER TABLE review_tasks ADD COLUMN review_region TEXT;   -- JSON box in image pixels, or NULL
      CREATE INDEX review_tasks_assignee ON review_tasks(batch_id, assignee, position);
    `);
  },
};
