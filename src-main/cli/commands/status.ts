import { SPLITS, IMAGE_STATUSES } from "../../../src-preload/api";
import { openProjectArg, type CliCommand } from "../command";

export const statusCommand: CliCommand = {
  name: "status",
  summary: "counts by split and status, classes and data roots of a project",
  usage: ["loupe status <project> [--json]"],
  async run(ctx) {
    await openProjectArg(ctx);
    const s = await ctx.host().call("projects", "status", {});
    if (ctx.json) {
      ctx.out(JSON.stringify(s, null, 2));
      return 0;
    }
    const lines = [`${s.project.name}  (${s.project.path})`, `images: ${s.imageCount}   labels: ${s.labelCount}`, ""];
    const header = ["split".padEnd(8), ...IMAGE_STATUSES.map((st) => st.padStart(10)), "total".padStart(8)].join("");
    lines.push(header);
    for (const sp of SPLITS) {
      lines.push([sp.padEnd(8), ...IMAGE_STATUSES.map((st) => String(s.bySplitAndStatus[sp][st]).padStart(10)), String(s.bySplit[sp]).padStart(8)].join(""));
    }
    lines.push("", "classes:");
    if (s.labelsByClass.length === 0) lines.push("  (none)");
    for (const c of s.labelsByClass) lines.push(`  ${c.name.padEnd(24)} ${String(c.count).padStart(8)} labels`);
    if (s.dataRoots.length) {
      lines.push("", "data roots:");
      for (const r of s.dataRoots) lines.push(`  ${r.path}  ${r.imageCount} images${r.exists ? "" : "  (MISSING)"}`);
    }
    ctx.out(lines.join("\n"));
    return 0;
  },
};
