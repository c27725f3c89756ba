import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hostname } from "node:os";
import type { Host } from "../../../src-main/host/create-host";
import { isLoupeError } from "../../../src-main/errors";
import { acquireLoopLock } from "../../../src-main/store/repos/loop-repo";
import { constantModel, fakeTrainerCommand, loopProject } from "../../helpers/loop-fixture";
import { tempDir, testHost } from "../../helpers/temp";

let tmp: ReturnType<typeof tempDir>;
let host: Host;
let model: string;

beforeEach(() => {
  tmp = tempDir("loupe-loop-");
  host = testHost(tmp.dir).host;
  model = constantModel(join(tmp.dir, "constant.onnx"));
});
afterEach(async () => {
  await host.dispose();
  tmp.cleanup();
});

const count = (sql: string, ...args: unknown[]) => (host.sessions.require().db.prepare(sql).get(...args) as { n: number }).n;
const engine = () => host.loopEngine({ trainerOverride: { adapter: "command", command: fakeTrainerCommand(model) } });

describe("the loop with a fake trainer", () => {
  it("runs the baseline and three oracle-reviewed iterations to a stored decision, with every output written", async () => {
    const { projectDir, oracle } = await loopProject(host, tmp.dir);
    await host.call("loop", "updateConfig", { patch: { review: { mode: "oracle", oraclePath: oracle }, selection: { budget: 4 }, convergence: { maxIterations: 3 } } });
    const poolBefore = count("SELECT COUNT(*) AS n FROM images WHERE split = 'pool' AND status = 'unlabeled'");

    const end = await engine().run();
    expect(end.status).toBe("converged");
    const its = await host.call("loop", "iterations", {});
    expect(its.map((i) => [i.number, i.state])).toEqual([[0, "done"], [1, "done"], [2, "done"], [3, "done"]]);
    // the constant model never improves: every candidate is kept, and iteration 3 hits both the plateau and the limit
    expect(its.slice(1).map((i) => i.decision?.promoted)).toEqual([false, false, false]);
    expect(its[3]?.decision?.firedRules.map((f) => f.rule)).toEqual(["plateau", "max_iterations"]);
    expect(end.reason).toMatch(/max iterations: 3 of 3/);
    // the baseline stays the best; one model per iteration
    expect(end.bestModelId).toBe(its[0]?.candidateModelId);
    expect(count("SELECT COUNT(*) AS n FROM models")).toBe(4);
    // three selections of 4 images, each a review batch answered by the oracle
    expect(count("SELECT COUNT(*) AS n FROM selections WHERE iteration IS NOT NULL")).toBe(3);
    expect(count("SELECT COUNT(*) AS n FROM review_tasks WHERE status = 'done' AND annotator = 'oracle'")).toBe(12);
    expect(count("SELECT COUNT(*) AS n FROM images WHERE split = 'pool' AND status = 'unlabeled'")).toBe(poolBefore - 12);
    // the oracle's labels are exactly the held-apart ground truth of the chosen images
    const chosen = host.sessions.require().db.prepare("SELECT i.id, i.rel_path AS rel FROM review_tasks t JOIN images i ON i.id = t.image_id").all() as { id: number; rel: string }[];
    const expected = chosen.reduce((s, c) => s + readFileSync(join(oracle, `${c.rel.split("/").pop()!.replace(/\.jpg$/, "")}.txt`), "utf8").trim().split("\n").filter(Boolean).length, 0);
    expect(count(`SELECT COUNT(*) AS n FROM labels WHERE image_id IN (${chosen.map((c) => c.id).join(",")})`)).toBe(expected);
    // every round trains on what the oracle labeled: its images joined the train split
    const history = (await host.call("training", "history", {})).reverse();
    expect(history.map((m) => m.trainImages - history[0]!.trainImages)).toEqual([0, 4, 8, 12]);
    // the labels spent grow by what the oracle drew
    const spent = its.map((i) => i.metrics?.labelsSpent ?? -1);
    expect(spent[3]! - spent[0]!).toBe(expected);

    for (const n of ["000", "001", "002", "003"]) {
      const dir = join(projectDir, "iterations", `iteration_${n}`);
      for (const f of ["metadata.json", "validation.json", "training_log.txt", "dataset/manifest.json", "weights/best.onnx", "weights/last.onnx"]) expect(existsSync(join(dir, f)), `${n}/${f}`).toBe(true);
      if (n !== "000") for (const f of ["selection.json", "error_analysis/error_report.json", "error_analysis/prompt_suggestions.json"]) expect(existsSync(join(dir, f)), `${n}/${f}`).toBe(true);
    }
    const csv = readFileSync(join(projectDir, "metrics", "convergence_tracking.csv"), "utf8").trim().split("\n");
    expect(csv).toHaveLength(5);
    expect(csv[4]).toMatch(/^3,\d+,\d+,.*,kept,.*plateau\|max_iterations$/);
    for (const p of ["f1_trend", "metrics_trend", "counts_trend"]) {
      expect(existsSync(join(projectDir, "metrics", "convergence_plots", `${p}.png`))).toBe(true);
      expect(readFileSync(join(projectDir, "metrics", "convergence_plots", `${p}.svg`), "utf8")).toMatch(/^<svg/);
    }
    expect(readdirSync(join(projectDir, "metrics", "iteration_reports")).sort()).toEqual(["iteration_00_report.json", "iteration_01_report.json", "iteration_02_report.json", "iteration_03_report.json"]);
    expect(readdirSync(join(projectDir, "prompt_versions"))).toHaveLength(4);
    const suggestions = JSON.parse(readFileSync(join(projectDir, "iterations", "iteration_001", "error_analysis", "prompt_suggestions.json"), "utf8")) as { misses: { class: string; missed: number }[] };
    expect(suggestions.misses.length).toBeGreaterThan(0);
    // a converged loop stays converged: another run does nothing
    expect((await engine().run()).iterationsDone).toBe(4);
    expect(count("SELECT COUNT(*) AS n FROM iterations")).toBe(4);
  });

  it("waits in review for people, says what it waits for, and goes on when the batch is done", async () => {
    await loopProject(host, tmp.dir);
    // the finished task's image keeps the model's own boxes (Enter's rule), which flatters train F1: no overfit stop here
    await host.call("loop", "updateConfig", { patch: { selection: { budget: 3 }, convergence: { overfitGapPts: 100 } } });
    const waiting = await engine().run();
    expect(waiting.status).toBe("waiting");
    expect(waiting.waitingFor).toMatchObject({ batchName: "round 1", total: 3, left: 3, message: "batch 'round 1': 3 of 3 tasks left" });
    // a second run while people still work changes nothing
    expect((await engine().run()).waitingFor?.left).toBe(3);
    const batch = waiting.waitingFor!.batchId;
    const tasks = (await host.call("review", "tasks", { batchId: batch })).items;
    await host.call("review", "finish", { taskId: tasks[0]!.id, outcome: "done" });
    expect((await host.call("loop", "status", {})).waitingFor?.message).toBe("batch 'round 1': 2 of 3 tasks left");
    for (const t of tasks.slice(1)) await host.call("review", "finish", { taskId: t.id, outcome: "skipped" });
    const next = await engine().run();
    expect(next.status, next.reason ?? "").toBe("waiting");
    expect(next.iteration).toBe(2);
    expect(next.waitingFor?.batchName).toBe("round 2");
    // round 2 never re-picks the images round 1 had
    const r2 = (await host.call("review", "tasks", { batchId: next.waitingFor!.batchId })).items.map((t) => t.image.id);
    expect(r2.some((id) => tasks.some((t) => t.image.id === id))).toBe(false);
    // the finished (not skipped) image of round 1 joined the train split for the next round's training
    const db = host.sessions.require().db;
    const splits = tasks.map((t) => (db.prepare("SELECT split FROM images WHERE id = ?").get(t.image.id) as { split: string }).split);
    expect(splits).toEqual(["train", "pool", "pool"]);
  });

  it("dry run: every step but training, the current model reused as the candidate and kept", async () => {
    const { projectDir } = await loopProject(host, tmp.dir);
    const added = await host.call("models", "add", { path: model, name: "given" });
    await host.call("loop", "updateConfig", { patch: { review: { mode: "auto" }, selection: { budget: 2, budgetUnit: "boxes" }, convergence: { maxIterations: 1 } } });
    const end = await engine().run({ dryRun: true });
    expect(end.status).toBe("converged");
    expect(count("SELECT COUNT(*) AS n FROM models")).toBe(1);
    const its = await host.call("loop", "iterations", {});
    expect(its[1]?.candidateModelId).toBe(added.id);
    expect(its[1]?.decision).toMatchObject({ promoted: false, dryRun: true, bestModelId: added.id });
    expect(its[1]?.decision?.reasons[0]).toMatch(/^dry run:/);
    // the budget counted predicted boxes: every image has three, so a budget of 2 buys one image (2 images would
    // have been chosen in images), and auto review kept its one prediction at or above 0.5 as a label
    const selection = JSON.parse(readFileSync(join(projectDir, "iterations", "iteration_001", "selection.json"), "utf8")) as { budgetUnit: string; chosen: unknown[] };
    expect(selection.budgetUnit).toBe("boxes");
    expect(selection.chosen).toHaveLength(1);
    expect(count("SELECT COUNT(*) AS n FROM labels WHERE source = 'prediction'")).toBe(1);
  });

  it("selects from the split the configuration names as the pool", async () => {
    await loopProject(host, tmp.dir);
    await host.call("models", "add", { path: model, name: "given" });
    const db = host.sessions.require().db;
    const moved = db.prepare("UPDATE images SET split = 'test' WHERE split = 'pool'").run().changes;
    expect(moved).toBeGreaterThan(2);
    const test = new Set(db.prepare("SELECT id FROM images WHERE split = 'test'").pluck().all());
    await host.call("loop", "updateConfig", { patch: { data: { pool: "test" }, review: { mode: "auto" }, selection: { budget: 2 }, convergence: { maxIterations: 1 } } });
    const end = await engine().run({ dryRun: true });
    expect(end.status).toBe("converged");
    const chosen = db.prepare("SELECT image_id FROM review_tasks").pluck().all();
    expect(chosen).toHaveLength(2);
    expect(chosen.every((id) => test.has(id))).toBe(true);
  });

  it("ends with pool exhausted when every unlabeled pool image is a copy of a labelled one", async () => {
    await loopProject(host, tmp.dir);
    await host.call("models", "add", { path: model, name: "given" });
    const db = host.sessions.require().db;
    const copied = db.prepare("SELECT content_hash FROM images WHERE status = 'labeled' ORDER BY id LIMIT 1").pluck().get() as string;
    expect(db.prepare("UPDATE images SET content_hash = ? WHERE split = 'pool' AND status = 'unlabeled'").run(copied).changes).toBeGreaterThan(0);
    await host.call("loop", "updateConfig", { patch: { review: { mode: "auto" }, selection: { budget: 2 }, convergence: { maxIterations: 3 } } });
    const end = await engine().run({ dryRun: true });
    expect(end.status).toBe("converged");
    expect(end.reason).toMatch(/pool exhausted/);
    const its = await host.call("loop", "iterations", {});
    expect(its).toHaveLength(2);
    expect(its[1]?.decision?.firedRules.map((f) => f.rule)).toContain("pool_exhausted");
    expect(count("SELECT COUNT(*) AS n FROM selections")).toBe(0);
  });

  it("refuses a configuration with bad values with one message per bad key, and writes nothing", async () => {
    const { projectDir } = await loopProject(host, tmp.dir);
    const bad = { selection: { budget: 0, strategy: "psychic" }, model: { imgsz: 100 }, review: { mode: "oracle" }, typo: 1 };
    const res = await host.dispatch("loop.updateConfig", { patch: bad });
    expect(res.ok).toBe(false);
    const v = await host.call("loop", "validateConfig", { config: bad });
    expect(v.ok).toBe(false);
    expect(v.issues.map((i) => i.key).sort()).toEqual(["model.imgsz", "selection.budget", "selection.strategy", "typo"]);
    expect(existsSync(join(projectDir, "loop.yaml"))).toBe(false);
    // the cross-field rules once the values themselves are right
    const v2 = await host.call("loop", "validateConfig", { config: { review: { mode: "oracle" }, data: { val: "train" } } });
    expect(v2.issues).toEqual([
      { key: "review.oraclePath", message: expect.stringContaining("oracle review needs") },
      { key: "data.val", message: "validation must not be the train split" },
    ]);
    expect(count("SELECT COUNT(*) AS n FROM iterations")).toBe(0);
  });

  it("refuses a second loop on the same project while another live process holds it", async () => {
    await loopProject(host, tmp.dir);
    const db = host.sessions.require().db;
    // another live process on this machine (the test runner that started this worker) holds the lock
    expect(acquireLoopLock(db, { owner: "other", pid: process.ppid, host: hostname() }, Date.now(), () => false).ok).toBe(true);
    const err = await engine().run().catch((e: unknown) => e);
    expect(isLoupeError(err, "E_CONFLICT")).toBe(true);
    expect((err as Error).message).toMatch(/already running \(process .+:\d+\)/);
    expect(count("SELECT COUNT(*) AS n FROM iterations")).toBe(0);
  });

  it("takes over the lock of a process that is gone, and of an engine of this process that ended without releasing it", async () => {
    await loopProject(host, tmp.dir);
    await host.call("loop", "updateConfig", { patch: { selection: { budget: 2 } } });
    const db = host.sessions.require().db;
    acquireLoopLock(db, { owner: "gone", pid: 2 ** 22 + 12345, host: hostname() }, Date.now(), () => true);
    expect((await host.call("loop", "status", {})).locked).toBe(false);
    expect((await engine().run()).status).toBe("waiting");
    acquireLoopLock(db, { owner: "crashed engine of this process", pid: process.pid, host: hostname() }, Date.now(), () => true);
    expect((await engine().run()).status).toBe("waiting");
  });

  it("stops a running loop when its project is closed, and resumes after it is opened again", async () => {
    const { projectDir } = await loopProject(host, tmp.dir);
    await host.call("loop", "updateConfig", { patch: { selection: { budget: 2 } } });
    const running = engine().run().catch((e: unknown) => e);
    await expect.poll(async () => (await host.call("loop", "status", {})).step, { timeout: 30_000 }).toBe("evaluate");
    await host.call("projects", "close", {});
    await running; // the run ends (the database it wrote to is closed)
    await host.call("projects", "open", { path: projectDir });
    const s = await host.call("loop", "status", {});
    expect(s.locked).toBe(false);
    expect(s.status).toBe("stopped");
    expect(s.reason).toMatch(/interrupted|stopped/);
    expect((await engine().run()).status).toBe("waiting");
    expect((await host.call("loop", "iterations", {})).map((i) => i.state)).toEqual(["done", "review"]);
  });
});
