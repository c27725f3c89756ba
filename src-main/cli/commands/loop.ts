import type { LoopConfig, LoopStatusInfo } from "../../../src-preload/api";
import { LoupeError } from "../../errors";
import { formatProgress } from "../../training/protocol";
import { flagBool, flagString, openProjectArg, resolveModelRef, type CliCommand, type CliContext } from "../command";

const SUBCOMMANDS = ["init", "run", "resume", "status", "stop", "config"] as const;
type Sub = (typeof SUBCOMMANDS)[number];

/** Flags of `loop init` (and `loop config`) → a loop.yaml patch. */
function configPatch(ctx: CliContext): Record<string, Record<string, unknown>> {
  const num = (name: string) => {
    const v = flagString(ctx.args, name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new LoupeError("E_VALIDATION", `--${name} must be a number, got "${v}"`);
    return n;
  };
  const patch: Record<string, Record<string, unknown>> = {};
  const put = (section: string, key: string, v: unknown) => {
    if (v === undefined) return;
    (patch[section] ??= {})[key] = v;
  };
  put("review", "mode", flagString(ctx.args, "mode"));
  put("review", "oraclePath", flagString(ctx.args, "oracle"));
  put("review", "approval", ctx.args.flags.approval === undefined ? undefined : flagBool(ctx.args, "approval"));
  put("selection", "budget", num("budget"));
  put("selection", "strategy", flagString(ctx.args, "strategy"));
  put("selection", "seed", num("seed"));
  put("convergence", "maxIterations", num("max-iterations"));
  put("convergence", "targetF1", num("target-f1"));
  put("model", "steps", num("steps"));
  put("model", "epochs", num("epochs"));
  put("model", "baselineSteps", num("baseline-steps"));
  put("model", "baselineEpochs", num("baseline-epochs"));
  put("model", "imgsz", num("imgsz"));
  put("model", "adapter", flagString(ctx.args, "adapter"));
  put("model", "baselineModelId", flagString(ctx.args, "baseline-model"));
  put("compare", "metric", flagString(ctx.args, "metric"));
  put("compare", "minMargin", num("margin"));
  return patch;
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? "  –  " : v.toFixed(3));

/** The convergence table: one row per iteration. */
export async function loopTable(ctx: CliContext): Promise<string> {
  const its = await ctx.host().call("loop", "iterations", {});
  const rows = [["iter", "labels", "images", "mAP50-95", "mAP50", "P", "R", "F1", "train F1", "decision"]];
  for (const it of its) {
    const m = it.metrics;
    const d = it.decision;
    rows.push([
      String(it.number),
      m ? String(m.labelsSpent) : "",
      m ? String(m.imagesLabeled) : "",
      pct(m?.mAP50_95),
      pct(m?.mAP50),
      pct(m?.precision),
      pct(m?.recall),
      pct(m?.f1),
      pct(m?.trainF1),
      !d ? (it.state === "done" ? "" : `(${it.state})`) : it.number === 0 ? "baseline" : `${d.promoted ? "promoted" : "kept"}${d.dryRun ? " (dry run)" : ""}${d.stop ? `; stop: ${d.firedRules.map((f) => f.rule).join(", ")}` : ""}`,
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd()).join("\n");
}

/** One screen: where the loop is, what it waits for, the best model, the last decision. */
export function describeStatus(s: LoopStatusInfo): string {
  const lines = [
    `loop: ${s.status}${s.iteration !== null ? ` — iteration ${s.iteration}, step ${s.step ?? "?"}` : ""}${s.dryRun ? " (dry run)" : ""}`,
  ];
  if (s.waitingFor) lines.push(`waiting for: ${s.waitingFor.message}`);
  if (s.reason && !s.waitingFor) lines.push(`why: ${s.reason}`);
  if (s.bestModelId) {
    const m = s.bestMetrics;
    lines.push(`best model: ${s.bestModelId.slice(0, 8)}${m ? ` — mAP50-95 ${m.mAP50_95.toFixed(3)}, mAP50 ${m.mAP50.toFixed(3)}, F1 ${m.f1.toFixed(3)} (${m.labelsSpent} labels)` : ""}`);
  }
  if (s.lastDecision) {
    const d = s.lastDecision;
    lines.push(`last decision (iteration ${d.iteration}): ${d.iteration === 0 ? "baseline" : d.promoted ? "promoted" : "kept"}`);
    for (const r of d.reasons) lines.push(`  ${r}`);
  }
  if (s.locked) lines.push(`running in process ${s.lockedBy}`);
  lines.push(`iterations done: ${s.iterationsDone}`);
  return lines.join("\n");
}

function configSummary(c: LoopConfig): string {
  return [
    `review: ${c.review.mode}${c.review.approval ? " with approval" : ""}${c.review.oraclePath ? ` (oracle ${c.review.oraclePath})` : ""}`,
    `selection: ${c.selection.strategy}, ${c.selection.budget} images per iteration`,
    `training: ${c.model.adapter}, ${c.model.steps} steps per round (baseline ${c.model.baselineSteps}) at ${c.model.imgsz} px${c.model.warmStart ? ", warm start" : ""}`,
    `promotion: ${c.compare.metric} on ${c.compare.split}, margin ${c.compare.minMargin}`,
    `convergence: F1 ≥ ${c.convergence.targetF1}, plateau < ${c.convergence.plateauMinGainPts} pts over ${c.convergence.plateauWindow}, overfit gap > ${c.convergence.overfitGapPts} pts, ${c.convergence.maxIterations} iterations`,
  ].join("\n");
}

/** Runs the loop in this process until it waits, converges, stops or fails, with progress on stderr. */
export async function runLoopHere(ctx: CliContext, opts: { dryRun: boolean; trainerCommand?: string | undefined; stopAfterIteration?: number }): Promise<LoopStatusInfo> {
  const host = ctx.host();
  let lastStep = "";
  let shownEpochs = 0;
  const engine = host.loopEngine({
    ...(opts.trainerCommand ? { trainerOverride: { adapter: "command", command: opts.trainerCommand } } : {}),
    log: (line) => ctx.err(`▶ ${line}`),
    onProgress: (p) => {
      const key = `${p.iteration}:${p.step}:${p.phase}`;
      if (key !== lastStep) {
        lastStep = key;
        shownEpochs = 0;
      }
      if (p.training) {
        if (p.training.epochsDone > shownEpochs) {
          shownEpochs = p.training.epochsDone;
          ctx.err(`  ${formatProgress(p.training)}`);
        }
        return;
      }
      if (p.total > 0) ctx.progress(`  ${p.phase}`, p.done, p.total);
    },
  });
  const stop = () => engine.stop();
  ctx.signal.addEventListener("abort", stop);
  try {
    return await engine.run({ dryRun: opts.dryRun, ...(opts.stopAfterIteration !== undefined ? { stopAfterIteration: opts.stopAfterIteration } : {}) });
  } finally {
    ctx.signal.removeEventListener("abort", stop);
  }
}

/**
 * `loupe loop init|run|resume|status|stop|config <project>`: the loop from the command line, on the same engine the
 * app runs. `run` goes until the loop waits for people (human review), converges, or is stopped (Ctrl-C finishes or
 * cancels the current step cleanly; `resume` goes on from there).
 */
export const loopCommand: CliCommand = {
  name: "loop",
  summary: "runs the active-learning loop: init | run | resume | status | stop | config",
  usage: [
    "loupe loop init <project> [--mode human|auto|oracle] [--oracle <labels>] [--budget 20] [--strategy entropy]",
    "                          [--max-iterations 10] [--steps 200] [--baseline-steps 1500] [--imgsz 320] [--approval]",
    "                          [--baseline-model <id|name|latest>]",
    "loupe loop run <project> [--dry-run] [--trainer-command \"<cmd with {data} {out} {epochs} {imgsz} {init}>\"] [--json]",
    "loupe loop resume <project>      (the same as run: goes on where the loop stopped)",
    "loupe loop status <project> [--json]",
    "loupe loop stop <project>        (asks a running loop to finish or cancel its step and stop)",
    "loupe loop config <project> [same flags as init]   (shows or changes loop.yaml)",
  ],
  async run(ctx) {
    const sub = ctx.args.positionals[0] as Sub | undefined;
    if (!sub || !SUBCOMMANDS.includes(sub)) throw new LoupeError("E_VALIDATION", `loop: say what to do: ${SUBCOMMANDS.join(", ")}`);
    ctx.args.positionals.shift();
    await openProjectArg(ctx);
    const host = ctx.host();
    switch (sub) {
      case "init":
      case "config": {
        const patch = configPatch(ctx);
        const baseline = patch.model?.baselineModelId;
        // a model named as in every command: its id, a unique id prefix, its name, or latest
        if (patch.model && typeof baseline === "string") patch.model.baselineModelId = await resolveModelRef(ctx, baseline);
        const config = Object.keys(patch).length > 0 || sub === "init" ? await host.call("loop", "updateConfig", { patch }) : (await host.call("loop", "getConfig", {})).config;
        if (ctx.json) ctx.out(JSON.stringify(config, null, 2));
        else ctx.out(configSummary(config));
        return 0;
      }
      case "status": {
        const s = await host.call("loop", "status", {});
        if (ctx.json) ctx.out(JSON.stringify({ status: s, iterations: await host.call("loop", "iterations", {}) }, null, 2));
        else ctx.out(`${describeStatus(s)}\n\n${await loopTable(ctx)}`);
        return 0;
      }
      case "stop": {
        const s = await host.call("loop", "stop", {});
        ctx.out(s.locked ? `asked the loop (process ${s.lockedBy}) to stop after its current step` : describeStatus(s));
        return 0;
      }
      case "run":
      case "resume": {
        const s = await runLoopHere(ctx, { dryRun: flagBool(ctx.args, "dry-run"), trainerCommand: flagString(ctx.args, "trainer-command") });
        if (ctx.json) ctx.out(JSON.stringify({ status: s, iterations: await host.call("loop", "iterations", {}) }, null, 2));
        else ctx.out(`\n${await loopTable(ctx)}\n\n${describeStatus(s)}`);
        return s.status === "failed" ? 1 : s.status === "stopped" ? 130 : 0;
      }
    }
  },
};
