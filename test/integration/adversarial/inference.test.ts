import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestModel } from "../../fixtures/onnx-builder";
import { tempDir } from "../../helpers/temp";
import { MemorySink, testClient } from "../inference/helpers";
import { canMkfifo, expectNamesFileAndProblem, mkfifo, withinLimit } from "./harness";

/**
 * Hostile entries where the inference worker expects image files: it reads only regular files, so a FIFO (which
 * would block the read until a writer comes), a link to a device and a folder each fail by name, and the images
 * after them are still predicted.
 */
let t: ReturnType<typeof tempDir>;
const client = testClient();
let model = "";

beforeAll(() => {
  t = tempDir("loupe-adv-infer-");
  model = join(t.dir, "m.onnx");
  writeFileSync(model, buildTestModel({ inputSize: [32, 32], output: { dims: [1, 6, 21], data: new Float32Array(6 * 21) } }));
});
afterAll(async () => {
  await client.dispose();
  t.cleanup();
});

describe.runIf(canMkfifo)("inference over files that are not images", () => {
  it("fails a FIFO, a link to /dev/zero and a folder by name, without blocking, and predicts the image after them", async () => {
    const pipe = join(t.dir, "pipe.jpg");
    const zero = join(t.dir, "zero.jpg");
    const dir = join(t.dir, "dir.jpg");
    const good = join(t.dir, "good.jpg");
    mkfifo(pipe);
    symlinkSync("/dev/zero", zero);
    mkdirSync(dir);
    await sharp({ create: { width: 40, height: 30, channels: 3, background: "#808080" } }).jpeg().toFile(good);
    const sink = new MemorySink();
    const items = [pipe, zero, dir, good].map((path, imageId) => ({ imageId, path }));
    const summary = await withinLimit(client.run({ modelPath: model, items, sink }), "inference over a FIFO");
    expect(summary).toMatchObject({ done: 1, failed: 3 });
    expect(sink.byImage(3)).toMatchObject({ widthPx: 40, heightPx: 30 });
    const byId = new Map(sink.failures.map((f) => [f.imageId, f.error]));
    expectNamesFileAndProblem(byId.get(0)?.message, "pipe.jpg", /FIFO \(named pipe\), not a regular file/);
    expectNamesFileAndProblem(byId.get(1)?.message, "zero.jpg", /character device, not a regular file/);
    expectNamesFileAndProblem(byId.get(2)?.message, "dir.jpg", /a folder, not a regular file/);
  });
});
