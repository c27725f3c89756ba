import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { forkTransport } from "../../../src-main/inference/fork-transport";
import type { ToWorker, WorkerTransportFactory } from "../../../src-main/inference/protocol";
import { buildTestModel, ultralyticsMetadata } from "../../fixtures/onnx-builder";
import { tempDir } from "../../helpers/temp";
import { MemorySink, TOY_IMAGES, YOLOV8N, testClient } from "./helpers";

const tmp = tempDir("loupe-crash-");
afterAll(() => tmp.cleanup());

/** Wraps a transport factory and records every infer item sent to any worker, and the workers started. */
function recording(inner: WorkerTransportFactory, onSend?: (m: ToWorker, kill: () => void) => void) {
  const sent: number[] = [];
  let started = 0;
  const factory: WorkerTransportFactory = () => {
    started++;
    const t = inner();
    return {
      get pid() {
        return t.pid;
      },
      send(m) {
        if (m.type === "infer") sent.push(...m.items.map((i) => i.itemId));
        t.send(m);
        onSend?.(m, () => t.kill());
      },
      onMessage: (l) => t.onMessage(l),
      onExit: (l) => t.onExit(l),
      kill: () => t.kill(),
    };
  };
  return { factory, sent, started: () => started };
}

describe("a worker crash in the middle of a run", () => {
  it("restarts the worker and continues where it stopped: every image stored once, answered ones never resent", async () => {
    const rec = recording(forkTransport());
    const client = testClient(rec.factory);
    const files = readdirSync(TOY_IMAGES).filter((f) => f.endsWith(".jpg")).sort();
    const items = files.map((f, i) => ({ imageId: 100 + i, path: join(TOY_IMAGES, f) }));
    const sink = new MemorySink();
    let killedAfter = -1;
    const put = sink.put.bind(sink);
    sink.put = (p) => {
      put(p);
      if (sink.results.length === 4 && killedAfter < 0) {
        killedAfter = sink.results.length;
        process.kill(client.workerPid as number, "SIGKILL");
      }
    };
    try {
      const summary = await client.run({ modelPath: YOLOV8N, items, sink });
      expect(summary).toMatchObject({ total: items.length, done: items.length, failed: 0, restarts: 1 });
    } finally {
      await client.dispose();
    }
    expect(killedAfter).toBe(4);
    expect(rec.started()).toBe(2);
    expect(sink.results.map((r) => r.imageId).sort()).toEqual(items.map((i) => i.imageId));
    // Only what was in flight when the worker died is sent again (at most the window of 4), never an answered item.
    const resent = rec.sent.length - items.length;
    expect(resent).toBeGreaterThanOrEqual(1);
    expect(resent).toBeLessThanOrEqual(4);
    const answeredBeforeCrash = new Set(sink.results.slice(0, 4).map((r) => r.imageId - 100));
    const secondRun = rec.sent.slice(rec.sent.length - (items.length - 4));
    expect(secondRun.some((id) => answeredBeforeCrash.has(id))).toBe(false);
  });

  it("gives up on an image that kills the worker twice, records it as failed and finishes the rest", async () => {
    const model = join(tmp.dir, "tiny.onnx");
    writeFileSync(model, buildTestModel({ inputSize: [64, 64], output: { dims: [1, 6, 84], data: new Float32Array(6 * 84) }, metadata: ultralyticsMetadata(["a", "b"]) }));
    const image = join(tmp.dir, "ok.png");
    await sharp({ create: { width: 32, height: 32, channels: 3, background: "#000000" } }).png().toFile(image);
    const poison = join(tmp.dir, "poison.png");
    await sharp({ create: { width: 32, height: 32, channels: 3, background: "#ffffff" } }).png().toFile(poison);
    // Simulates an image that crashes native code: a worker dies as soon as it is handed poison.png.
    const rec = recording(forkTransport(), (m, kill) => {
      if (m.type === "infer" && m.items.some((i) => i.path === poison)) setImmediate(kill);
    });
    const client = testClient(rec.factory);
    const sink = new MemorySink();
    try {
      const summary = await client.run({
        modelPath: model,
        items: [{ imageId: 1, path: image }, { imageId: 2, path: poison }, { imageId: 3, path: image }],
        sink,
      });
      // all three in flight die together (crash 1); resent one at a time, only poison.png dies again (crash 2)
      expect(summary).toMatchObject({ done: 2, failed: 1, restarts: 2 });
    } finally {
      await client.dispose();
    }
    expect(sink.failures).toHaveLength(1);
    expect(sink.failures[0]).toMatchObject({ imageId: 2, error: { code: "E_WORKER_CRASHED" } });
    expect(sink.results.map((r) => r.imageId).sort()).toEqual([1, 3]);
    expect(rec.sent).toEqual([0, 1, 2, 0, 1, 2]);
  });
});
