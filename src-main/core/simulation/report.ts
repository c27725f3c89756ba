/**
 * What a simulation writes besides results.json, built as text (unit-tested byte for byte; the runner writes them):
 * curves.csv (one row per run and round), learning_curves.svg (mAP50-95 against labels spent and against estimated
 * annotator hours, mean ± spread over seeds) and report.md (the table and how to read it).
 */
import type { ActionCosts } from "./cost";
import type { Spread } from "./curves";
import type { RunResult, SimulationSummary, StrategySummary } from "./results";

export const CSV_HEADER = "strategy,seed,round,labels,images,drawn,verified,rejected,corrected,annotator_seconds,map50_95,map50,f1";

const num = (x: number, digits = 4): string => (Number.isFinite(x) ? String(Number(x.toFixed(digits))) : "");

/**
 * curves.csv: every round of every finished run.
 * @example curvesCsv([]) // CSV_HEADER + "\n"
 */
export function curvesCsv(runs: readonly RunResult[]): string {
  const lines = [CSV_HEADER];
  for (const r of runs) {
    for (const p of r.rounds) {
      lines.push(
        [r.strategy, r.seed, p.round, p.labels, p.images, p.drawn, p.verified, p.rejected, p.corrected, num(p.annotatorSeconds, 1), num(p.mAP50_95), num(p.mAP50), num(p.f1)].join(","),
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/**
 * "0.412 ± 0.013" (sample spread over seeds), or "0.412" for one seed, "–" without values.
 * @example formatSpread({ n: 3, mean: 0.4123, std: 0.0131, min: 0.4, max: 0.43 }) // "0.412 ± 0.013"
 */
export function formatSpread(s: Spread, digits = 3): string {
  if (s.n === 0 || !Number.isFinite(s.mean)) return "–";
  return s.n === 1 ? s.mean.toFixed(digits) : `${s.mean.toFixed(digits)} ± ${s.std.toFixed(digits)}`;
}

/** The ratio column: "0.58 ± 0.04", with "(2 of 3 seeds reached it)" when some never did. */
function ratioCell(s: StrategySummary): string {
  const m = s.labelsToMatchRandom;
  if (m === null) return s.strategy === "random" ? "1 (reference)" : "–";
  if (m.reachedIn === 0) return "not reached";
  const base = formatSpread(m.ratio, 2);
  return m.reachedIn < m.perSeed.length ? `${base} (${m.reachedIn} of ${m.perSeed.length} seeds reached it)` : base;
}

/** The table rows shared by the CLI and report.md. */
export function summaryTable(summary: SimulationSummary): { header: string[]; rows: string[][] } {
  const header = ["strategy", "seeds", "final mAP50-95", "final mAP50", "final F1", "AUC (labels)", "AUC (images)", "labels to match random", "boxes drawn", "verified", "annotator h"];
  const rows = summary.strategies.map((s) => [
    s.strategy,
    String(s.seeds.length),
    formatSpread(s.final.mAP50_95),
    formatSpread(s.final.mAP50),
    formatSpread(s.final.f1),
    formatSpread(s.auc.labels),
    formatSpread(s.auc.images),
    ratioCell(s),
    formatSpread(s.cost.drawn, 0),
    formatSpread(s.cost.verified, 0),
    formatSpread({ ...s.final.annotatorSeconds, mean: s.final.annotatorSeconds.mean / 3600, std: s.final.annotatorSeconds.std / 3600 }, 2),
  ]);
  return { header, rows };
}

/**
 * A plain-text table with aligned columns (the CLI prints it).
 * @example textTable(["a", "bb"], [["1", "2"]]) // "a  bb\n1  2 "
 */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: readonly string[]) => cells.map((x, c) => x.padEnd(widths[c] ?? 0)).join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}

export interface ReportContext {
  id: string;
  projectName: string;
  command: string;
  settings: { strategies: readonly string[]; seeds: readonly number[]; rounds: number; budget: number; budgetUnit: string; imgsz: number; steps: number };
  start: { labeledImages: number; labels: number; valImages: number; poolImages: number };
  costs: ActionCosts;
  /** e.g. "load average 3.2 on 2 cores". */
  machine: string;
  elapsedSec: number;
}

/**
 * The one-line answer: which strategy saved labels over random, or that none did (a ratio ≥ 1 is no saving, even
 * when it is the smallest). `strong` marks the strategy's name (markdown bold in report.md, plain in the CLI).
 * @example verdict({ ...summary, best: { strategy: "entropy", ratio: 1.2 } }) // "No strategy saved labels over random: …"
 */
export function verdict(summary: SimulationSummary, strong: (name: string) => string = (n) => n): string {
  const b = summary.best;
  if (!b) return "No strategy reached random's final mAP50-95 with every seed in these runs; read the areas and the curves instead.";
  if (b.ratio < 1) return `Fewest labels to reach random's final mAP50-95: ${strong(b.strategy)}, ${b.ratio.toFixed(2)} × random's labels (mean over seeds).`;
  return `No strategy saved labels over random: the closest, ${strong(b.strategy)}, needed ${b.ratio.toFixed(2)} × random's labels to reach random's final mAP50-95 (mean over seeds).`;
}

/** report.md: what ran, the table, and how to read it. */
export function reportMarkdown(summary: SimulationSummary, ctx: ReportContext): string {
  const { header, rows } = summaryTable(summary);
  const md = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  const s = ctx.settings;
  const best = verdict(summary, (t) => `**${t}**`);
  return [
    `# Simulation ${ctx.id} on ${ctx.projectName}`,
    "",
    `Command: \`${ctx.command}\``,
    "",
    `Start: ${ctx.start.labeledImages} labelled images (${ctx.start.labels} boxes), ${ctx.start.valImages} validation images, ${ctx.start.poolImages} pool images answered by the oracle.`,
    `Runs: ${s.strategies.join(", ")} × seeds ${s.seeds.join(", ")}; ${s.rounds} rounds of ${s.budget} ${s.budgetUnit}; image size ${s.imgsz}, ${s.steps} training steps per round.`,
    `Machine: ${ctx.machine}; ${Math.round(ctx.elapsedSec)} s in all.`,
    "",
    md(header),
    md(header.map(() => "---")),
    ...rows.map(md),
    "",
    best,
    "",
    "How to read it:",
    `- AUC is the mean mAP50-95 over the labels (or images) range every run covered: ${summary.range.labels[0]}–${summary.range.labels[1]} boxes, ${summary.range.images[0]}–${summary.range.images[1]} images.`,
    "- \"labels to match random\" is the boxes a strategy needed to reach random's final mAP50-95, divided by the boxes random needed (paired by seed); below 1 saves labels.",
    `- Annotator time uses ${ctx.costs.drawBoxSec} s per drawn box, ${ctx.costs.verifyBoxSec} s per verified and ${ctx.costs.rejectBoxSec} s per rejected model box, ${ctx.costs.correctBoxSec} s per corrected box and ${ctx.costs.imageSec} s per image (see core/simulation/cost.ts for the sources).`,
    "- Spreads are sample standard deviations over seeds; with few seeds, differences inside the spread are noise.",
    "",
  ].join("\n");
}

const PALETTE = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2", "#edc948", "#9c755f"];

/** Colour of a strategy: random is always grey, the rest by position. */
function strategyColour(strategy: string, index: number): string {
  return strategy === "random" ? "#7f7f7f" : (PALETTE[index % PALETTE.length] as string);
}

const esc = (t: string): string => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** One panel: mAP50-95 (mean line, ± spread band) against an x of the mean curve. */
function panel(
  summary: SimulationSummary,
  x: (p: StrategySummary["curve"][number]) => number,
  title: string,
  xLabel: string,
  box: { left: number; top: number; width: number; height: number },
): string {
  const pts = summary.strategies.flatMap((s) => s.curve);
  const xMax = Math.max(1e-9, ...pts.map(x));
  const xMin = Math.min(xMax, ...pts.map(x));
  const yMax = Math.max(0.05, ...pts.map((p) => p.mAP50_95 + (Number.isFinite(p.mAP50_95Std) ? p.mAP50_95Std : 0))) * 1.05;
  const sx = (v: number) => box.left + ((v - xMin) / Math.max(1e-9, xMax - xMin)) * box.width;
  const sy = (v: number) => box.top + box.height - (v / yMax) * box.height;
  const f = (v: number) => v.toFixed(1);
  const out: string[] = [
    `<text x="${f(box.left)}" y="${f(box.top - 10)}" font-size="14" font-weight="bold">${esc(title)}</text>`,
    `<rect x="${f(box.left)}" y="${f(box.top)}" width="${f(box.width)}" height="${f(box.height)}" fill="none" stroke="#999"/>`,
  ];
  for (let k = 0; k <= 4; k++) {
    const yv = (yMax * k) / 4;
    out.push(`<text x="${f(box.left - 6)}" y="${f(sy(yv) + 4)}" font-size="11" text-anchor="end">${yv.toFixed(2)}</text>`);
    const xv = xMin + ((xMax - xMin) * k) / 4;
    out.push(`<text x="${f(sx(xv))}" y="${f(box.top + box.height + 16)}" font-size="11" text-anchor="middle">${Number(xv.toPrecision(3))}</text>`);
  }
  out.push(`<text x="${f(box.left + box.width / 2)}" y="${f(box.top + box.height + 34)}" font-size="12" text-anchor="middle">${esc(xLabel)}</text>`);
  summary.strategies.forEach((s, i) => {
    const colour = strategyColour(s.strategy, i);
    const c = s.curve.filter((p) => Number.isFinite(x(p)) && Number.isFinite(p.mAP50_95));
    if (c.length === 0) return;
    const std = (p: (typeof c)[number]) => (Number.isFinite(p.mAP50_95Std) ? p.mAP50_95Std : 0);
    const upper = c.map((p) => `${f(sx(x(p)))},${f(sy(p.mAP50_95 + std(p)))}`);
    const lower = c.map((p) => `${f(sx(x(p)))},${f(sy(Math.max(0, p.mAP50_95 - std(p))))}`).reverse();
    out.push(`<polygon points="${[...upper, ...lower].join(" ")}" fill="${colour}" fill-opacity="0.15" stroke="none"/>`);
    out.push(`<polyline points="${c.map((p) => `${f(sx(x(p)))},${f(sy(p.mAP50_95))}`).join(" ")}" fill="none" stroke="${colour}" stroke-width="2"/>`);
  });
  return out.join("\n");
}

/**
 * learning_curves.svg: two panels (mAP50-95 against labels spent and against annotator hours) and a legend.
 * @example learningCurvesSvg(summary).startsWith("<svg") // true
 */
export function learningCurvesSvg(summary: SimulationSummary, title = "Learning curves"): string {
  const W = 1000;
  const H = 440;
  const legend = summary.strategies
    .map((s, i) => {
      const y = 70 + i * 20;
      return `<line x1="880" y1="${y}" x2="900" y2="${y}" stroke="${strategyColour(s.strategy, i)}" stroke-width="3"/><text x="906" y="${y + 4}" font-size="12">${esc(s.strategy)}</text>`;
    })
    .join("\n");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Arial, sans-serif">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="20" y="24" font-size="16" font-weight="bold">${esc(title)}</text>`,
    panel(summary, (p) => p.labels, "mAP50-95 vs labels spent (boxes)", "labels spent (boxes, start set included)", { left: 60, top: 60, width: 360, height: 300 }),
    panel(summary, (p) => p.annotatorSeconds / 3600, "mAP50-95 vs estimated annotator time", "annotator hours (rounds only)", { left: 490, top: 60, width: 360, height: 300 }),
    legend,
    `<text x="20" y="${H - 12}" font-size="11" fill="#555">lines: mean over seeds; bands: ± one standard deviation</text>`,
    "</svg>",
    "",
  ].join("\n");
}
