import { SELECTION_STRATEGIES, type SelectionStrategyName } from "../../../src-preload/api";
import { DEFAULT_SELECTION_STRATEGY } from "../../core/selection/types";
import { LoupeError } from "../../errors";
import { flagString, openProjectArg, resolveModelRef, type CliCommand } from "../command";

export const selectCommand: CliCommand = {
  name: "select",
  summary: "chooses hard examples from the unlabeled pool with their reasons (and can make a review batch)",
  usage: [
    `loupe select <project> [--model <id|name|latest>] [--strategy ${SELECTION_STRATEGIES.join("|")}] (default ${DEFAULT_SELECTION_STRATEGY})`,
    "             [--budget 20] [--budget-unit images|boxes] [--seed N] [--aggregation max|mean|sum] [--batch <name>] [--json]",
    "  --budget-unit  boxes: the budget counts the predicted boxes of the chosen images (crowded images cost more)",
    "  --batch   also create a review batch of the chosen images in rank order",
  ],
  async run(ctx) {
    await openProjectArg(ctx);
    const strategy = (flagString(ctx.args, "strategy") ?? DEFAULT_SELECTION_STRATEGY) as SelectionStrategyName;
    if (!(SELECTION_STRATEGIES as readonly string[]).includes(strategy)) {
      throw new LoupeError("E_VALIDATION", `--strategy must be one of ${SELECTION_STRATEGIES.join(", ")}`);
    }
    const budget = Number(flagString(ctx.args, "budget") ?? "20");
    const seed = flagString(ctx.args, "seed");
    const aggregation = flagString(ctx.args, "aggregation") as "max" | "mean" | "sum" | undefined;
    const batchName = flagString(ctx.args, "batch");
    const budgetUnit = flagString(ctx.args, "budget-unit");
    if (budgetUnit !== undefined && budgetUnit !== "images" && budgetUnit !== "boxes") {
      throw new LoupeError("E_VALIDATION", "--budget-unit must be images or boxes");
    }
    const modelId = await resolveModelRef(ctx, flagString(ctx.args, "model"));
    const r = await ctx.host().call("selection", "run", {
      modelId,
      strategy,
      budget,
      ...(seed !== undefined ? { seed: Number(seed) } : {}),
      ...(aggregation ? { aggregation } : {}),
      ...(budgetUnit ? { budgetUnit } : {}),
      ...(batchName ? { batchName } : {}),
    });
    if (ctx.json) {
      ctx.out(JSON.stringify(r, null, 2));
      return 0;
    }
    const lines = [`${r.strategy} (${r.aggregation}, seed ${r.seed}): ${r.chosen.length} of ${r.poolSize} pool images, ${r.predictedBoxes} predicted boxes`];
    for (const c of r.chosen) lines.push(`${String(c.rank).padStart(4)}. ${c.fileName.padEnd(28)} ${c.score.toFixed(3)}  ${c.reasons.join("; ")}`);
    for (const q of r.quotaShortfalls) lines.push(`quota short: class ${q.classId} wanted ${q.wanted}, got ${q.got}`);
    if (r.batch) lines.push(`review batch "${r.batch.name}" (#${r.batch.id}) with ${r.batch.total} tasks`);
    ctx.out(lines.join("\n"));
    return 0;
  },
};
