import { describe, expect, it } from "vitest";
import { DEFAULT_LOOP_CONFIG, mergeConfig, validateLoopConfig } from "../../../src-main/loop/config";

describe("the loop configuration", () => {
  it("fills every default: the seed's convergence rules, the measured default strategy and the multi-factor weights", () => {
    const v = validateLoopConfig({});
    expect(v.ok).toBe(true);
    // entropy: the strategy the learning benchmark supports (README "Simulate")
    expect(v.config?.selection.strategy).toBe("entropy");
    expect(v.config?.convergence).toMatchObject({ targetF1: 0.98, plateauMinGainPts: 0.5, plateauWindow: 2, overfitGapPts: 5, maxIterations: 10 });
    expect(v.config?.selection.weights).toEqual({ classBalance: 0.3, sizeDiversity: 0.3, spatialDiversity: 0.2, uncertainty: 0.2 });
    expect(v.config?.compare).toEqual({ metric: "mAP50-95", iou: 0.5, minMargin: 0.005, split: "val" });
  });

  it("merges a partial patch over the defaults, object by object", () => {
    const v = validateLoopConfig({ selection: { budget: 7 } });
    expect(v.config?.selection).toEqual({ ...DEFAULT_LOOP_CONFIG.selection, budget: 7 });
    expect(mergeConfig({ a: { b: 1, c: 2 } }, { a: { c: 3 } })).toEqual({ a: { b: 1, c: 3 } });
  });

  it("names each bad key once, including unknown ones", () => {
    const v = validateLoopConfig({ selection: { budget: -1 }, convergence: { targetF1: 2 }, model: { imgsz: 330, wamStart: true } });
    expect(v.ok).toBe(false);
    expect(v.issues.map((i) => i.key).sort()).toEqual(["convergence.targetF1", "model.imgsz", "model.wamStart", "selection.budget"]);
    expect(v.issues.find((i) => i.key === "model.imgsz")?.message).toBe("must be a multiple of 32");
    expect(v.issues.find((i) => i.key === "model.wamStart")?.message).toBe("unknown key (check the spelling)");
  });

  it("counts the budget in images unless told boxes, and refuses any other unit", () => {
    expect(validateLoopConfig({}).config?.selection.budgetUnit).toBe("images");
    expect(validateLoopConfig({ selection: { budgetUnit: "boxes" } }).config?.selection.budgetUnit).toBe("boxes");
    expect(validateLoopConfig({ selection: { budgetUnit: "pages" } }).issues.map((i) => i.key)).toEqual(["selection.budgetUnit"]);
  });

  it("refuses a configuration that is not a mapping", () => {
    expect(validateLoopConfig([1, 2]).issues).toEqual([{ key: "(root)", message: "the configuration must be a mapping of keys to values" }]);
  });

  it("checks the rules between keys: weights, oracle path, splits", () => {
    const zero = { classBalance: 0, sizeDiversity: 0, spatialDiversity: 0, uncertainty: 0 };
    const v = validateLoopConfig({ selection: { strategy: "multi-factor", weights: zero }, data: { pool: "train" } });
    expect(v.issues.map((i) => i.key)).toEqual(["selection.weights", "data.pool"]);
    // the weights matter to multi-factor only
    expect(validateLoopConfig({ selection: { strategy: "entropy", weights: zero } }).ok).toBe(true);
  });
});
