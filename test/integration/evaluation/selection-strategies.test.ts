import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHost, type Host } from "../../../src-main/host/create-host";
import { forkTransport } from "../../../src-main/inference/fork-transport";
import { defaultThreadSettings } from "../../../src-main/inference/threads";
import { descriptorCachePath } from "../../../src-main/files/project-layout";
import { insertImage } from "../../../src-main/store/repos/images-repo";
import { ensureRoot } from "../../../src-main/store/repos/roots-repo";
import { storeFakePredictions } from "../../helpers/project-fixture";
import { tempDir } from "../../helpers/temp";
import { TOY_IMAGES, YOLOV8N } from "../inference/helpers";

let t: ReturnType<typeof tempDir>;
let host: Host;

beforeEach(() => {
  t = tempDir("loupe-select-strategies-");
  host = createHost({
    appDataDir: join(t.dir, "home"),
    hostKind: "cli",
    clock: { now: () => Date.now() },
    inferenceTransport: forkTransport(),
    inferenceThreads: defaultThreadSettings(2),
  });
});
afterEach(async () => {
  await host.dispose();
  t.cleanup();
});

/** Four toy photos, all in the pool, predicted by YOLOv8n (COCO's cat and dog map onto the project's classes). */
async function predictedToyPool(real = true): Promise<{ modelId: string; ids: number[] }> {
  await host.call("projects", "create", { parentDir: t.dir, name: "toy", classes: ["cat", "dog"] });
  const db = host.sessions.require().db;
  const root = ensureRoot(db, TOY_IMAGES, 1);
  const ids: number[] = [];
  for (const [i, f] of readdirSync(TOY_IMAGES).filter((x) => x.endsWith(".jpg")).sort().slice(0, 4).entries()) {
    const meta = await sharp(join(TOY_IMAGES, f)).metadata();
    ids.push(insertImage(db, { rootId: root.id, relPath: f, sizeBytes: statSync(join(TOY_IMAGES, f)).size, contentHash: `h${i}`, width: meta.width ?? 1, height: meta.height ?? 1, split: "pool" }, 1));
  }
  if (!real) {
    const boxes = (k: number) => [{ classIndex: k % 2, score: 0.3 + 0.1 * k, x: 10, y: 10, w: 40, h: 40 }];
    return { modelId: storeFakePredictions(host, ["cat", "dog"], ids.map((imageId, k) => ({ imageId, boxes: boxes(k) }))), ids };
  }
  const m = await host.call("models", "add", { path: YOLOV8N });
  const job = await host.call("inference", "run", { modelId: m.id, split: "pool", confThreshold: 0.05 });
  expect((await host.jobs.wait(job.id)).state).toBe("succeeded");
  return { modelId: m.id, ids };
}

describe("selection strategies over a real model and real images", () => {
  it("localization stability runs the model on flipped and scaled copies and says which box moved", async () => {
    const { modelId, ids } = await predictedToyPool();
    const r = await host.call("selection", "run", { modelId, budget: 2, strategy: "localization-stability", seed: 1 });
    expect(r.strategy).toBe("localization-stability");
    expect(r.poolSize).toBe(ids.length);
    expect(r.chosen).toHaveLength(2);
    const withBoxes = r.chosen.filter((c) => !c.reasons[0]?.startsWith("no predictions"));
    for (const c of withBoxes) expect(c.reasons[0]).toMatch(/^unstable boxes: \d+ of \d+ keep < 0\.5 IoU under flip\/scale; a (cat|dog) box \(0\.\d\d\) (vanishes|keeps only IoU 0\.\d\d) under (horizontal flip|0\.75× scale)$/);
    expect(new Set(r.chosen.map((c) => c.reasons.join("|"))).size).toBe(2);
    // scores are the confidence-weighted mean instability, best first
    expect(r.chosen[0]!.score).toBeGreaterThanOrEqual(r.chosen[1]!.score);
  });

  it("coverage picks by descriptor distance, caches descriptors by content, and never re-picks an open batch", async () => {
    const { modelId } = await predictedToyPool(false);
    const first = await host.call("selection", "run", { modelId, budget: 2, strategy: "coverage", seed: 1, batchName: "round 1" });
    expect(first.chosen).toHaveLength(2);
    for (const c of first.chosen) expect(c.reasons[0]).toMatch(/^unlike anything labelled or chosen: distance [01]\.\d{3} to the nearest \(pool median 1\.000\)$/);
    // with nothing labelled the first pick is 1.000 away; the second is measured from the first
    expect(first.chosen[0]?.score).toBe(1);
    expect(first.chosen[1]?.score).toBeLessThan(1);
    const cache = descriptorCachePath(host.sessions.require().dir);
    expect(existsSync(cache)).toBe(true);
    expect(Object.keys((JSON.parse(readFileSync(cache, "utf8")) as { byHash: object }).byHash).sort()).toEqual(["h0", "h1", "h2", "h3"]);
    const next = await host.call("selection", "run", { modelId, budget: 2, strategy: "uncertainty-coverage", seed: 1 });
    expect(next.poolSize).toBe(first.poolSize - 2);
    expect(next.chosen.some((c) => first.chosen.some((f) => f.imageId === c.imageId))).toBe(false);
  });
});
