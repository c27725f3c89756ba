import { spawn } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRng } from "../../../src-main/core/random";
import type { Host } from "../../../src-main/host/create-host";
import { constantModel, fakeTrainerCommand, loopProject } from "../../helpers/loop-fixture";
import { tempDir, testHost } from "../../helpers/temp";

/**
 * The loop survives any kill: a child process runs `loupe loop run` and is SIGKILLed at seeded random points across
 * all steps; after each kill the database is intact, and `loop resume` finishes with the same tables an
 * uninterrupted run gives — no label lost, no prediction or selection duplicated, the same iterations.
 */
const BIN = join(import.meta.dirname, "../../../bin/loupe.mjs");
const SEED = Number(process.env.LOUPE_KILL_SEED ?? 20261201);
const KILLS = 20;

let tmp: ReturnType<typeof tempDir>;
let reference: string;
let victim: string;
let pristine: string;
let sigint: string;
let command: string;

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  killedDuring: string | null;
}

/** Runs `loupe loop run` in a child; with `killAfter`, SIGKILLs it that long after its n-th step line. */
function runChild(project: string, kill?: { afterLines: number; delayMs: number; signal?: NodeJS.Signals }): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, "loop", "run", project, "--trainer-command", command], {
      cwd: tmp.dir,
      env: { ...process.env, LOUPE_HOME: join(tmp.dir, "home"), FORCE_COLOR: "0" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    let lines = 0;
    let killedDuring: string | null = null;
    child.stderr.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      stderr += text;
      if (!kill) return;
      for (const m of text.matchAll(/▶ (iteration \d+: \w+)/g)) {
        lines++;
        if (lines === kill.afterLines) {
          const during = m[1] ?? null;
          setTimeout(() => {
            if (child.exitCode === null) {
              killedDuring = during;
              child.kill(kill.signal ?? "SIGKILL");
            }
          }, kill.delayMs);
        }
      }
    });
    child.on("exit", (code, signal) => resolve({ code, signal, stderr, killedDuring }));
  });
}

function integrity(project: string): string {
  const db = new Database(join(project, "project.sqlite"), { readonly: true });
  try {
    return (db.pragma("integrity_check", { simple: true }) as string) ?? "";
  } finally {
    db.close();
  }
}

