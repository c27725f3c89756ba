import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetExportFormat, JobInfo } from "../../../src-preload/api";
import { parseBoxCsv } from "../../../src-main/datasets/parse/csv";
import type { ExportManifest } from "../../../src-main/datasets/export/manifest";
import type { Host } from "../../../src-main/host/create-host";
import type { Db } from "../../../src-main/store/db";
import { writeTrainingDataset } from "../../../src-main/training/dataset";
import { tempDir, testHost } from "../../helpers/temp";
import { canMkfifo, expectNamesFileAndProblem, expectStoredUnchanged, importJob, jpeg, mkfifo, snapshot, withinLimit, write } from "./harness";

/**
 * Hostile names and files on the way out: a valid project must always export (and train), so names are made
 * unique by stem and unsafe characters replaced, with every change in the manifest; a source image that became a
 * FIFO fails the export by name, leaving nothing behind; temp folders of killed exports are cleaned up.
 */
let t: ReturnType<typeof tempDir>;
let host: Host;
let db: Db;

async function exportJob(format: DatasetExportFormat, outDir: string): Promise<JobInfo> {
  const { jobId } = await host.call("datasets", "export", { format, outDir });
  return host.jobs.wait(jobId);
}

beforeAll(async () => {
  t = tempDir("loupe-adv-export-");
  host = testHost(t.dir).host;
  await host.call("projects", "create", { parentDir: join(t.dir, "projects"), name: "names", classes: ["cat"] });
  db = host.sessions.require().db;
  // same stem, different extension, in one split; and (where the file system allows) a newline in a file name
  const data = join(t.dir, "data");
  write(join(data, "images", "train", "same.jpg"), await jpeg(1));
  write(join(data, "images", "train", "same.png"), await jpeg(2));
  write(join(data, "images", "train", "two\nlines.jpg"), await jpeg(3));
  for (const stem of ["same", "two\nlines"]) write(join(data, "labels", "train", `${stem}.txt`), "0 0.5 0.5 0.25 0.25\n");
  write(join(data, "data.yaml"), "train: images/train\nval: images/train\nnames: [cat]\n");
  const job = await importJob(host, data, "yolo");
  expect(job.error).toBeNull();
  expect(job.result).toMatchObject({ counts: { imported: 3, labeled: 3 } });
});
afterAll(async () => {
  await host.dispose();
  t.cleanup();
});

describe("exports of names that collide or carry a newline", () => {
  it.each(["yolo", "voc", "coco", "csv"] as const)("%s: succeeds, gives every image its own label file and lists the renames", async (format) => {
    const before = snapshot(db);
    const out = join(t.dir, "out", format);
    const job = await withinLimit(exportJob(format, out), `exporting ${format}`);
    expect(job.error).toBeNull();
    expectStoredUnchanged(before, snapshot(db), { exports: 1 });
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as ExportManifest;
    expect(manifest.renamed.map((r) => [r.original, r.exported])).toEqual([
      ["same.jpg", `${idOf("same.jpg")}_same.jpg`],
      ["same.png", `${idOf("same.png")}_same.png`],
      ["two\nlines.jpg", "two_lines.jpg"],
    ]);
    expect(manifest.files.every((f) => !/[\n\r\t]/.test(f.path))).toBe(true);
    if (format === "yolo") expect(readdirSync(join(out, "labels", "train")).sort()).toHaveLength(3);
    if (format === "voc") {
      const stems = readFileSync(join(out, "ImageSets", "Main", "train.txt"), "utf8").trim().split("\n");
      expect(stems.sort()).toEqual([`${idOf("same.jpg")}_same`, `${idOf("same.png")}_same`, "two_lines"].sort());
    }
    if (format === "csv") {
      const rows = parseBoxCsv(readFileSync(join(out, "labels.csv"), "utf8"), "labels.csv");
      expect(rows.issues).toEqual([]);
      expect(rows.value.map((r) => r.fileName).sort()).toEqual(manifest.renamed.map((r) => r.exported).sort());
    }
  });

  it("training's YOLO dataset of the same project is written too (no EEXIST on labels/train/same.txt)", async () => {
    const ds = await withinLimit(writeTrainingDataset(db, join(t.dir, "train-ds"), { rule: "labeled", loupeVersion: "test", nowMs: 1 }), "writing the training set");
    expect(ds.trainImages).toBe(3);
    expect(readdirSync(join(t.dir, "train-ds", "labels", "train"))).toHaveLength(3);
    const manifest = JSON.parse(readFileSync(ds.manifestFile, "utf8")) as ExportManifest;
    expect(manifest.renamed).toHaveLength(3);
  });
});

