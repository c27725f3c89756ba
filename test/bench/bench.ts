/**
 * A benchmark module: `test/bench/<topic>.bench.ts` exports `bench`. `npm run bench` runs them all (or the ones
 * named on the command line: `npm run bench -- import eval`). Figures are reported as ratios against a baseline
 * measured in the same run, never as absolute pass/fail timings.
 */
export interface BenchContext {
  /** Quick mode (`--quick`): smaller inputs, heavy entries may skip themselves. */
  quick: boolean;
  /** A fresh temporary folder for this benchmark. */
  tmpDir: string;
  /** Prints one result line (and records it for the JSON summary). */
  report(entry: { name: string; value: number; unit: string; note?: string }): void;
  log(text: string): void;
}

export interface Bench {
  name: string;
  run(ctx: BenchContext): Promise<void>;
}
