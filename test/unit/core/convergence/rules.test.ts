import { describe, expect, it } from "vitest";
import { decideConvergence, type IterationF1 } from "../../../../src-main/core/convergence/rules";
import { compareModels, type ModelMetrics } from "../../../../src-main/core/convergence/compare";

const h = (...f1: number[]): IterationF1[] => f1.map((valF1, i) => ({ iteration: i + 1, valF1 }));

describe("convergence rules", () => {
  it.each([
    { name: "keeps going while F1 climbs", history: h(0.6, 0.7, 0.8), rules: [] },
    { name: "stops at the target F1", history: h(0.9, 0.95, 0.981), rules: ["target_f1"] },
    { name: "needs three iterations before a plateau", history: h(0.8, 0.801), rules: [] },
    { name: "stops on a gain under half a point over two iterations", history: h(0.7, 0.85, 0.852, 0.854), rules: ["plateau"] },
    { name: "does not call a gain of exactly half a point a plateau", history: h(0.85, 0.852, 0.855), rules: [] },
    { name: "stops at the iteration limit", history: h(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95), rules: ["max_iterations"] },
    { name: "reports every rule that fired", history: h(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.99, 0.99, 0.99), rules: ["target_f1", "plateau", "max_iterations"] },
  ])("$name", ({ history, rules }) => {
    const d = decideConvergence(history);
    expect(d.fired.map((f) => f.rule)).toEqual(rules);
    expect(d.decision).toBe(rules.length > 0 ? "stop" : "continue");
  });

  it("stops on a train–val gap over 5 points and says by how much", () => {
    const d = decideConvergence([{ iteration: 1, valF1: 0.8, trainF1: 0.86 }]);
    expect(d.fired).toEqual([{ rule: "overfitting", message: "overfitting: train F1 0.860 − val F1 0.800 = 6.0 points (> 5)" }]);
  });

  it("words a plateau with the signed gain", () => {
    const d = decideConvergence(h(0.85, 0.851, 0.853));
    expect(d.fired[0]?.message).toBe("plateau: +0.3 F1 points over the last 2 iterations (< 0.5)");
  });

  it("takes custom thresholds", () => {
    expect(decideConvergence(h(0.9), { targetF1: 0.9 }).decision).toBe("stop");
    expect(decideConvergence(h(0.5, 0.6), { maxIterations: 3 }).decision).toBe("continue");
  });
});

describe("model promotion", () => {
  const m = (modelId: string, map50_95: number, extra: Partial<ModelMetrics> = {}): ModelMetrics => ({ modelId, map50_95, map50: 0.6, f1: 0.7, ...extra });
  it.each([
    { name: "promotes the first model", cand: m("a", 0.3), best: null, promote: true },
    { name: "promotes a win by at least the margin", cand: m("b", 0.41), best: m("a", 0.4), promote: true },
    { name: "keeps the best on a win smaller than the margin", cand: m("b", 0.404), best: m("a", 0.4), promote: false },
    { name: "keeps the best on a loss", cand: m("b", 0.35), best: m("a", 0.4), promote: false },
  ])("$name", ({ cand, best, promote }) => {
    expect(compareModels(cand, best).promote).toBe(promote);
  });

  it("compares on the configured metric and explains the decision", () => {
    const d = compareModels(m("b", 0.3, { f1: 0.8 }), m("a", 0.4, { f1: 0.7 }), { metric: { kind: "F1" }, minMargin: 0.01 });
    expect(d).toMatchObject({ promote: true, metric: "F1", delta: expect.closeTo(0.1, 12) });
    expect(d.reason).toBe("b beats a on F1: 0.8000 vs 0.7000 (+0.1000 ≥ margin 0.01)");
  });

  it("names the models by their names when it has them", () => {
    const d = compareModels({ ...m("uuid-b", 0.3), name: "iteration-002" }, { ...m("uuid-a", 0.2), name: "baseline" });
    expect(d.reason).toBe("iteration-002 beats baseline on mAP50-95: 0.3000 vs 0.2000 (+0.1000 ≥ margin 0.005)");
  });

  it("reads precision at a recall level and refuses when it is missing", () => {
    const metric = { kind: "precision-at-recall", recall: 0.9 } as const;
    const cand = m("b", 0.3, { precisionAtRecall: [{ recall: 0.9, precision: 0.8 }] });
    expect(compareModels(cand, m("a", 0.4, { precisionAtRecall: [{ recall: 0.9, precision: 0.7 }] }), { metric }).promote).toBe(true);
    expect(compareModels(m("c", 0.5), cand, { metric }).promote).toBe(false);
  });
});
