import { describe, expect, it } from "vitest";
import { NO_ACTIONS } from "../../../../src-main/core/simulation/cost";
import { curvesCsv, formatSpread, learningCurvesSvg, summaryTable, textTable, verdict, CSV_HEADER } from "../../../../src-main/core/simulation/report";
import { accumulateRounds, summarizeSimulation, type RunResult } from "../../../../src-main/core/simulation/results";

const start = { labels: 100, images: 10, mAP50_95: 0.1, mAP50: 0.2, f1: 0.3 };
/** A run whose rounds each buy `labels` boxes (10 images) and reach the given mAP50-95 values. */
function run(strategy: string, seed: number, labels: number, maps: number[]): RunResult {
  const rounds = maps.map((m) => ({ ...NO_ACTIONS, labels, images: 10, drawn: labels, mAP50_95: m, mAP50: m + 0.1, f1: m + 0.2 }));
  return { strategy, seed, status: "done", error: null, rounds: accumulateRounds(start, rounds) };
}

describe("accumulateRounds", () => {
  it("adds labels, images, actions and annotator time round by round", () => {
    const r = accumulateRounds(start, [{ labels: 4, images: 2, drawn: 3, verified: 1, rejected: 0, corrected: 0, mAP50_95: 0.2, mAP50: 0.3, f1: 0.4 }]);
    expect(r).toHaveLength(2);
    expect(r[0]).toMatchObject({ round: 0, labels: 100, images: 10, annotatorSeconds: 0, mAP50_95: 0.1 });
    // 2 images · 2 s + 3 drawn · 34.5 s + 1 verified · 4.6 s = 112.1 s
    expect(r[1]).toMatchObject({ round: 1, labels: 104, images: 12, drawn: 3, verified: 1, mAP50_95: 0.2 });
    expect(r[1]?.annotatorSeconds).toBeCloseTo(112.1, 9);
  });
});

describe("summarizeSimulation", () => {
  // random: 100 → 0.1, 150 → 0.2, 200 → 0.3; entropy reaches 0.3 at 150 labels (seed 0) and 175 (seed 1, by
  // interpolation between 150 → 0.25 and 200 → 0.35).
  const runs = [
    run("random", 0, 50, [0.2, 0.3]),
    run("random", 1, 50, [0.2, 0.3]),
    run("entropy", 0, 50, [0.3, 0.35]),
    run("entropy", 1, 50, [0.25, 0.35]),
    run("margin", 0, 50, [0.15, 0.2]),
    { strategy: "margin", seed: 1, status: "failed", error: "trainer crashed", rounds: [] } as RunResult,
  ];
  const s = summarizeSimulation(runs);

  it("gives labels-to-match-random ratios per seed and their mean and spread", () => {
    const entropy = s.strategies.find((x) => x.strategy === "entropy");
    // random needs 200 labels to reach its final 0.3; entropy 150 and 175
    expect(entropy?.labelsToMatchRandom?.perSeed).toEqual([0.75, 0.875]);
    expect(entropy?.labelsToMatchRandom?.ratio.mean).toBeCloseTo(0.8125, 12);
    expect(entropy?.labelsToMatchRandom?.ratio.std).toBeCloseTo(Math.SQRT2 * 0.0625, 12);
    expect(s.strategies.find((x) => x.strategy === "margin")?.labelsToMatchRandom?.reachedIn).toBe(0);
    expect(s.strategies.find((x) => x.strategy === "random")?.labelsToMatchRandom).toBeNull();
    expect(s.best).toEqual({ strategy: "entropy", ratio: 0.8125 });
    expect(verdict(s, (t) => `**${t}**`)).toBe("Fewest labels to reach random's final mAP50-95: **entropy**, 0.81 × random's labels (mean over seeds).");
  });

  it("does not call a strategy better than random when even the best of them needed more labels", () => {
    expect(verdict({ ...s, best: { strategy: "entropy", ratio: 1.14 } })).toBe(
      "No strategy saved labels over random: the closest, entropy, needed 1.14 × random's labels to reach random's final mAP50-95 (mean over seeds).",
    );
    expect(verdict({ ...s, best: null })).toMatch(/^No strategy reached random's final mAP50-95 with every seed/);
  });

  it("measures areas over the range every finished run covered and leaves failed runs out", () => {
    expect(s.range.labels).toEqual([100, 200]);
    // random 0.1 → 0.2 → 0.3 linear over 100..200: mean 0.2
    expect(s.strategies.find((x) => x.strategy === "random")?.auc.labels.mean).toBeCloseTo(0.2, 12);
    // entropy seed 0: (0.1+0.3)/2·50 + (0.3+0.35)/2·50 = 10 + 16.25 → 0.2625
    expect(s.strategies.find((x) => x.strategy === "entropy")?.auc.labels.max).toBeCloseTo(0.2625, 12);
    expect(s.strategies.find((x) => x.strategy === "margin")?.seeds).toEqual([0]);
  });

  it("writes one CSV row per run and round, a table and a chart", () => {
    const csv = curvesCsv(runs).split("\n");
    expect(csv[0]).toBe(CSV_HEADER);
    expect(csv[1]).toBe("random,0,0,100,10,0,0,0,0,0,0.1,0.2,0.3");
    expect(csv).toHaveLength(1 + 5 * 3 + 1);
    const { header, rows } = summaryTable(s);
    expect(rows.find((r) => r[0] === "entropy")?.[header.indexOf("labels to match random")]).toBe("0.81 ± 0.09");
    expect(rows.find((r) => r[0] === "margin")?.[header.indexOf("labels to match random")]).toBe("not reached");
    expect(textTable(["a", "bb"], [["1", "2"]])).toBe("a  bb\n1  2 ");
    expect(formatSpread({ n: 1, mean: 0.5, std: 0, min: 0.5, max: 0.5 })).toBe("0.500");
    const svg = learningCurvesSvg(s);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(2 * 3);
  });
});
