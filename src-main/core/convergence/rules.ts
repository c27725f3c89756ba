/**
 * When the active-learning loop stops. Four rules, all checked after each iteration; the decision is "stop" when
 * any fires and lists every rule that fired. F1 values are 0..1; gaps and gains are in F1 points (× 100).
 *
 * - target_f1: the latest validation F1 ≥ `targetF1` (default 0.98);
 * - plateau: the latest validation F1 gained < `plateauMinGainPts` (default 0.5) points over the last
 *   `plateauWindow` (default 2) iterations, i.e. F1[n] − F1[n − 2]; needs window + 1 iterations;
 * - overfitting: train F1 − validation F1 > `overfitGapPts` (default 5) points at the latest iteration;
 * - max_iterations: the number of iterations done ≥ `maxIterations` (default 10).
 */

export interface IterationF1 {
  /** 1-based iteration number. */
  iteration: number;
  /** Validation F1 0..1 (at the F1-optimal confidence). */
  valF1: number;
  /** Train F1 0..1, when measured (for the overfitting gap). */
  trainF1?: number;
}

export interface ConvergenceConfig {
  targetF1: number;
  plateauMinGainPts: number;
  plateauWindow: number;
  overfitGapPts: number;
  maxIterations: number;
}

export const DEFAULT_CONVERGENCE: ConvergenceConfig = {
  targetF1: 0.98,
  plateauMinGainPts: 0.5,
  plateauWindow: 2,
  overfitGapPts: 5,
  maxIterations: 10,
};

export type ConvergenceRule = "target_f1" | "plateau" | "overfitting" | "max_iterations";

export interface FiredRule {
  rule: ConvergenceRule;
  /** e.g. "plateau: +0.3 F1 points over the last 2 iterations (< 0.5)". */
  message: string;
}

export interface ConvergenceDecision {
  decision: "continue" | "stop";
  /** Every rule that fired, in the order above; empty when continuing. */
  fired: FiredRule[];
  /** One line for logs and the dashboard. */
  summary: string;
}

const pts = (v: number): string => (v >= 0 ? `+${v.toFixed(1)}` : v.toFixed(1));

/**
 * Applies the four rules to the iteration history (oldest first).
 * @example
 * decideConvergence([{ iteration: 1, valF1: 0.80 }, { iteration: 2, valF1: 0.85 }, { iteration: 3, valF1: 0.852 }])
 * // { decision: "stop", fired: [{ rule: "plateau", message: "plateau: +0.2 F1 points over the last 2 iterations (< 0.5)" }], … }
 */
export function decideConvergence(
  history: readonly IterationF1[],
  config: Partial<ConvergenceConfig> = {},
): ConvergenceDecision {
  const c = { ...DEFAULT_CONVERGENCE, ...config };
  const fired: FiredRule[] = [];
  const last = history[history.length - 1];
  if (last === undefined) return { decision: "continue", fired, summary: "continue: no iteration yet" };
  if (last.valF1 >= c.targetF1) {
    fired.push({ rule: "target_f1", message: `target F1 reached: ${last.valF1.toFixed(3)} ≥ ${c.targetF1}` });
  }
  const before = history[history.length - 1 - c.plateauWindow];
  if (before !== undefined) {
    const gain = (last.valF1 - before.valF1) * 100;
    if (gain < c.plateauMinGainPts) {
      fired.push({
        rule: "plateau",
        message: `plateau: ${pts(gain)} F1 points over the last ${c.plateauWindow} iterations (< ${c.plateauMinGainPts})`,
      });
    }
  }
  if (last.trainF1 !== undefined) {
    const gap = (last.trainF1 - last.valF1) * 100;
    if (gap > c.overfitGapPts) {
      fired.push({
        rule: "overfitting",
        message: `overfitting: train F1 ${last.trainF1.toFixed(3)} − val F1 ${last.valF1.toFixed(3)} = ${gap.toFixed(1)} points (> ${c.overfitGapPts})`,
      });
    }
  }
  if (history.length >= c.maxIterations) {
    fired.push({ rule: "max_iterations", message: `max iterations: ${history.length} of ${c.maxIterations}` });
  }
  if (fired.length > 0) return { decision: "stop", fired, summary: `stop: ${fired.map((f) => f.message).join("; ")}` };
  return {
    decision: "continue",
    fired,
    summary: `continue: val F1 ${last.valF1.toFixed(3)} < target ${c.targetF1}, iteration ${history.length} of ${c.maxIterations}`,
  };
}
