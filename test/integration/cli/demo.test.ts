import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "../../helpers/temp";

const BIN = resolve(import.meta.dirname, "../../../bin/loupe.mjs");
const hasTorch = spawnSync("/usr/bin/python3", ["-c", "import torch, PIL"]).status === 0;

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir("loupe-demo-test-")));
afterEach(() => t.cleanup());

function demo(dir: string) {
  return spawnSync(process.execPath, [BIN, "demo", dir, "--quick", "--json"], {
    encoding: "utf8",
    cwd: t.dir, // not the repository: the CLI and its worker must not depend on the working directory
    env: { ...process.env, LOUPE_HOME: join(t.dir, "home") },
    timeout: 240_000,
  });
}

describe("loupe demo (the README's first command, in quick mode)", () => {
  it.skipIf(!hasTorch)("runs a whole iteration — import, train, predict, evaluate, select — and a second run reuses it (needs python3-torch)", () => {
    const dir = join(t.dir, "demo");
    const first = demo(dir);
    expect(first.status, first.stderr.slice(-2000)).toBe(0);
    const a = JSON.parse(first.stdout) as { project: string; modelId: string; evaluation: { AP50: number; reportDir: string }; reviewBatch: { tasks: number } };
    expect(a.project).toBe(join(dir, "demo.loupe"));
    expect(a.reviewBatch.tasks).toBe(10);
    expect(a.evaluation.AP50).toBeGreaterThanOrEqual(0);
    expect(first.stderr).toContain("training the built-in detector");

    const second = demo(dir);
    expect(second.status, second.stderr.slice(-2000)).toBe(0);
    const b = JSON.parse(second.stdout) as { modelId: string; reviewBatch: { name: string } };
    expect(b.modelId).toBe(a.modelId); // the model was reused, not trained again
    expect(b.reviewBatch.name).toBe("demo round 2");
    expect(second.stderr).toContain("reusing the demo data");
  }, 300_000);

  it.skipIf(hasTorch)("without PyTorch imports the data and says what to install", () => {
    const res = demo(join(t.dir, "demo"));
    expect(res.status).toBe(0);
    expect(res.stderr).toContain("apt-get install python3-torch python3-pil");
  });
});
