import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import * as ort from "onnxruntime-node";
import sharp from "sharp";
import { describe, expect, it } from "vitest";

describe("native modules in plain Node", () => {
  it("loads better-sqlite3 (the Node build, not Electron's)", () => {
    const db = new Database(":memory:");
    expect(db.prepare("SELECT 1 + 1 AS two").get()).toEqual({ two: 2 });
    db.close();
  });

  it("loads onnxruntime-node and sharp", async () => {
    expect(typeof ort.InferenceSession.create).toBe("function");
    const png = await sharp({ create: { width: 2, height: 1, channels: 3, background: "#ff0000" } }).png().toBuffer();
    expect((await sharp(png).metadata()).width).toBe(2);
  });

  it("the Electron rebuild script never fails an install: offline it says why in one line and exits 0", () => {
    const res = spawnSync(process.execPath, [resolve(import.meta.dirname, "../../scripts/electron-native.mjs")], {
      encoding: "utf8",
      env: { ...process.env, CI: "1" },
    });
    expect(res.status).toBe(0);
    expect(res.stdout.trim()).toMatch(/^\[loupe native\] skipped \(CI/);
  });
});
