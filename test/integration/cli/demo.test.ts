import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
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
    timeout: 400_000,
  });
}

describe("loupe demo (the README's first command, in quick mode)", () => {
  it.skipIf(!hasTorch)("runs the loop — a baseline, two oracle iterations, then a batch left open for a person — and a second run resumes it (needs python3-torch)", () => {
    const dir = join(t.dir, "demo");
    const first = demo(dir);
    expect(first.status, first.stderr.slice(-2000)).toBe(0);
    type Out = { project: string; status: { status: string; iteration: number; waitingFor: { batchName: string; left: number; total: number } | null }; iterations: { number: number; state: string; candidateModelId: string | null; decision: { promoted: boolean } | null }[] };
    const a = JSON.parse(first.stdout) as Out;
    expect(a.project).toBe(join(dir, "demo.loupe"));
    expect(a.iterations.map((i) => [i.number, i.state])).toEqual([[0, "done"], [1, "done"], [2, "done"], [3, "review"]]);
    expect(a.iterations.slice(0, 3).every((i) => i.decision !== null)).toBe(true);
    expect(a.status).toMatchObject({ status: "waiting", iteration: 3, waitingFor: { batchName: "round 3", left: 8, total: 8 } });
    expect(first.stderr).toContain("iteration 0: baseline");
    expect(existsSync(join(dir, "demo.loupe", "metrics", "convergence_tracking.csv"))).toBe(true);

    const second = demo(dir);
    expect(second.status, second.stderr.slice(-2000)).toBe(0);
    const b = JSON.parse(second.stdout) as Out;
    // nothing was trained again: the same iterations and models, still waiting for the same batch
    expect(b.iterations.map((i) => [i.number, i.state, i.candidateModelId])).toEqual(a.iterations.map((i) => [i.number, i.state, i.candidateModelId]));
    expect(b.status.waitingFor?.batchName).toBe("round 3");
    expect(second.stderr).toContain("reusing the demo data");
  }, 420_000);

  it.skipIf(hasTorch)("without PyTorch imports the data and says what to install", () => {
    const res = demo(join(t.dir, "demo"));
    expect(res.status).toBe(0);
    expect(res.stderr).toContain("apt-get install python3-torch python3-pil");
  });
});
