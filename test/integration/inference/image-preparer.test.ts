import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { InlinePreparer, ThreadPreparer, startPrepareThread } from "../../../src-main/inference/image-preparer";
import type { InputFormat } from "../../../src-main/inference/preprocess";
import { RACCOON_IMAGES, TOY_IMAGES } from "./helpers";

const WORKER_ENTRY = new URL("../../../src-main/inference/worker-entry.ts", import.meta.url).href;
const fmt: InputFormat = { widthPx: 320, heightPx: 320, type: "float32", preprocess: { channelOrder: "rgb", pixelScale: 1 / 255, padMode: "center", padValue: 114 } };
const files = [join(TOY_IMAGES, "2007_000549.jpg"), join(RACCOON_IMAGES, "raccoon-150.jpg"), join(RACCOON_IMAGES, "raccoon-183.jpg")];

const threaded = new ThreadPreparer(() => startPrepareThread(WORKER_ENTRY));
const inline = new InlinePreparer();
afterAll(async () => {
  await threaded.close();
  await inline.close();
});

describe("ThreadPreparer", () => {
  it("prepares on its thread the same tensors as inline, and refills a released buffer instead of allocating", async () => {
    const first = await threaded.prepare(files[0] as string, fmt);
    const reused = first.data.buffer;
    threaded.release(first.data);
    expect(first.data.buffer.byteLength).toBe(3 * 320 * 320 * 4); // still ours until the next request takes it
    for (const file of files) {
      const [a, b] = await Promise.all([threaded.prepare(file, fmt), inline.prepare(file, fmt)]);
      expect({ file, letterbox: a.letterbox, widthPx: a.widthPx, heightPx: a.heightPx }).toEqual({ file, letterbox: b.letterbox, widthPx: b.widthPx, heightPx: b.heightPx });
      expect(Buffer.from(a.data.buffer).equals(Buffer.from(b.data.buffer))).toBe(true);
      if (file === files[0]) expect(reused.byteLength).toBe(0); // transferred to the thread and back, filled there
      threaded.release(a.data);
    }
  });

  it("rejects like prepareImage, naming the file, and keeps going", async () => {
    const missing = join(TOY_IMAGES, "no-such-image.jpg");
    await expect(threaded.prepare(missing, fmt)).rejects.toMatchObject({ code: "E_IO", file: missing, message: expect.stringContaining("no-such-image.jpg") });
    await expect(threaded.prepare(files[1] as string, fmt)).resolves.toMatchObject({ widthPx: 275, heightPx: 183 });
  });

  it.each([
    { name: "no worker thread can start", start: (): Worker => { throw new Error("worker threads are not available"); } },
    { name: "the thread dies before it is ready (a missing entry file)", start: () => new Worker(new URL("./no-such-prepare-thread.js", WORKER_ENTRY)) },
  ])("prepares inline when $name, the images already asked for included", async ({ start }) => {
    const fallback = new ThreadPreparer(start);
    const [a, b] = await Promise.all([fallback.prepare(files[0] as string, fmt), fallback.prepare(files[1] as string, fmt)]);
    expect([a.widthPx, a.heightPx, b.widthPx, b.heightPx]).toEqual([375, 500, 275, 183]);
    await fallback.close();
  });
});
