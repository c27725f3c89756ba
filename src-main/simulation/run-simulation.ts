import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SELECTION_STRATEGIES, type SimulationResultsInfo } from "../../src-preload/api";
import { DEFAULT_ACTION_COSTS } from "../core/simulation/cost";
import { curvesCsv, learningCurvesSvg, reportMarkdown, type ReportContext } from "../core/simulation/report";
import { summarizeSimulation, type RunResult } from "../core/simulation/results";
import { LoupeError, throwIfAborted } from "../errors";
import { writeFileAtomic } from "../files/atomic";
import { loadSharp } from "../files/sharp-lazy";
import { DESCRIPTOR_STRATEGIES } from "../core/selection/types";
import { imageDescriptors } from "../evaluation/image-descriptors";
import { DEFAULT_LOOP_CONFIG } from "../loop/config";
import type { Db } from "../store/db";
import { listImageIds } from "../store/repos/images-repo";
import { resetSandboxLoop } from "../store/repos/sandbox-repo";
import { measureRun } from "./measure";
import type { SandboxOpener } from "./ports";
import { copyProject } from "./sandbox";
import { simulationsDir } from "./stored";

/** What a simulation runs: strategies × seeds, rounds of `budget` images, training sizes, costs, the oracle. */
export type SimulationSettings = SimulationResultsInfo["settings"];

export interface SimulationRequest extends Partial<Omit<SimulationSettings, "oraclePath">> {
  projectDir: string;
  oraclePath: string;
  /** An id to resume (or to name a new one); default a timestamp. */
  id?: string | undefined;
  /** Where simulations go; default `<project>/simulations`. */
  outRoot?: string | undefined;
  /** The command line, for report.md. */
  command?: string;
  /** "load average …", for report.md. */
  machine?: string;
}

/** results.json, exactly (the contract's `SimulationResultsInfo`, documented in README "Simulate"). */
export type SimulationResults = SimulationResultsInfo;

export interface SimulationDeps {
  opener: SandboxOpener;
  clock: { now(): number };
  signal?: AbortSignal | undefined;
  log?: ((line: string) => void) | undefined;
}

export const DEFAULT_SIMULATION: Omit<SimulationSettings, "oraclePath"> = {
  strategies: ["random", "entropy", "multi-factor"],
  seeds: [0, 1, 2],
  rounds: 4,
  budget: 20,
  budgetUnit: "images",
  model: {},
  costs: DEFAULT_ACTION_COSTS,
  reviewThreshold: 0.5,
};

const runName = (strategy: string, seed: number) => `${strategy}-s${seed}`;

function timestampId(now: number): string {
  return new Date(now).toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}

/** The loop configuration every sandbox shares: oracle review, a fixed number of rounds, no early stop. */
function sandboxConfig(s: SimulationSettings, strategy: string, seed: number): Record<string, unknown> {
  return {
    review: { mode: "oracle", oraclePath: s.oraclePath, approval: false },
    selection: { strategy, seed, budget: s.budget, budgetUnit: s.budgetUnit ?? "images" },
    // only the number of rounds (or an empty pool) ends a run: the curves must cover the same budget
    convergence: { targetF1: 1, plateauWindow: 100, overfitGapPts: 100, maxIterations: s.rounds },
    model: s.model,
  };
}

/**
 * `loupe simulate`: from one starting state (the project's labelled start set and val split, one baseline model
 * trained once), the loop with oracle review runs for each strategy × seed, each in a sandbox of its own under
 * `simulations/<id>/sandboxes/`, so the project itself is only read. Resumable: a finished sandbox is measured
 * again, not rerun; an interrupted one resumes its loop. Writes results.json, curves.csv, learning_curves.svg/.png
 * and report.md into `simulations/<id>/` after every run, so a kill loses at most the run in progress.
 */
