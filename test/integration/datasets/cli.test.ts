import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runLoupe } from "../../helpers/cli";
import { tempDir } from "../../helpers/temp";

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir()));
afterEach(() => t.cleanup());

const loupe = (...args: string[]) => runLoupe(args, { home: join(t.dir, "home") });

describe("loupe demo-data, import and export", () => {
  it("generates a data set, imports it with progress on stderr and a JSON report on stdout, and exports it", () => {
    const demo = join(t.dir, "demo");
    expect(loupe("demo-data", demo, "--images", "12", "--seed", "3", "--width", "64", "--height", "48").code).toBe(0);
    expect(existsSync(join(demo, "pool_oracle", "labels"))).toBe(true);
    expect(loupe("init", join(t.dir, "p")).code).toBe(0);
    const imp = loupe("import", join(t.dir, "p.loupe"), demo, "--json");
    expect(imp.code).toBe(0);
    const report = JSON.parse(imp.stdout) as { format: string; counts: { imported: number }; bySplit: Record<string, number> };
    expect([report.format, report.counts.imported]).toEqual(["yolo", 12]);
    expect(imp.stderr).toMatch(/import importing: 100% 12\/12/);
    const ratios = loupe("import", join(t.dir, "p.loupe"), demo, "--split-ratios", "train=0.5,val=bad");
    expect(ratios.code).toBe(2);
    expect(ratios.stderr).toContain('--split-ratios: "val=bad" is not split=ratio');
    const out = join(t.dir, "out");
    const exp = loupe("export", join(t.dir, "p.loupe"), "--format", "voc", "--out", out);
    expect(exp.code).toBe(0);
    expect(exp.stdout).toContain(`to ${out}`);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as { format: string; counts: { images: number } };
    expect(manifest.format).toBe("voc");
    expect(manifest.counts.images).toBe(report.bySplit.train! + report.bySplit.val! + report.bySplit.test!);
    const again = loupe("export", join(t.dir, "p.loupe"), "--format", "voc", "--out", out);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe(`loupe export: ${out}: the export folder already exists; choose a new one`);
  });
});
