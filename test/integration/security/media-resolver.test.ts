import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Host } from "../../../src-main/host/create-host";
import { insertImage } from "../../../src-main/store/repos/images-repo";
import { ensureRoot } from "../../../src-main/store/repos/roots-repo";
import { projectWithImages } from "../../helpers/project-fixture";
import { tempDir, testHost } from "../../helpers/temp";

let t: ReturnType<typeof tempDir>;
let host: Host;
let projectId: string;
let rootId: number;
let dataDir: string;

beforeEach(async () => {
  t = tempDir();
  host = testHost(t.dir).host;
  const p = await projectWithImages(host, t.dir, 1);
  projectId = p.project.id;
  dataDir = p.dataDir;
  rootId = ensureRoot(host.sessions.require().db, dataDir, 1).id;
  mkdirSync(join(t.dir, "outside"));
  writeFileSync(join(t.dir, "outside", "secret.txt"), "secret");
});
afterEach(async () => {
  await host.dispose();
  t.cleanup();
});

/** Registers a stored path the way a tampered database could hold it, and returns the image id. */
function registerPath(rel: string): number {
  return insertImage(host.sessions.require().db, { rootId, relPath: rel, sizeBytes: 1, contentHash: rel, width: 1, height: 1, split: "train" }, 1);
}

describe("the media resolver", () => {
  it("serves a registered image of the open project by id", () => {
    expect(host.resolveMedia(projectId, 1)).toBe(join(dataDir, "img_0.jpg"));
  });

  it.each([
    ["a parent segment", "../outside/secret.txt"],
    ["a nested parent segment", "sub/../../outside/secret.txt"],
    ["an absolute path", "/etc/passwd"],
    ["a backslash path", "..\\outside\\secret.txt"],
    ["an empty segment", "a//b.jpg"],
  ])("refuses a stored path with %s", (_what, rel) => {
    const id = registerPath(rel);
    expect(() => host.resolveMedia(projectId, id)).toThrow(expect.objectContaining({ code: "E_FORBIDDEN" }));
  });

  it("treats encoded dots as a plain (missing) file name, never as a parent", () => {
    const id = registerPath("%2e%2e/outside/secret.txt");
    expect(() => host.resolveMedia(projectId, id)).toThrow(expect.objectContaining({ code: "E_NOT_FOUND" }));
  });

  it("refuses a symlinked file that leaves the data root", () => {
    symlinkSync(join(t.dir, "outside", "secret.txt"), join(dataDir, "link.jpg"));
    const id = registerPath("link.jpg");
    expect(() => host.resolveMedia(projectId, id)).toThrow(expect.objectContaining({ code: "E_FORBIDDEN" }));
  });

  it("refuses a symlinked folder that leaves the data root", () => {
    symlinkSync(join(t.dir, "outside"), join(dataDir, "dir"));
    const id = registerPath("dir/secret.txt");
    expect(() => host.resolveMedia(projectId, id)).toThrow(expect.objectContaining({ code: "E_FORBIDDEN" }));
  });

  it("allows a symlink that stays inside the root", () => {
    mkdirSync(join(dataDir, "real"));
    writeFileSync(join(dataDir, "real", "x.jpg"), "x");
    symlinkSync(join(dataDir, "real"), join(dataDir, "alias"));
    const id = registerPath("alias/x.jpg");
    expect(host.resolveMedia(projectId, id)).toBe(join(dataDir, "real", "x.jpg"));
  });

  it("refuses unknown ids, another project's id, and a closed project", async () => {
    expect(() => host.resolveMedia(projectId, 999)).toThrow(expect.objectContaining({ code: "E_NOT_FOUND" }));
    expect(() => host.resolveMedia("0f8fad5b-d9cb-469f-a165-70867728950e", 1)).toThrow(expect.objectContaining({ code: "E_NOT_FOUND" }));
    await host.call("projects", "close", {});
    expect(() => host.resolveMedia(projectId, 1)).toThrow(expect.objectContaining({ code: "E_NOT_FOUND" }));
  });

  it("reports a missing file as not found, naming it", () => {
    const id = registerPath("gone.jpg");
    expect(() => host.resolveMedia(projectId, id)).toThrow(expect.objectContaining({ code: "E_NOT_FOUND", message: expect.stringContaining("gone.jpg") }));
  });
});
