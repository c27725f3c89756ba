import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { CliContext } from "../../../../src-main/cli/command";
import { parseArgs } from "../../../../src-main/cli/args";
import { evalCommand } from "../../../../src-main/cli/commands/eval";

const tiny = fileURLToPath(new URL("../../../../../shared/data/cocoeval-tiny/", import.meta.url));

/** A CliContext that records stdout and stderr and has no host (eval --gt must not need one). */
function fakeContext(argv: string[]): { ctx: CliContext; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const args = parseArgs(argv, new Set(["json"]));
  const ctx: CliContext = {
    args,
    json: args.flags.json === true,
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    progress: () => undefined,
    host: () => {
      throw new Error("eval --gt must not open a host");
    },
    signal: new AbortController().signal,
  };
  return { ctx, out, err };
}

describe("loupe eval", () => {
  it("prints pycocotools' 12 lines and per-class AP", async () => {
    const { ctx, out } = fakeContext(["--gt", `${tiny}gt.json`, "--dt", `${tiny}dt.json`]);
    expect(await evalCommand.run(ctx)).toBe(0);
    const lines = (out[0] ?? "").split("\n");
    expect(lines[0]).toBe(" Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.701");
    expect(lines[5]).toBe(" Average Precision  (AP) @[ IoU=0.50:0.95 | area= large | maxDets=100 ] = -1.000");
    expect(lines[11]).toBe(" Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets=100 ] = -1.000");
    expect(lines.find((l) => l.startsWith("dog"))).toMatch(/^dog\s+1\s+0\.700\s+1\.000\s+1\.000$/);
  });

  it("gives the stats under stable names with --json", async () => {
    const { ctx, out } = fakeContext(["--gt", `${tiny}gt.json`, "--dt", `${tiny}dt.json`, "--json"]);
    expect(await evalCommand.run(ctx)).toBe(0);
    const doc = JSON.parse(out.join("")) as { stats: Record<string, number>; perClass: { name: string; AP: number }[] };
    expect(Object.keys(doc.stats)).toEqual(["AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"]);
    expect(doc.stats.AP).toBeCloseTo(0.701485, 6);
    expect(doc.perClass.map((c) => c.name)).toEqual(["cat", "dog"]);
  });

  it("asks for both files when one is missing", async () => {
    const { ctx } = fakeContext(["--gt", `${tiny}gt.json`]);
    await expect(evalCommand.run(ctx)).rejects.toMatchObject({ code: "E_VALIDATION" });
  });
});