describe("Loupe's CSV reader", () => {
  it("reads a quoted field holding a newline as one field of one record", () => {
    const text = 'filename,class,xmin,ymin,xmax,ymax\n"two\nlines.jpg",cat,1,2,5,6\n"a,b.jpg","say ""hi""",1,1,2,2\n';
    const res = parseBoxCsv(text, "x.csv");
    expect(res.issues).toEqual([]);
    expect(res.value.map((r) => [r.fileName, r.boxes[0]?.className])).toEqual([["two\nlines.jpg", "cat"], ["a,b.jpg", 'say "hi"']]);
  });

  it.each([
    ["an unclosed quote", 'filename,class,xmin,ymin,xmax,ymax\n"a.jpg,cat,1,1,2,2\n', /x\.csv:2: a quoted field is never closed/],
    ["a class name with a tab", "filename,class,xmin,ymin,xmax,ymax\na.jpg,c\tat,1,1,2,2\n", /x\.csv:2: class name "c\\tat" contains a control character/],
  ])("refuses %s, naming the file and line", (_what, text, problem) => {
    const res = parseBoxCsv(text, "x.csv");
    expect(res.value.flatMap((r) => r.boxes)).toEqual([]);
    expect(res.issues.map((i) => `${i.file}:${i.line ?? ""}: ${i.message}`).join("\n")).toMatch(problem);
  });
});

describe("exports that meet hostile files", () => {
  it.skipIf(!canMkfifo)("fails by name when a source image was replaced by a FIFO, leaving no folder and no record", async () => {
    const src = join(t.dir, "data", "images", "train", "same.png");
    const bytes = readFileSync(src);
    rmSync(src);
    mkfifo(src);
    try {
      const before = snapshot(db);
      const out = join(t.dir, "out", "fifo");
      const job = await withinLimit(exportJob("yolo", out), "exporting with a FIFO source");
      expect(job.state).toBe("failed");
      expectNamesFileAndProblem(job.error?.message, "same.png", /FIFO \(named pipe\), not a regular file/);
      expectStoredUnchanged(before, snapshot(db));
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(join(t.dir, "out")).filter((n) => n.includes(".tmp-"))).toEqual([]);
    } finally {
      rmSync(src);
      write(src, bytes);
    }
  });

  it("removes temp folders that killed exports left beside the target, and keeps those of running processes", async () => {
    const parent = join(t.dir, "stale");
    const dead = spawnSync(process.execPath, ["-e", ""]).pid as number; // a process that has exited
    const staleDir = join(parent, `.old.tmp-${dead}-abc123`);
    const liveDir = join(parent, `.busy.tmp-${process.pid}-def456`);
    mkdirSync(join(staleDir, "images"), { recursive: true });
    mkdirSync(liveDir, { recursive: true });
    const job = await withinLimit(exportJob("csv", join(parent, "fresh")), "exporting beside stale temp folders");
    expect(job.error).toBeNull();
    expect(existsSync(staleDir)).toBe(false);
    expect(existsSync(liveDir)).toBe(true);
    expect(readdirSync(parent).sort()).toEqual([".busy.tmp-" + `${process.pid}-def456`, "fresh"]);
  });
});

function idOf(fileName: string): number {
  return db.prepare("SELECT id FROM images WHERE rel_path LIKE ?").pluck().get(`%/${fileName}`) as number;
}
