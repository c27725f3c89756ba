import type { LoopStep } from "../../src-preload/api";

/**
 * The iteration as a transition table: state × step outcome → next state (STYLE.md 7.5). The engine is a short loop
 * around it and never branches on state names elsewhere.
 *
 * Iteration 0 is the baseline: `baseline` trains a first model on the labeled train split (or takes the model the
 * user gives), `evaluate` measures it, `decide` records it as the best. Every later iteration runs
 * `infer → analyze → select → review → train → evaluate → decide`. When the pool is empty, `select` goes straight to
 * `train` (the last round trains on everything) and decide stops with "pool exhausted".
 */
export type StepOutcome =
  /** The step finished its work. */
  | "done"
  /** select: the pool has nothing left to choose. */
  | "poolEmpty"
  /** review: people still have tasks; the loop waits in review. */
  | "waiting"
  /** decide: go on with the next iteration. */
  | "continue"
  /** decide: a convergence rule fired (or the pool is exhausted). */
  | "converged";

export type NextState = { kind: "step"; step: LoopStep } | { kind: "wait" } | { kind: "nextIteration" } | { kind: "converged" };

const step = (s: LoopStep): NextState => ({ kind: "step", step: s });

export const TRANSITIONS: { readonly [S in LoopStep]: Partial<Readonly<Record<StepOutcome, NextState>>> } = {
  baseline: { done: step("evaluate") },
  infer: { done: step("analyze") },
  analyze: { done: step("select") },
  select: { done: step("review"), poolEmpty: step("train") },
  review: { done: step("train"), waiting: { kind: "wait" } },
  train: { done: step("evaluate") },
  evaluate: { done: step("decide") },
  decide: { continue: { kind: "nextIteration" }, converged: { kind: "converged" } },
};

/** The first step of an iteration: the baseline for iteration 0, inference for every later one. */
export function firstStep(iteration: number): LoopStep {
  return iteration === 0 ? "baseline" : "infer";
}

/**
 * The state after `outcome` of `current`; throws on a pair the table does not allow (a bug in a step, never input).
 * @example nextState("select", "poolEmpty") // { kind: "step", step: "train" }
 */
export function nextState(current: LoopStep, outcome: StepOutcome): NextState {
  const next = TRANSITIONS[current][outcome];
  if (!next) throw new Error(`the loop has no transition from "${current}" on "${outcome}"`);
  return next;
}
