import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SimulationListItem, SimulationResultsInfo } from "../../src-preload/api";
import { LoupeError } from "../errors";

/** The simulations folder of a project. */
export const simulationsDir = (projectDir: string): string => join(projectDir, "simulations");

/** One simulation's results.json; E_NOT_FOUND when it has none yet, E_DATASET_FORMAT when it is not ours. */
export function readSimulation(projectDir: string, id: string): SimulationResultsInfo {
  const file = join(simulationsDir(projectDir), id, "results.json");
  if (!existsSync(file)) throw new LoupeError("E_NOT_FOUND", `${file}: no results for simulation "${id}" (yet)`, { file });
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new LoupeError("E_DATASET_FORMAT", `${file}: not valid JSON: ${(err as Error).message}`, { file });
  }
  const r = parsed as Partial<SimulationResultsInfo>;
  if (r.version !== 1 || typeof r.id !== "string" || !Array.isArray(r.runs) || typeof r.summary !== "object") {
    throw new LoupeError("E_DATASET_FORMAT", `${file}: not a Loupe simulation results file (version 1)`, { file });
  }
  return r as SimulationResultsInfo;
}

/** The project's simulations with results, newest first; unreadable ones are left out. */
export function listSimulations(projectDir: string): SimulationListItem[] {
  const dir = simulationsDir(projectDir);
  if (!existsSync(dir)) return [];
  const out: SimulationListItem[] = [];
  for (const id of readdirSync(dir)) {
    if (id.startsWith(".") || !existsSync(join(dir, id, "results.json"))) continue;
    try {
      const r = readSimulation(projectDir, id);
      out.push({
        id: r.id,
        createdAt: r.createdAt,
        finishedAt: r.finishedAt,
        strategies: r.settings.strategies,
        seeds: r.settings.seeds,
        runsDone: r.runs.filter((x) => x.status === "done").length,
        runsTotal: r.settings.strategies.length * r.settings.seeds.length,
        best: r.summary.best,
        dir: join(dir, id),
      });
    } catch {
      // a damaged or foreign results.json is not listed; `results` names the problem
    }
  }
  return out.sort((a, b) => b.createdAt - a.createdAt);
}