/** Everything the loop writes, with model ids replaced by their creation order (ids are random per run). */
function tables(project: string): Record<string, unknown> {
  const db = new Database(join(project, "project.sqlite"), { readonly: true });
  try {
    const models = (db.prepare("SELECT id FROM models ORDER BY created_at, rowid").all() as { id: string }[]).map((r) => r.id);
    const m = (id: string | null) => (id === null ? null : models.indexOf(id));
    const all = (sql: string) => db.prepare(sql).all() as Record<string, unknown>[];
    return {
      models: models.length,
      iterations: all("SELECT number, state, best_model_id, candidate_model_id, batch_id, selection_id, decision FROM iterations ORDER BY number").map((r) => {
        const d = r.decision ? (JSON.parse(String(r.decision)) as { promoted: boolean; firedRules: { rule: string }[]; bestModelId: string | null }) : null;
        return [r.number, r.state, m(r.best_model_id as string | null), m(r.candidate_model_id as string | null), r.batch_id, r.selection_id, d && [d.promoted, d.firedRules.map((f) => f.rule), m(d.bestModelId)]];
      }),
      loop: all("SELECT status, iteration, best_model_id FROM loop_state").map((r) => [r.status, r.iteration, m(r.best_model_id as string | null)]),
      selections: all("SELECT iteration, strategy, budget, pool_size, chosen, batch_id FROM selections ORDER BY id").map((r) => [r.iteration, r.strategy, r.budget, r.pool_size, (JSON.parse(String(r.chosen)) as { imageId: number }[]).map((c) => c.imageId), r.batch_id]),
      tasks: all("SELECT batch_id, image_id, position, status, annotator FROM review_tasks ORDER BY batch_id, position"),
      labels: all("SELECT image_id, class_id, round(x, 3) AS x, round(y, 3) AS y, round(w, 3) AS w, round(h, 3) AS h, source FROM labels ORDER BY image_id, class_id, x, y"),
      images: all("SELECT id, split, status FROM images ORDER BY id"),
      predictions: all("SELECT model_id, COUNT(*) AS n FROM predictions GROUP BY model_id").map((r) => [m(r.model_id as string), r.n]).sort(),
      predictionStatus: all("SELECT model_id, COUNT(*) AS n FROM prediction_status GROUP BY model_id").map((r) => [m(r.model_id as string), r.n]).sort(),
      evaluations: all("SELECT model_id, split, iteration FROM evaluations ORDER BY iteration, model_id, split").map((r) => [m(r.model_id as string), r.split, r.iteration]).sort(),
      duplicatePredictions: (db.prepare("SELECT COUNT(*) AS n FROM (SELECT model_id, image_id, class_index, x, y, w, h, COUNT(*) AS c FROM predictions GROUP BY 1,2,3,4,5,6,7 HAVING c > 1)").get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  tmp = tempDir("loupe-kill-");
  const { host } = testHost(tmp.dir);
  const h: Host = host;
  const { projectDir, oracle } = await loopProject(h, tmp.dir, { images: 36, seed: 9 });
  await h.call("loop", "updateConfig", { patch: { review: { mode: "oracle", oraclePath: oracle }, selection: { budget: 3 }, convergence: { maxIterations: 3 } } });
  await h.dispose();
  command = fakeTrainerCommand(constantModel(join(tmp.dir, "constant.onnx")));
  reference = join(tmp.dir, "reference.loupe");
  victim = join(tmp.dir, "victim.loupe");
  pristine = join(tmp.dir, "pristine.loupe");
  sigint = join(tmp.dir, "sigint.loupe");
  for (const to of [reference, victim, sigint, pristine]) cpSync(projectDir, to, { recursive: true });
}, 120_000);
afterAll(() => tmp.cleanup());

describe("the loop under kill -9", () => {
  it(`ends with the same tables as an uninterrupted run after ${KILLS} kills at random points (seed ${SEED})`, async () => {
    const ref = await runChild(reference);
    expect(ref.code, ref.stderr.slice(-2000)).toBe(0);
    const expected = tables(reference);

    const rng = createRng(SEED);
    const hits: string[] = [];
    let restarts = 0;
    for (let k = 0; hits.length < KILLS && k < KILLS * 3; k++) {
      const afterLines = 1 + rng.int(2);
      const delayMs = rng.int(300);
      const r = await runChild(victim, { afterLines, delayMs });
      if (r.killedDuring) hits.push(r.killedDuring);
      expect(integrity(victim)).toBe("ok");
      if (r.code === 0 && hits.length < KILLS) {
        // the loop finished between kills (a fast machine): check it, then start over from the same state
        expect(tables(victim)).toEqual(expected);
        rmSync(victim, { recursive: true, force: true });
        cpSync(pristine, victim, { recursive: true });
        restarts++;
      }
    }
    if (restarts) console.info(`[kill test] the loop finished ${restarts} time(s) between kills and was started over`);
    console.info(`[kill test] seed ${SEED}: ${hits.length} kills, during ${[...new Set(hits.map((h) => h.replace(/^iteration \d+: /, "")))].sort().join(", ")}`);
    expect(hits.length).toBeGreaterThanOrEqual(KILLS);
    const final = await runChild(victim);
    expect(final.code, final.stderr.slice(-2000)).toBe(0);
    expect(integrity(victim)).toBe("ok");
    const got = tables(victim);
    expect(got.duplicatePredictions).toBe(0);
    expect(got).toEqual(expected);
  }, 420_000);

  it("Ctrl-C stops cleanly (exit 130, status stopped, resumable) and resume finishes the same way", async () => {
    const r = await runChild(sigint, { afterLines: 4, delayMs: 50, signal: "SIGINT" });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/stopped during \w+/);
    const db = new Database(join(sigint, "project.sqlite"), { readonly: true });
    const st = db.prepare("SELECT status, reason, lock_owner FROM loop_state").get() as { status: string; reason: string; lock_owner: string | null };
    db.close();
    expect(st.status).toBe("stopped");
    expect(st.reason).toMatch(/resume to go on/);
    expect(st.lock_owner).toBeNull();
    const again = await runChild(sigint);
    expect(again.code, again.stderr.slice(-2000)).toBe(0);
    expect(tables(sigint)).toEqual(tables(reference));
  }, 180_000);
});
