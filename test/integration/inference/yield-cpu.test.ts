import { readdirSync, readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { RACCOON_IMAGES } from "./helpers";

/** A thread's nice value (Linux: field 19 of /proc/self/task/<tid>/stat). */
function niceOf(tid: string): number {
  const fields = readFileSync(`/proc/self/task/${tid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return Number(fields[16]);
}

/** Runs `body` (an async function's text, given the yielder module and sharp) on a worker thread through tsx. */
function onThread(body: string): Promise<{ tid: number }> {
  const yielder = new URL("../../../src-main/inference/yield-cpu.ts", import.meta.url).href;
  const code = `
    import { register } from ${JSON.stringify(import.meta.resolve("tsx/esm/api"))};
    import { parentPort } from "node:worker_threads";
    register();
    const y = await import(${JSON.stringify(yielder)});
    const { default: sharp } = await import(${JSON.stringify(import.meta.resolve("sharp"))});
    const result = await (async () => { ${body} })();
    parentPort.postMessage(result);
    await new Promise((r) => parentPort.once("message", r));
  `;
  const w = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`));
  return new Promise((resolve, reject) => {
    w.once("message", (m: { tid: number }) => {
      resolve(m);
      setTimeout(() => w.postMessage("done"), 50);
    });
    w.once("error", reject);
  });
}

describe.runIf(process.platform === "linux")("image preparation yields the CPU to inference", () => {
  it("lowers its own thread and libvips' worker threads to nice 5, and no other thread", async () => {
    const before = new Map(readdirSync("/proc/self/task").map((t) => [t, niceOf(t)]));
    const file = JSON.stringify(`${RACCOON_IMAGES}/raccoon-1.jpg`);
    const { tid } = await onThread(`
      const yielder = new y.CpuYielder(5);
      await sharp(${file}).resize(64, 64).raw().toBuffer();
      yielder.refresh();
      return { tid: y.currentThreadId() };
    `);
    expect(niceOf(String(tid))).toBe(5);
    const vips = readdirSync("/proc/self/task").filter((t) => readFileSync(`/proc/self/task/${t}/comm`, "utf8").startsWith("libvips"));
    expect(vips.length).toBeGreaterThan(0);
    for (const t of vips) expect(niceOf(t)).toBe(5);
    expect(niceOf(String(process.pid))).toBe(before.get(String(process.pid))); // the inference (main) thread keeps its priority
  });

  it("leaves every priority alone at 0", async () => {
    const { tid } = await onThread(`new y.CpuYielder(0); return { tid: y.currentThreadId() };`);
    expect(niceOf(String(tid))).toBe(0);
  });
});
