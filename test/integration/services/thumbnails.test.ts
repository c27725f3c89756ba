import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pruneCache, ThumbnailCache, thumbnailPath } from "../../../src-main/files/thumbnails";
import type { Host } from "../../../src-main/host/create-host";
import { insertImage } from "../../../src-main/store/repos/images-repo";
import { ensureRoot } from "../../../src-main/store/repos/roots-repo";
import { tempDir, testHost } from "../../helpers/temp";

let t: ReturnType<typeof tempDir>;
let host: Host;
beforeEach(() => {
  t = tempDir("loupe-thumbs-");
  host = testHost(t.dir).host;
});
afterEach(async () => {
  await host.dispose();
  t.cleanup();
});

/** A project with a 1200×900 JPEG stored sideways (EXIF orientation 6: shown 900×1200) and a 200×150 one. */
async function project(): Promise<{ id: string; big: number; small: number }> {
  const p = await host.call("projects", "create", { parentDir: t.dir, name: "thumbs", classes: ["a"] });
  const data = join(t.dir, "data");
  mkdirSync(data);
  const red = { r: 200, g: 20, b: 20 };
  await sharp({ create: { width: 1200, height: 900, channels: 3, background: red } }).jpeg().withMetadata({ orientation: 6 }).toFile(join(data, "big.jpg"));
  await sharp({ create: { width: 200, height: 150, channels: 3, background: red } }).jpeg().toFile(join(data, "small.jpg"));
  const db = host.sessions.require().db;
  const root = ensureRoot(db, data, 1);
  const add = (rel: string, w: number, h: number) => insertImage(db, { rootId: root.id, relPath: rel, sizeBytes: statSync(join(data, rel)).size, contentHash: `hash-${rel}`, width: w, height: h, split: "train" }, 1);
  return { id: p.id, big: add("big.jpg", 900, 1200), small: add("small.jpg", 200, 150) };
}

describe("thumbnails for the Data view's grid", () => {
  it("makes a JPEG of at most 320 px a side, upright as the image is shown, once per content", async () => {
    const p = await project();
    const file = await host.thumbnail(p.id, p.big);
    const meta = await sharp(file).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 240, 320]);
    // kept on this machine, not in the project folder (which stays small to copy)
    expect(file.startsWith(join(t.dir, "app-data", "cache", "thumbs"))).toBe(true);
    // made once: a second request serves the same file untouched
    writeFileSync(file, Buffer.concat([readFileSync(file), Buffer.from([0])]));
    const size = statSync(file).size;
    expect(await host.thumbnail(p.id, p.big)).toBe(file);
    expect(statSync(file).size).toBe(size);
  });

  it("serves an image no larger than a thumbnail as it is, and refuses unknown images and other projects", async () => {
    const p = await project();
    expect(await host.thumbnail(p.id, p.small)).toBe(join(t.dir, "data", "small.jpg"));
    await expect(host.thumbnail(p.id, 999)).rejects.toMatchObject({ code: "E_NOT_FOUND" });
    await expect(host.thumbnail("0f8fad5b-d9cb-469f-a165-70867728950e", p.big)).rejects.toMatchObject({ code: "E_NOT_FOUND" });
  });

  it("makes one thumbnail at a time, the newest request first, and drops a request given up while it waits", async () => {
    const data = join(t.dir, "queue");
    mkdirSync(data);
    const names = ["a", "b", "c", "d", "e"];
    for (const [k, n] of names.entries()) await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 40 * k, g: 90, b: 30 } } }).jpeg().toFile(join(data, `${n}.jpg`));
    const cache = new ThumbnailCache(join(t.dir, "qcache"));
    const size = { width: 640, height: 480 };
    const order: string[] = [];
    const ask = (n: string, signal?: AbortSignal) => cache.file(join(data, `${n}.jpg`), `hash-${n}`, size, signal).then((f) => (order.push(n), f));
    const gone = new AbortController();
    const a = ask("a"); // made at once
    const b = ask("b", gone.signal); // waits, then is given up
    const c = ask("c");
    const d = ask("d");
    const c2 = ask("c"); // c asked again: before d now
    // the same content asked twice is made once, and made while one request still wants it
    const leaves = new AbortController();
    const e1 = ask("e", leaves.signal);
    const e2 = ask("e");
    gone.abort();
    leaves.abort();
    const [bFailed] = await Promise.allSettled([b]);
    expect(bFailed).toMatchObject({ status: "rejected", reason: { name: "AbortError" } });
    const files = await Promise.all([a, c, d, e2, e1, c2]);
    // a first (it had started), then the waiting ones newest first: e, c (asked again), d; b never
    expect(order).toEqual(["a", "e", "e", "c", "c", "d"]);
    for (const f of files) expect((await sharp(f).metadata()).width).toBe(320);
    expect(existsSync(thumbnailPath(cache.dir, "hash-b"))).toBe(false);
    expect(files[3]).toBe(thumbnailPath(cache.dir, "hash-e"));
  });

  it("keeps the cache to its budget by removing the least recently shown thumbnails, never one being written, and clears what a killed write left", async () => {
    const cache = join(t.dir, "cache");
    const day = 24 * 3600;
    // ten 1,000-byte thumbnails, the k-th shown k days ago, and a half-written one
    const files = Array.from({ length: 10 }, (_, k) => {
      const file = join(cache, `0${k}`, `${"ab".repeat(32)}${k}.jpg`);
      mkdirSync(join(cache, `0${k}`), { recursive: true });
      writeFileSync(file, Buffer.alloc(1000));
      utimesSync(file, 1_700_000_000 - k * day, 1_700_000_000 - k * day);
      return file;
    });
    const tmp = `${files[0]}.1234.tmp`;
    writeFileSync(tmp, Buffer.alloc(5000));
    // and one a process killed mid-write left an hour ago
    const stale = `${files[1]}.5678.tmp`;
    writeFileSync(stale, Buffer.alloc(5000));
    utimesSync(stale, Date.now() / 1000 - 3600, Date.now() / 1000 - 3600);
    expect(await pruneCache(cache, 20_000)).toEqual({ bytesBefore: 10_000, bytesAfter: 10_000, removed: 0, staleTemps: 1 });
    expect(existsSync(stale)).toBe(false);
    // over a budget of 6,000 bytes it goes down to 80% of it: the six oldest go, the four most recent stay
    expect(await pruneCache(cache, 6_000)).toEqual({ bytesBefore: 10_000, bytesAfter: 4_000, removed: 6, staleTemps: 0 });
    expect(files.map((f) => existsSync(f))).toEqual([true, true, true, true, false, false, false, false, false, false]);
    expect(existsSync(tmp)).toBe(true);
    // a thumbnail shown again counts as recent: shown now, the oldest left outlives a newer one
    const data = join(t.dir, "pics");
    mkdirSync(data);
    await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 1, g: 2, b: 3 } } }).jpeg().toFile(join(data, "a.jpg"));
    const now = { t: 1_700_000_000_000 };
    const thumbs = new ThumbnailCache(join(t.dir, "cache2"), 1e9, () => now.t);
    const made = await thumbs.file(join(data, "a.jpg"), "hash-a", { width: 640, height: 480 });
    utimesSync(made, 1_600_000_000, 1_600_000_000);
    await thumbs.file(join(data, "a.jpg"), "hash-a", { width: 640, height: 480 });
    await expect.poll(() => statSync(made).mtimeMs).toBe(now.t);
  });
});
