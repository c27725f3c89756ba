import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { replaceDirAtomic } from "../../../src-main/files/atomic";
import { tempDir } from "../../helpers/temp";

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir("loupe-atomic-dir-")));
afterEach(() => tmp.cleanup());

/** A process id that is not running: beyond Linux's pid_max (4194304). */
const GONE = 4_194_305;

describe("replaceDirAtomic", () => {
  it("replaces the folder with what build wrote, and removes a dead process's leftovers", async () => {
    const dir = join(tmp.dir, "report");
    mkdirSync(dir);
    writeFileSync(join(dir, "old.txt"), "old");
    mkdirSync(join(tmp.dir, `.report.tmp-${GONE}-1-1`));
    mkdirSync(join(tmp.dir, `.report.old-${GONE}-1-1`));
    await replaceDirAtomic(dir, async (t) => writeFileSync(join(t, "new.txt"), "new"));
    expect(readdirSync(dir)).toEqual(["new.txt"]);
    expect(readdirSync(tmp.dir)).toEqual(["report"]);
  });

  it("leaves alone the temp folder of a running process and of a build of this process still in progress", async () => {
    const dir = join(tmp.dir, "report");
    const foreign = join(tmp.dir, `.report.tmp-${process.ppid}-1-1`);
    mkdirSync(foreign);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // the first build waits while a second one, for the same folder, runs through
    const first = replaceDirAtomic(dir, async (t) => {
      writeFileSync(join(t, "a.txt"), "first");
      await gate;
    });
    await replaceDirAtomic(dir, async (t) => writeFileSync(join(t, "b.txt"), "second"));
    expect(readFileSync(join(dir, "b.txt"), "utf8")).toBe("second");
    release();
    await first;
    expect(readFileSync(join(dir, "a.txt"), "utf8")).toBe("first");
    expect(existsSync(foreign)).toBe(true);
  });

  it("removes its temp folder when build fails and keeps the old folder", async () => {
    const dir = join(tmp.dir, "report");
    mkdirSync(dir);
    writeFileSync(join(dir, "old.txt"), "old");
    await expect(replaceDirAtomic(dir, async () => Promise.reject(new Error("disk full")))).rejects.toThrow("disk full");
    expect(readdirSync(tmp.dir)).toEqual(["report"]);
    expect(readdirSync(dir)).toEqual(["old.txt"]);
  });
});
