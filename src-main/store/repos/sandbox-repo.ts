import type { Db } from "../db";

/**
 * Makes a copied project a clean starting point for a simulation run: no loop history (iterations, steps, loop
 * state and its lock), and no review task still open (a person's unfinished batch in the original would otherwise
 * keep its images out of every strategy's pool). Labels, images, models and finished reviews stay. One transaction.
 */
export function resetSandboxLoop(db: Db): { iterations: number; openTasks: number } {
  return db.transaction(() => {
    const iterations = db.prepare("DELETE FROM iterations").run().changes;
    db.prepare("DELETE FROM iteration_steps").run();
    db.prepare("DELETE FROM loop_state").run();
    const openTasks = db.prepare("DELETE FROM review_tasks WHERE status NOT IN ('done', 'approved')").run().changes;
    db.prepare("DELETE FROM review_batches WHERE id NOT IN (SELECT batch_id FROM review_tasks)").run();
    return { iterations, openTasks };
  })();
}

/** Ground-truth boxes (project class ids) of the given images, for the cost count. */
export function labelBoxesOfImages(db: Db, imageIds: readonly number[]): Map<number, { classId: number; box: { x: number; y: number; w: number; h: number } }[]> {
  const out = new Map<number, { classId: number; box: { x: number; y: number; w: number; h: number } }[]>();
  const stmt = db.prepare("SELECT class_id AS classId, x, y, w, h FROM labels WHERE image_id = ?");
  for (const id of imageIds) {
    const rows = stmt.all(id) as { classId: number; x: number; y: number; w: number; h: number }[];
    out.set(id, rows.map((r) => ({ classId: r.classId, box: { x: r.x, y: r.y, w: r.w, h: r.h } })));
  }
  return out;
}
