import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
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
});
