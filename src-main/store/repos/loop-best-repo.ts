import type { Db } from "../db";

/**
 * The loop's best model, read and set outside the engine (models.promote, ModelInfo.isBest). The rest of the
 * loop_state row belongs to loop-repo.ts; this module touches only `best_model_id` (and creates the row as
 * "idle" when the loop never ran, as loop-repo does).
 */
export function getBestModelId(db: Db): string | null {
  const r = db.prepare("SELECT best_model_id FROM loop_state WHERE id = 1").get() as { best_model_id: string | null } | undefined;
  return r?.best_model_id ?? null;
}

/** The loop's status and whether an engine holds it, so a hand promotion can refuse to change a running loop. */
export function getLoopActivity(db: Db): { status: string; locked: boolean } | null {
  const r = db.prepare("SELECT status, lock_owner FROM loop_state WHERE id = 1").get() as { status: string; lock_owner: string | null } | undefined;
  return r ? { status: r.status, locked: r.lock_owner !== null } : null;
}

/** Sets the best model in one statement pair inside a transaction; the row is created (idle) when missing. */
export function setBestModelId(db: Db, modelId: string, now: number): void {
  db.transaction(() => {
    db.prepare("INSERT OR IGNORE INTO loop_state (id, status, updated_at) VALUES (1, 'idle', ?)").run(now);
    db.prepare("UPDATE loop_state SET best_model_id = ?, updated_at = ? WHERE id = 1").run(modelId, now);
  })();
}
