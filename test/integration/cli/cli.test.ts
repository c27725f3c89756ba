import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runLoupe } from "../../helpers/cli";
import { tempDir } from "../../helpers/temp";

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir()));
afterEach(() => t.cleanup());

const loupe = (...args: string[]) => runLoupe(args, { home: join(t.dir, "home"), cwd: t.dir });

describe("the loupe CLI", () => {
  it("creates a project with `init` and reports it with `status --json` on stdout only", () => {
    const init = loupe("init", join(t.dir, "field"), "--classes", "crop,weed");
    expect(init.code).toBe(0);
    expect(init.stdout.trim()).toBe(`created ${join(t.dir, "field.loupe")} with classes crop, weed`);
    expect(existsSync(join(t.dir, "field.loupe", "project.sqlite"))).toBe(true);
    const status = loupe("status", join(t.dir, "field.loupe"), "--json");
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as { imageCount: number; labelsByClass: { name: string }[]; bySplit: Record<string, number> };
    expect(parsed.imageCount).toBe(0);
    expect(parsed.labelsByClass.map((c) => c.name)).toEqual(["crop", "weed"]);
    expect(parsed.bySplit).toEqual({ train: 0, val: 0, test: 0, pool: 0 });
  });

  it("prints a human table without --json", () => {
    loupe("init", join(t.dir, "h"));
    const status = loupe("status", join(t.dir, "h.loupe"));
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/split\s+unlabeled\s+labeled\s+empty\s+total/);
  });

  it("fails with a non-zero exit and a one-line reason naming the path", () => {
    const res = loupe("status", join(t.dir, "nowhere.loupe"));
    expect(res.code).toBe(1);
    expect(res.stdout).toBe("");
    expect(res.stderr.trim().split("\n")).toEqual([`loupe status: ${join(t.dir, "nowhere.loupe")}: no such project folder`]);
  });

  it("refuses an unknown command with exit 2 and lists commands in help", () => {
    expect(loupe("frobnicate").code).toBe(2);
    const help = loupe("help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("init");
    expect(help.stdout).toContain("status");
  });
});
