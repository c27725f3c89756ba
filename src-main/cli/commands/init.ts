import { basename, dirname, resolve } from "node:path";
import { PROJECT_SUFFIX } from "../../files/project-layout";
import { LoupeError } from "../../errors";
import { flagString, type CliCommand } from "../command";

export const initCommand: CliCommand = {
  name: "init",
  summary: "create a project folder (<dir>.loupe)",
  usage: ["loupe init <dir> [--classes a,b,c] [--json]"],
  async run(ctx) {
    const target = ctx.args.positionals[0];
    if (!target) throw new LoupeError("E_VALIDATION", "missing <dir>: where to create the project");
    const abs = resolve(target);
    const name = basename(abs).endsWith(PROJECT_SUFFIX) ? basename(abs).slice(0, -PROJECT_SUFFIX.length) : basename(abs);
    const classes = (flagString(ctx.args, "classes") ?? "").split(",").map((c) => c.trim()).filter(Boolean);
    const info = await ctx.host().call("projects", "create", { parentDir: dirname(abs), name, classes });
    if (ctx.json) ctx.out(JSON.stringify(info, null, 2));
    else ctx.out(`created ${info.path}${classes.length ? ` with classes ${classes.join(", ")}` : ""}`);
    return 0;
  },
};