export async function runSimulation(deps: SimulationDeps, req: SimulationRequest): Promise<SimulationResults & { dir: string }> {
  const id = req.id ?? timestampId(deps.clock.now());
  if (!/^[\w.-]{1,64}$/.test(id)) throw new LoupeError("E_VALIDATION", `simulation id "${id}": letters, digits, dot, dash and underscore only`);
  const dir = join(req.outRoot ?? simulationsDir(req.projectDir), id);
  const settingsFile = join(dir, "settings.json");
  // a resumed simulation goes on with the settings it was started with
  const resumed = existsSync(settingsFile);
  const settings: SimulationSettings = resumed
    ? readSettings(settingsFile)
    : { ...DEFAULT_SIMULATION, ...stripUndefined(req), oraclePath: req.oraclePath };
  validateSettings(settings, resumed ? settingsFile : "simulation settings");
  if (!existsSync(settings.oraclePath)) throw new LoupeError("E_NOT_FOUND", `${settings.oraclePath}: the oracle's ground truth does not exist`, { file: settings.oraclePath });
  mkdirSync(join(dir, "sandboxes"), { recursive: true });
  if (!resumed) writeFileAtomic(settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
  const log = deps.log ?? (() => undefined);
  // a resumed simulation keeps the time it was first started
  const createdAt = previousCreatedAt(join(dir, "results.json")) ?? deps.clock.now();

  // 1. The starting state: a baseline trained once, the first round not begun.
  const base = join(dir, "sandboxes", "base");
  const baseReady = join(base, ".baseline-ready");
  if (!existsSync(baseReady)) {
    log(`preparing the start: copying the project into ${base}`);
    copyProject(req.projectDir, base);
    await deps.opener.withProject(base, async (s) => {
      resetSandboxLoop(s.db);
      if (settings.strategies.some((x) => DESCRIPTOR_STRATEGIES.includes(x))) {
        // computed once here, copied with every sandbox: the loop's select step reads them from the cache
        log("computing image descriptors for the coverage strategies");
        await imageDescriptors(s.db, base, listImageIds(s.db, {}), deps.signal);
      }
      await s.updateLoopConfig(sandboxConfig(settings, "random", 0));
      log("training the baseline once for every run");
      const status = await s.runLoop({ signal: deps.signal, pauseAfterBaseline: true, log });
      const its = await s.iterations();
      if (!its.some((i) => i.number === 0 && i.state === "done")) {
        throw new LoupeError("E_INTERNAL", `the baseline did not finish: ${status.reason ?? status.status}`);
      }
    });
    writeFileSync(baseReady, `${deps.clock.now()}\n`);
  }
  const start = await deps.opener.withProject(base, async (s) => startOf(s.db, (await s.iterations()).find((i) => i.number === 0)?.metrics ?? null));

  // 2. The runs.
  const runs: RunResult[] = [];
  const write = (finished: boolean) => {
    const now = deps.clock.now();
    const results: SimulationResults = { version: 1, id, projectDir: req.projectDir, createdAt, finishedAt: finished ? now : null, settings, start, runs, summary: summarizeSimulation(runs) };
    return writeOutputs(dir, results, req, (now - createdAt) / 1000);
  };
  const t0 = deps.clock.now();
  for (const seed of settings.seeds) {
    for (const strategy of settings.strategies) {
      throwIfAborted(deps.signal, "simulation");
      const name = runName(strategy, seed);
      const sandbox = join(dir, "sandboxes", name);
      if (!existsSync(join(sandbox, ".copied"))) {
        copyProject(base, sandbox);
        writeFileSync(join(sandbox, ".copied"), `${deps.clock.now()}\n`);
      }
      log(`run ${name}: ${settings.rounds} rounds of ${settings.budget} ${settings.budgetUnit ?? "images"}`);
      const result = await deps.opener.withProject(sandbox, async (s): Promise<RunResult> => {
        await s.updateLoopConfig(sandboxConfig(settings, strategy, seed));
        const status = await s.runLoop({ signal: deps.signal, log: (l) => log(`  ${name}: ${l}`) });
        const rounds = measureRun(s.db, s.source, await s.iterations(), settings.costs, settings.reviewThreshold);
        const ok = status.status === "converged";
        return { strategy, seed, status: ok ? "done" : status.status === "failed" ? "failed" : "pending", error: ok ? null : (status.reason ?? status.status), rounds };
      });
      runs.push(result);
      await write(false);
      if (result.status === "pending" && deps.signal?.aborted) throw new LoupeError("E_CANCELLED", `simulation stopped during ${name}; run it again with --resume ${id}`);
    }
  }
  log(`all runs done in ${Math.round((deps.clock.now() - t0) / 1000)} s`);
  const results = await write(true);
  return { ...results, dir };
}

/** createdAt of an earlier results.json of this simulation (null when there is none or it cannot be read). */
function previousCreatedAt(file: string): number | null {
  try {
    const v = (JSON.parse(readFileSync(file, "utf8")) as { createdAt?: unknown }).createdAt;
    return typeof v === "number" && Number.isFinite(v) ? v : null;
  } catch {
    return null;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && !["projectDir", "id", "outRoot", "command", "machine"].includes(k))) as Partial<T>;
}

