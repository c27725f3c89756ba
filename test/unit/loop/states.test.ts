import { describe, expect, it } from "vitest";
import { LOOP_STEPS } from "../../../src-preload/api";
import { TRANSITIONS, firstStep, nextState } from "../../../src-main/loop/states";

describe("the loop's transition table", () => {
  it("runs an iteration in the documented order", () => {
    const order: string[] = [];
    let step: (typeof LOOP_STEPS)[number] = firstStep(1);
    for (;;) {
      order.push(step);
      const next = nextState(step, step === "decide" ? "continue" : "done");
      if (next.kind !== "step") break;
      step = next.step;
    }
    expect(order).toEqual(["infer", "analyze", "select", "review", "train", "evaluate", "decide"]);
  });

  it("starts iteration 0 with the baseline, which goes straight to evaluate", () => {
    expect(firstStep(0)).toBe("baseline");
    expect(nextState("baseline", "done")).toEqual({ kind: "step", step: "evaluate" });
  });

  it("skips review when the pool is empty and trains on everything", () => {
    expect(nextState("select", "poolEmpty")).toEqual({ kind: "step", step: "train" });
  });

  it("waits in review, continues or converges after decide", () => {
    expect(nextState("review", "waiting")).toEqual({ kind: "wait" });
    expect(nextState("decide", "continue")).toEqual({ kind: "nextIteration" });
    expect(nextState("decide", "converged")).toEqual({ kind: "converged" });
  });

  it("refuses a pair the table does not allow (a step bug, never input)", () => {
    expect(() => nextState("train", "waiting")).toThrow(/no transition from "train" on "waiting"/);
    expect(() => nextState("decide", "done")).toThrow();
  });

  it("has a row for every step", () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...LOOP_STEPS].sort());
  });
});
