import { describe, expect, it } from "vitest";
import { DEFAULT_LOOP_CONFIG } from "../../../src-main/loop/config";
import { decideIteration, type DecideInput } from "../../../src-main/loop/decide";

const config = { compare: DEFAULT_LOOP_CONFIG.compare, convergence: DEFAULT_LOOP_CONFIG.convergence };
const m = (modelId: string, map50_95: number, f1: number, trainF1: number | null = null) => ({ modelId, map50_95, map50: map50_95 + 0.2, f1, trainF1 });
const input = (over: Partial<DecideInput>): DecideInput => ({
  iteration: 1,
  candidate: m("cand", 0.42, 0.7),
  best: { modelId: "best", map50_95: 0.41, map50: 0.61, f1: 0.68 },
  history: [],
  poolExhausted: false,
  dryRun: false,
  config,
  ...over,
});

describe("decide", () => {
  it("promotes a candidate that wins by the margin (mAP50-95 +0.010 ≥ 0.005)", () => {
    const d = decideIteration(input({}));
    expect(d).toMatchObject({ promoted: true, bestModelId: "cand", candidateValue: 0.42, bestValue: 0.41, stop: false, firedRules: [] });
    expect(d.reasons[0]).toBe("promoted: cand beats best on mAP50-95: 0.4200 vs 0.4100 (+0.0100 ≥ margin 0.005)");
  });

  it("keeps the best when the candidate wins by less than the margin (+0.003 < 0.005), and says so", () => {
    const d = decideIteration(input({ candidate: m("cand", 0.413, 0.9) }));
    expect(d.promoted).toBe(false);
    expect(d.bestModelId).toBe("best");
    expect(d.reasons[0]).toMatch(/^kept: cand does not beat best on mAP50-95 by the margin: 0.4130 vs 0.4100 \(\+0.0030 < 0.005\)/);
  });

  it("compares on the configured metric (F1 here)", () => {
    const d = decideIteration(input({ candidate: m("cand", 0.3, 0.75), config: { ...config, compare: { ...config.compare, metric: "F1", minMargin: 0.01 } } }));
    expect(d).toMatchObject({ promoted: true, metric: "F1", candidateValue: 0.75, bestValue: 0.68 });
  });

  it("fires target F1 on the best model after the decision (0.985 ≥ 0.98)", () => {
    const d = decideIteration(input({ candidate: m("cand", 0.6, 0.985) }));
    expect(d.stop).toBe(true);
    expect(d.firedRules).toEqual([{ rule: "target_f1", message: "target F1 reached: 0.985 ≥ 0.98" }]);
  });

  it("fires the plateau: +0.3 F1 points over the last 2 iterations (< 0.5)", () => {
    // best F1 after iterations 1 and 2: 0.800, 0.802; iteration 3 promotes a 0.803 → +0.3 points over 2 iterations
    const d = decideIteration(input({ iteration: 3, candidate: m("cand", 0.42, 0.803), history: [{ iteration: 1, valF1: 0.8 }, { iteration: 2, valF1: 0.802 }] }));
    expect(d.promoted).toBe(true);
    expect(d.firedRules).toEqual([{ rule: "plateau", message: "plateau: +0.3 F1 points over the last 2 iterations (< 0.5)" }]);
  });

  it("does not call a plateau before there are window + 1 iterations", () => {
    expect(decideIteration(input({ iteration: 2, candidate: m("cand", 0.42, 0.8), history: [{ iteration: 1, valF1: 0.8 }] })).stop).toBe(false);
  });

  it("fires overfitting on the candidate's own gap, even when it is kept (train 0.92 − val 0.80 = 12 points > 5)", () => {
    const d = decideIteration(input({ candidate: m("cand", 0.41, 0.8, 0.92) }));
    expect(d.promoted).toBe(false);
    expect(d.firedRules).toEqual([{ rule: "overfitting", message: "overfitting: train F1 0.920 − val F1 0.800 = 12.0 points (> 5)" }]);
  });

  it("fires max iterations when the history reaches the limit (3 of 3), after the other rules", () => {
    const cfg = { ...config, convergence: { ...config.convergence, maxIterations: 3 } };
    const d = decideIteration(input({ iteration: 3, candidate: m("cand", 0.5, 0.9, 0.99), history: [{ iteration: 1, valF1: 0.7 }, { iteration: 2, valF1: 0.8 }], config: cfg }));
    expect(d.firedRules.map((f) => f.rule)).toEqual(["overfitting", "max_iterations"]);
    expect(d.firedRules[1]?.message).toBe("max iterations: 3 of 3");
  });

  it("stops with pool exhausted", () => {
    const d = decideIteration(input({ poolExhausted: true }));
    expect(d.stop).toBe(true);
    expect(d.firedRules.at(-1)?.rule).toBe("pool_exhausted");
  });

  it("records the baseline as the first best without convergence rules", () => {
    const d = decideIteration(input({ iteration: 0, best: null, candidate: m("base", 0.3, 0.5) }));
    expect(d).toMatchObject({ promoted: true, bestModelId: "base", stop: false });
    expect(d.reasons).toEqual(["promoted: base is the first model (mAP50-95 0.3000)", "baseline: base with val F1 0.500"]);
  });

  it("never promotes in a dry run where the candidate is the current model", () => {
    const d = decideIteration(input({ dryRun: true, candidate: m("best", 0.41, 0.68), best: { modelId: "best", map50_95: 0.41, map50: 0.61, f1: 0.68 } }));
    expect(d.promoted).toBe(false);
    expect(d.reasons[0]).toMatch(/^dry run: best is the current model/);
  });
});
