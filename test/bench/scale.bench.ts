import { join } from "node:path";
import { createHost } from "../../src-main/host/create-host";
import { LOUPE_BIN as BIN, loadNote as load, median, percentile, processSeconds, type Bench, type BenchContext } from "./bench";
import { generateScaleProject } from "./scale-project";

/**
 * A project at scale: 100,000 images, 1,000,000 labels and one model's 3,000,000 predictions (quick: a tenth),
 * generated inside SQLite. Measured in the same run against their baselines:
 * - `loupe status` (a whole process) against `node -e ""`; goal ≤ 0.5 s;
 * - an images page (100 images, the Data view's request) under each filter, at random offsets, p95 against a
 *   page of the same size by primary key; goal p95 ≤ 50 ms;
 * - the review queue's next pending task in a 60,000-task batch while tasks get finished, p95; goal ≤ 50 ms;
 * - selection over the pool (60% of the images, all predicted); goal ≤ 1 s;
 * - the project file's bytes per 1M predictions (table, indexes and the per-image packs selection reads).
 */
const p95 = (xs: number[]): number => percentile(xs, 0.95);

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

export const bench: Bench = {
  name: "scale",
  async run(ctx: BenchContext) {
    const f = ctx.quick ? 0.1 : 1;
    const env = { ...process.env, LOUPE_HOME: join(ctx.tmpDir, "cli-home") };
    const host = createHost({ appDataDir: join(ctx.tmpDir, "home"), hostKind: "cli" });
    try {
      const p = await generateScaleProject(host, ctx.tmpDir, 100_000 * f, 1_000_000 * f, 3_000_000 * f);
      ctx.log(`generated ${p.images} images, ${p.labels} labels, ${p.predictions} predictions in ${p.seconds.toFixed(1)} s; ${load()}`);
      const perMillion = ((p.bytesAfterPredictions - p.bytesBeforePredictions) / p.predictions) * 1e6;
      ctx.report({ name: "project file per 1M predictions", value: perMillion / 2 ** 20, unit: "MiB", note: `table, indexes and per-image packs; whole file ${(p.bytesAfterPredictions / 2 ** 20).toFixed(0)} MiB` });

      // loupe status, a whole process
      const runs = ctx.quick ? 3 : 5;
      const node: number[] = [];
      const status: number[] = [];
      processSeconds([BIN, "status", p.dir, "--json"], env); // file cache
      for (let r = 0; r < runs; r++) {
        node.push(processSeconds(["-e", ""], env));
        status.push(processSeconds([BIN, "status", p.dir, "--json"], env));
      }
      ctx.report({ name: 'node -e "" (baseline)', value: median(node), unit: "s", note: `median of ${runs}` });
      ctx.report({ name: "loupe status (whole process)", value: median(status), unit: "s", note: `median of ${runs}, max ${Math.max(...status).toFixed(2)}; goal ≤ 0.5; ${load()}` });

      // images pages: the Data view's request under each filter
      const pageSize = 100;
      const rounds = ctx.quick ? 10 : 20;
      const filters: [string, Record<string, unknown>][] = [
        ["no filter", {}],
        ["split pool", { split: "pool" }],
        ["status labeled", { status: "labeled" }],
        ["class", { classId: 4 }],
        ["label source manual", { labelSource: "manual" }],
        ["model confidence 0.2–0.3", { modelId: p.modelId, minScore: 0.2, maxScore: 0.3 }],
        ["split val + class + confidence ≥ 0.9", { split: "val", classId: 2, modelId: p.modelId, minScore: 0.9 }],
      ];
      await host.call("images", "list", { limit: pageSize }); // warm
      const byId: number[] = [];
      for (let r = 0; r < rounds; r++) byId.push((await timed(() => host.call("images", "list", { offset: Math.floor((r / rounds) * p.images * 0.9), limit: pageSize }))).ms);
      for (const [label, filter] of filters) {
        // the first page after a filter change builds the filter's id list; later pages slice it
        const { ms: firstMs, value: first } = await timed(() => host.call("images", "list", { ...filter, limit: pageSize }));
        const ms: number[] = [];
        for (let r = 0; r < rounds; r++) {
          const offset = Math.floor(((r * 7919) % rounds) / rounds * Math.max(0, first.total - pageSize));
          ms.push((await timed(() => host.call("images", "list", { ...filter, offset, limit: pageSize }))).ms);
        }
        ctx.report({ name: `images page, ${label}`, value: p95(ms), unit: "ms p95", note: `${first.total} images match; median ${median(ms).toFixed(1)}; first page after the filter changed ${firstMs.toFixed(0)} ms; goal ≤ 50` });
      }
      ctx.report({ name: "images page by id order (baseline)", value: p95(byId), unit: "ms p95", note: `median ${median(byId).toFixed(1)}` });

      // selection over the pool
      // the default strategy, then multi-factor (the costliest of the box-only strategies)
      const sel = await timed(() => host.call("selection", "run", { modelId: p.modelId, budget: 200, seed: 1 }));
      ctx.report({ name: `selection over the pool (${sel.value.strategy}, the default)`, value: sel.ms / 1000, unit: "s", note: `${sel.value.poolSize ?? "?"} pool images, budget 200 (${sel.value.predictedBoxes} boxes in the chosen images); goal ≤ 1; ${load()}` });
      const multi = await timed(() => host.call("selection", "run", { modelId: p.modelId, strategy: "multi-factor", budget: 200, seed: 1 }));
      ctx.report({ name: "selection over the pool (multi-factor)", value: multi.ms / 1000, unit: "s", note: `goal ≤ 1; ${load()}` });
      // the review queue
      const batch = await host.call("review", "createBatch", { name: "pool at scale", filter: { split: "pool" }, modelId: p.modelId });
      const next: number[] = [];
      for (let r = 0; r < rounds * 2; r++) {
        const { ms, value } = await timed(() => host.call("review", "tasks", { batchId: batch.id, status: "pending", limit: 1 }));
        next.push(ms);
        const task = value.items[0];
        if (task) await host.call("review", "finish", { taskId: task.id, outcome: r % 5 === 0 ? "skipped" : "done", timeSpentMs: 1000 });
      }
      ctx.report({ name: "review queue: next pending task", value: p95(next), unit: "ms p95", note: `batch of ${batch.total} tasks; median ${median(next).toFixed(1)}; goal ≤ 50` });

    } finally {
      await host.dispose();
    }
  },
};
