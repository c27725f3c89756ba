import { existsSync, lstatSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DatasetExportInfo, DatasetImportReport } from "../../../src-preload/api";
import { generateDemoDataset } from "../../../src-main/datasets/demo/generate";
import { runExport, type ExportOptions } from "../../../src-main/datasets/export/run-export";
import type { ExportManifest } from "../../../src-main/datasets/export/manifest";
import { isLoupeError } from "../../../src-main/errors";
import { tempDir, testHost } from "../../helpers/temp";
import { importInto, openTempDb } from "./helpers";

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir()));
afterEach(() => t.cleanup());

async function demoProject(images = 20) {
  const ds = join(t.dir, "demo");
  await generateDemoDataset(ds, { images, seed: 21, width: 64, height: 48 });
  const db = openTempDb(t.dir);
  await importInto(db, ds, "yolo");
  return { db, ds };
}
const opts = (outDir: string, over: Partial<ExportOptions> = {}): ExportOptions => ({
  format: "yolo", outDir, filter: {}, link: false, loupeVersion: "9.9.9", now: () => 1_800_000_000_000, ...over,
});
/** Files and folders in `dir` (to show nothing was left behind). */
const leftovers = (dir: string) => readdirSync(dir).filter((n) => n !== "demo" && !n.endsWith(".sqlite") && !n.endsWith("-wal") && !n.endsWith("-shm"));

describe("an export", () => {
  it("writes manifest.json listing every file with its true sha256, counts, filter and the Loupe version", async () => {
    const { db } = await demoProject();
    const out = join(t.dir, "out");
    const res = await runExport(db, opts(out));
    const m = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as ExportManifest;
    expect(m).toMatchObject({ format: "yolo", loupeVersion: "9.9.9", createdAt: "2027-01-15T08:00:00.000Z", filter: {}, sourceIterations: [] });
    expect(m.counts.images).toBe(8);
    expect(Object.keys(m.counts.bySplit).sort()).toEqual(["test", "train", "val"]);
    expect(m.files.length).toBe(8 * 2 + 1);
    for (const f of m.files) expect(createHash("sha256").update(readFileSync(join(out, f.path))).digest("hex")).toBe(f.sha256);
    expect(res.labels).toBe(Object.values(m.counts.byClass).reduce((a, b) => a + b, 0));
  });

  it("leaves no folder at all when cancelled midway", async () => {
    const { db } = await demoProject();
    const controller = new AbortController();
    const out = join(t.dir, "cancelled");
    const err = await runExport(db, opts(out, { signal: controller.signal, onProgress: (_p, done) => done === 5 && controller.abort() })).catch((e: unknown) => e);
    expect(isLoupeError(err, "E_CANCELLED")).toBe(true);
    expect(existsSync(out)).toBe(false);
    expect(leftovers(t.dir)).toEqual([]);
  });

  it("leaves no folder at all when a source image has gone missing", async () => {
    const { db, ds } = await demoProject();
    rmSync(join(ds, "images", "val"), { recursive: true });
    const out = join(t.dir, "failed");
    const err = await runExport(db, opts(out)).catch((e: unknown) => e);
    expect(isLoupeError(err, "E_IO")).toBe(true);
    expect((err as Error).message).toMatch(/cannot read the image to export/);
    expect(existsSync(out)).toBe(false);
    expect(leftovers(t.dir)).toEqual([]);
  });

  it("refuses to write into an existing folder", async () => {
    const { db } = await demoProject(4);
    await runExport(db, opts(join(t.dir, "o")));
    expect(isLoupeError(await runExport(db, opts(join(t.dir, "o"))).catch((e: unknown) => e), "E_CONFLICT")).toBe(true);
  });

  it("symlinks images with --link and still records their hashes", async () => {
    const { db } = await demoProject(4);
    const out = join(t.dir, "linked");
    await runExport(db, opts(out, { link: true, format: "coco" }));
    const img = readdirSync(join(out, "images", "train"))[0] as string;
    expect(lstatSync(join(out, "images", "train", img)).isSymbolicLink()).toBe(true);
  });

  it("filters by split, approved-only, reviewed-only and since the last export; refuses an iteration filter", async () => {
    const { db } = await demoProject();
    const ids = db.prepare("SELECT id FROM images WHERE status = 'labeled' ORDER BY id").pluck().all() as number[];
    db.prepare(`UPDATE labels SET review_state = 'approved', updated_at = 1 WHERE image_id = ?`).run(ids[0]);
    db.prepare(`UPDATE labels SET review_state = 'rejected', updated_at = 1 WHERE image_id = ?`).run(ids[1]);
    const count = async (name: string, filter: ExportOptions["filter"], now = 1_800_000_000_000) => (await runExport(db, opts(join(t.dir, name), { filter, now: () => now }))).images;
    expect(await count("val", { split: "val" })).toBe(db.prepare("SELECT COUNT(*) FROM images WHERE split = 'val' AND status <> 'unlabeled'").pluck().get());
    expect(await count("approved", { approvedOnly: true })).toBe(1);
    // The rejected image has only rejected labels: reviewed, but nothing left to export.
    expect(await count("reviewed", { reviewedOnly: true })).toBe(1);
    db.prepare("UPDATE labels SET x = x + 1, updated_at = ? WHERE image_id = ?").run(1_900_000_000_000, ids[2]);
    expect(await count("since", { sinceLastExport: true }, 1_950_000_000_000)).toBe(1);
    expect(await count("since-again", { sinceLastExport: true }, 1_960_000_000_000)).toBe(0);
    const err = await runExport(db, opts(join(t.dir, "it"), { filter: { iteration: 2 } })).catch((e: unknown) => e);
    expect(isLoupeError(err, "E_VALIDATION")).toBe(true);
  });
});

describe("the datasets service", () => {
  it("imports and exports as jobs with progress, and lists past exports", async () => {
    const { host } = testHost(t.dir);
    try {
      const ds = join(t.dir, "demo");
      await generateDemoDataset(ds, { images: 10, seed: 5, width: 64, height: 48 });
      await host.call("projects", "create", { parentDir: join(t.dir, "projects"), name: "p" });
      const phases: string[] = [];
      host.events.subscribe((name, payload) => {
        if (name === "job.progress") phases.push((payload as { phase: string }).phase);
      });
      const { jobId } = await host.call("datasets", "import", { path: ds });
      const job = await host.jobs.wait(jobId);
      expect(job.state).toBe("succeeded");
      expect((job.result as DatasetImportReport).counts.imported).toBe(10);
      expect(phases).toContain("importing");
      const status = await host.call("projects", "status", {});
      expect(status.imageCount).toBe(10);
      const out = join(t.dir, "exp");
      const ex = await host.jobs.wait((await host.call("datasets", "export", { format: "csv", outDir: out, filter: { split: "train" } })).jobId);
      expect(ex.state).toBe("succeeded");
      expect((ex.result as DatasetExportInfo).outDir).toBe(out);
      const list = await host.call("datasets", "exports", {});
      expect(list.map((e) => [e.format, e.outDir, e.filter])).toEqual([["csv", out, { split: "train" }]]);
      const bad = await host.dispatch("datasets.export", { format: "tiff", outDir: out });
      expect(bad.ok === false && bad.error.code).toBe("E_VALIDATION");
    } finally {
      await host.dispose();
    }
  });
});
