import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { SELECTION_STRATEGIES, type SelectionStrategyName } from "../../../src-preload/api";
import { DEFAULT_ACTION_COSTS, type ActionCosts } from "../../core/simulation/cost";
import { summaryTable, textTable, verdict } from "../../core/simulation/report";
import { LoupeError } from "../../errors";
import { sandboxOpener } from "../../host/sandbox-opener";
import { runSimulation, type SimulationRequest } from "../../simulation/run-simulation";
import { flagString, type CliCommand, type CliContext } from "../command";

function list(ctx: CliContext, name: string): string[] | undefined {
  const v = flagString(ctx.args, name);
  return v === undefined ? undefined : v.split(",").map((s) => s.trim()).filter(Boolean);
}

function num(ctx: CliContext, name: string, opts: { int?: boolean; min?: number } = {}): number | undefined {
  const v = flagString(ctx.args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || (opts.int && !Number.isInteger(n)) || n < (opts.min ?? 0)) {
    throw new LoupeError("E_VALIDATION", `--${name} must be ${opts.int ? "a whole number" : "a number"} ≥ ${opts.min ?? 0}, got "${v}"`);
  }
  return n;
}

/** The machine's load, for the report: simulated figures mean little without it. */
export function machineLine(): string {
  const [one, five] = loadavg();
  return `${cpus().length} cores, load average ${one?.toFixed(2)} (1 min) / ${five?.toFixed(2)} (5 min) at the start`;
}

/** Flags → a simulation request (shared with the benchmark). */
export function simulationRequest(ctx: CliContext, projectDir: string): SimulationRequest {
  const strategies = list(ctx, "strategies") as SelectionStrategyName[] | undefined;
  for (const s of strategies ?? []) {
    if (!(SELECTION_STRATEGIES as readonly string[]).includes(s)) throw new LoupeError("E_VALIDATION", `--strategies: unknown strategy "${s}" (one of ${SELECTION_STRATEGIES.join(", ")})`);
  }
  const seeds = list(ctx, "seeds")?.map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 0) throw new LoupeError("E_VALIDATION", `--seeds: "${s}" is not a whole number ≥ 0`);
    return n;
  });
  const oracle = flagString(ctx.args, "oracle");
  const resume = flagString(ctx.args, "resume");
  if (!oracle && !resume) throw new LoupeError("E_VALIDATION", "simulate needs --oracle <the pool's ground truth: YOLO labels folder, COCO JSON or VOC folder> (or --resume <id>)");
  const model: SimulationRequest["model"] = {};
  const put = <K extends keyof NonNullable<SimulationRequest["model"]>>(k: K, v: NonNullable<SimulationRequest["model"]>[K] | undefined) => {
    if (v !== undefined) (model as Record<string, unknown>)[k] = v;
  };
  put("steps", num(ctx, "steps", { int: true, min: 1 }));
  put("baselineSteps", num(ctx, "baseline-steps", { int: true, min: 1 }));
  put("epochs", num(ctx, "epochs", { int: true, min: 1 }));
  put("baselineEpochs", num(ctx, "baseline-epochs", { int: true, min: 1 }));
  put("imgsz", num(ctx, "imgsz", { int: true, min: 32 }));
  const costs: ActionCosts = {
    drawBoxSec: num(ctx, "draw-sec") ?? DEFAULT_ACTION_COSTS.drawBoxSec,
    verifyBoxSec: num(ctx, "verify-sec") ?? DEFAULT_ACTION_COSTS.verifyBoxSec,
    rejectBoxSec: num(ctx, "reject-sec") ?? DEFAULT_ACTION_COSTS.rejectBoxSec,
    correctBoxSec: num(ctx, "correct-sec") ?? DEFAULT_ACTION_COSTS.correctBoxSec,
    imageSec: num(ctx, "image-sec") ?? DEFAULT_ACTION_COSTS.imageSec,
  };
  const rounds = num(ctx, "rounds", { int: true, min: 1 });
  const budget = num(ctx, "budget", { int: true, min: 1 });
  const budgetUnit = flagString(ctx.args, "budget-unit");
  if (budgetUnit !== undefined && budgetUnit !== "images" && budgetUnit !== "boxes") throw new LoupeError("E_VALIDATION", `--budget-unit must be images or boxes, not "${budgetUnit}"`);
  return {
    projectDir,
    oraclePath: oracle ? resolve(oracle) : "",
    ...(resume ? { id: resume } : flagString(ctx.args, "id") ? { id: flagString(ctx.args, "id") } : {}),
    ...(strategies ? { strategies } : {}),
    ...(seeds ? { seeds } : {}),
    ...(rounds !== undefined ? { rounds } : {}),
    ...(budget !== undefined ? { budget } : {}),
    ...(budgetUnit !== undefined ? { budgetUnit } : {}),
    ...(Object.keys(model).length > 0 ? { model } : {}),
    costs,
    command: `loupe simulate ${process.argv.slice(3).join(" ")}`.trim(),
    machine: machineLine(),
  };
}

/**
 * `loupe simulate <project> --oracle <labels>`: strategies side by side on the project's own data before any
 * annotator's time is spent. The project is only read; every run works in a sandbox under simulations/<id>/.
 */
export const simulateCommand: CliCommand = {
  name: "simulate",
  summary: "compares selection strategies on your data with an oracle answering reviews (the project is never changed)",
  usage: [
    "loupe simulate <project> --oracle <pool labels> [--strategies random,entropy,multi-factor] [--seeds 0,1,2]",
    "               [--rounds 4] [--budget 20] [--budget-unit images|boxes] [--steps 200] [--baseline-steps 1500] [--imgsz 320] [--id <name>]",
    "               [--draw-sec 34.5] [--verify-sec 4.6] [--reject-sec 4.6] [--correct-sec 7] [--image-sec 2]",
    "               [--trainer-command \"<cmd>\"] [--json]",
    "loupe simulate <project> --resume <id>     (goes on after a kill; finished runs are not redone)",
    "  writes <project>/simulations/<id>/{results.json, curves.csv, learning_curves.svg/.png, report.md}",
    "  --draw-sec 7 prices boxes drawn by extreme clicking instead of the classic protocol",
  ],
  async run(ctx) {
    const arg = ctx.args.positionals[0];
    if (!arg) throw new LoupeError("E_VALIDATION", "simulate: which project? loupe simulate <project> --oracle <labels>");
    const projectDir = resolve(arg);
    const req = simulationRequest(ctx, projectDir);
    const trainerCommand = flagString(ctx.args, "trainer-command");
    const opener = sandboxOpener({
      appDataDir: join(projectDir, "simulations", ".home"),
      ...(trainerCommand ? { trainerOverride: { adapter: "command" as const, command: trainerCommand } } : {}),
    });
    const r = await runSimulation({ opener, clock: { now: () => Date.now() }, signal: ctx.signal, log: (l) => ctx.err(`▶ ${l}`) }, req);
    if (ctx.json) {
      ctx.out(JSON.stringify(r, null, 2));
      return 0;
    }
    const { header, rows } = summaryTable(r.summary);
    const best = verdict(r.summary);
    ctx.out(`${textTable(header, rows)}\n\n${best}\nwritten to ${r.dir}`);
    return r.runs.some((x) => x.status === "failed") ? 1 : 0;
  },
};
