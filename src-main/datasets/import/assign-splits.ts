import type { Split } from "../../../src-preload/api";
import { createRng, shuffled } from "../../core/random";

export interface SplitRatios {
  train: number;
  val: number;
  test: number;
  pool?: number | undefined;
}

/**
 * Splits by ratio, deterministically: paths sorted, shuffled by the seed, cut by the ratios (largest remainder, so
 * the counts add up). The same paths and seed give the same splits whatever order the files were found in.
 */
export function assignSplits(paths: readonly string[], ratios: SplitRatios, seed: number): Map<string, Split> {
  const sorted = [...paths].sort();
  const order = shuffled(sorted, createRng(seed));
  const keys = (["train", "val", "test", "pool"] as const).filter((k) => (ratios[k] ?? 0) > 0);
  const sum = keys.reduce((s, k) => s + (ratios[k] ?? 0), 0);
  const exact = keys.map((k) => ((ratios[k] ?? 0) / sum) * order.length);
  const counts = exact.map(Math.floor);
  const rest = order.length - counts.reduce((a, b) => a + b, 0);
  exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]).slice(0, rest).forEach(([, i]) => (counts[i] = (counts[i] ?? 0) + 1));
  const out = new Map<string, Split>();
  let at = 0;
  keys.forEach((k, i) => {
    for (let n = 0; n < (counts[i] ?? 0); n++) out.set(order[at++] as string, k);
  });
  return out;
}