/** settings.json of a simulation being resumed; anything else is refused naming the file. */
function readSettings(file: string): SimulationSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new LoupeError("E_VALIDATION", `${file}: not valid JSON: ${(err as Error).message}`, { file, cause: err });
  }
  const s = raw as Partial<Record<keyof SimulationSettings, unknown>> | null;
  const isObject = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObject(s) || !Array.isArray(s!.strategies) || !Array.isArray(s!.seeds) || typeof s!.oraclePath !== "string" || !isObject(s!.costs) || !isObject(s!.model)) {
    throw new LoupeError("E_VALIDATION", `${file}: not the settings of a simulation (strategies, seeds, rounds, budget, oraclePath, model, costs)`, { file });
  }
  return s as SimulationSettings;
}

/** Every bad setting in one error, under `where` (the settings file when resuming). */
function validateSettings(s: SimulationSettings, where: string): void {
  const bad: string[] = [];
  if (s.strategies.length === 0) bad.push("strategies: name at least one");
  const unknown = s.strategies.filter((x) => !(SELECTION_STRATEGIES as readonly string[]).includes(x));
  if (unknown.length > 0) bad.push(`strategies: unknown ${unknown.map((x) => `"${x}"`).join(", ")} (one of ${SELECTION_STRATEGIES.join(", ")})`);
  if (new Set(s.strategies).size !== s.strategies.length) bad.push("strategies: each at most once");
  if (s.seeds.length === 0 || s.seeds.some((x) => !Number.isInteger(x) || x < 0)) bad.push("seeds: whole numbers ≥ 0");
  if (!Number.isInteger(s.rounds) || s.rounds < 1) bad.push("rounds: at least 1");
  if (!Number.isInteger(s.budget) || s.budget < 1) bad.push("budget: at least 1 per round");
  if (s.budgetUnit !== undefined && s.budgetUnit !== "images" && s.budgetUnit !== "boxes") bad.push("budgetUnit: images or boxes");
  if (!(s.reviewThreshold >= 0 && s.reviewThreshold <= 1)) bad.push("reviewThreshold: between 0 and 1");
  for (const [k, v] of Object.entries(s.costs)) if (!(typeof v === "number" && v >= 0)) bad.push(`costs.${k}: seconds ≥ 0`);
  if (bad.length > 0) throw new LoupeError("E_VALIDATION", `${where}: ${bad.join("; ")}`);
}

function startOf(db: Db, m: { labelsSpent: number; imagesLabeled: number; mAP50_95: number; mAP50: number; f1: number } | null): SimulationResults["start"] {
  if (!m) return null;
  const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    labeledImages: m.imagesLabeled,
    labels: m.labelsSpent,
    valImages: n("SELECT COUNT(*) AS n FROM images WHERE split = 'val'"),
    poolImages: n("SELECT COUNT(*) AS n FROM images WHERE split = 'pool' AND status = 'unlabeled'"),
    mAP50_95: m.mAP50_95,
    mAP50: m.mAP50,
    f1: m.f1,
  };
}

/** Every output file, each written atomically. */
async function writeOutputs(dir: string, results: SimulationResults, req: SimulationRequest, elapsedSec: number): Promise<SimulationResults> {
  writeFileAtomic(join(dir, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeFileAtomic(join(dir, "curves.csv"), curvesCsv(results.runs));
  const svg = learningCurvesSvg(results.summary, `Learning curves — ${results.id}`);
  writeFileAtomic(join(dir, "learning_curves.svg"), svg);
  writeFileAtomic(join(dir, "learning_curves.png"), await (await loadSharp())(Buffer.from(svg)).png().toBuffer());
  const s = results.settings;
  const ctx: ReportContext = {
    id: results.id,
    projectName: req.projectDir,
    command: req.command ?? "loupe simulate",
    settings: { strategies: s.strategies, seeds: s.seeds, rounds: s.rounds, budget: s.budget, budgetUnit: s.budgetUnit ?? "images", imgsz: s.model.imgsz ?? DEFAULT_LOOP_CONFIG.model.imgsz, steps: s.model.steps ?? DEFAULT_LOOP_CONFIG.model.steps },
    start: results.start ?? { labeledImages: 0, labels: 0, valImages: 0, poolImages: 0 },
    costs: s.costs,
    machine: req.machine ?? "",
    elapsedSec,
  };
  writeFileAtomic(join(dir, "report.md"), reportMarkdown(results.summary, ctx));
  return results;
}
