import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Host } from "../../../src-main/host/create-host";
import { sandboxOpener } from "../../../src-main/host/sandbox-opener";
import { defaultThreadSettings } from "../../../src-main/inference/threads";
import { runSimulation, type SimulationResults } from "../../../src-main/simulation/run-simulation";
import { CSV_HEADER } from "../../../src-main/core/simulation/report";
import { constantModel, fakeTrainerCommand, loopProject } from "../../helpers/loop-fixture";
import { tempDir, testHost } from "../../helpers/temp";

/**
 * A digest of every file under `dir` (path, size and SHA-256 of the bytes), skipping `skip` folders (relative
 * paths): two equal digests mean a byte-identical tree.
 */
function treeDigest(dir: string, skip: readonly string[] = []): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const rel = relative(dir, p).split("\\").join("/");
      if (skip.some((s) => rel === s || rel.startsWith(`${s}/`))) continue;
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out.set(rel, `${st.size}:${createHash("sha256").update(readFileSync(p)).digest("hex")}`);
    }
  };
  walk(dir);
  return out;
}

let tmp: ReturnType<typeof tempDir>;
let host: Host;

beforeEach(() => {
  tmp = tempDir("loupe-sim-");
  host = testHost(tmp.dir).host;
});
afterEach(async () => {
  await host.dispose();
  tmp.cleanup();
});

describe("loupe simulate (quick profile, fake trainer)", () => {
  it("runs every strategy × seed in its own sandbox, writes the curves, and leaves the project byte-identical", async () => {
    const { projectDir, oracle } = await loopProject(host, tmp.dir, { images: 40 });
    await host.call("projects", "close", {});
    const before = treeDigest(projectDir);
    const model = constantModel(join(tmp.dir, "constant.onnx"));
    const opener = sandboxOpener({
      appDataDir: join(tmp.dir, "sim-home"),
      inferenceThreads: defaultThreadSettings(1),
      trainerOverride: { adapter: "command", command: fakeTrainerCommand(model) },
    });
    const lines: string[] = [];
    const r = await runSimulation(
      { opener, clock: { now: () => Date.now() }, log: (l) => lines.push(l) },
      { projectDir, oraclePath: oracle, id: "quick", strategies: ["random", "entropy"], seeds: [0], rounds: 2, budget: 3 },
    );

    // the user's project: every file as it was; the simulation only added simulations/
    const after = treeDigest(projectDir, ["simulations"]);
    expect(after).toEqual(before);
    expect(r.dir).toBe(join(projectDir, "simulations", "quick"));

    // one sandbox per run plus the shared start, each a project of its own with its own loop history
    expect(r.runs.map((x) => [x.strategy, x.seed, x.status])).toEqual([["random", 0, "done"], ["entropy", 0, "done"]]);
    for (const x of r.runs) {
      expect(x.rounds.map((p) => p.round)).toEqual([0, 1, 2]);
      // each round bought the oracle's boxes of 3 images
      expect(x.rounds[2]!.images - x.rounds[0]!.images).toBe(6);
      expect(x.rounds[2]!.labels).toBeGreaterThan(x.rounds[0]!.labels);
      const p = x.rounds[2]!;
      expect(p.drawn + p.verified + p.corrected).toBe(p.labels - x.rounds[0]!.labels);
      expect(p.annotatorSeconds).toBeGreaterThan(0);
    }
    expect(lines.filter((l) => l.startsWith("training the baseline"))).toHaveLength(1);
    for (const f of ["results.json", "curves.csv", "learning_curves.svg", "learning_curves.png", "report.md", "settings.json"]) expect(existsSync(join(r.dir, f)), f).toBe(true);
    const json = JSON.parse(readFileSync(join(r.dir, "results.json"), "utf8")) as SimulationResults;
    expect(json.summary.strategies.map((s) => s.strategy)).toEqual(["random", "entropy"]);
    expect(json.finishedAt).not.toBeNull();
    const csv = readFileSync(join(r.dir, "curves.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe(CSV_HEADER);
    expect(csv).toHaveLength(1 + 2 * 3);
    expect(readFileSync(join(r.dir, "report.md"), "utf8")).toMatch(/\| entropy \| 1 \|/);

    // resuming a finished simulation measures again and reruns nothing
    const again = await runSimulation({ opener, clock: { now: () => Date.now() }, log: (l) => lines.push(l) }, { projectDir, oraclePath: oracle, id: "quick" });
    expect(again.runs.map((x) => x.rounds.length)).toEqual([3, 3]);
    expect(lines.filter((l) => l.startsWith("training the baseline"))).toHaveLength(1);
    expect(treeDigest(projectDir, ["simulations"])).toEqual(before);

    // the app reads them through the simulation area
    await host.call("projects", "open", { path: projectDir });
    const listed = await host.call("simulation", "list", {});
    expect(listed.map((x) => [x.id, x.runsDone, x.runsTotal])).toEqual([["quick", 2, 2]]);
    expect((await host.call("simulation", "results", { id: "quick" })).summary).toEqual(json.summary);
    expect(await host.dispatch("simulation.results", { id: "../quick" })).toMatchObject({ ok: false, error: { code: "E_VALIDATION" } });
    expect(await host.dispatch("simulation.results", { id: "nope" })).toMatchObject({ ok: false, error: { code: "E_NOT_FOUND" } });
  });

  it("stopped in the middle of a run, goes on with that run from where its loop stopped", async () => {
    const { projectDir, oracle } = await loopProject(host, tmp.dir, { images: 30 });
    await host.call("projects", "close", {});
    const model = constantModel(join(tmp.dir, "constant.onnx"));
    const opener = sandboxOpener({
      appDataDir: join(tmp.dir, "sim-home"),
      inferenceThreads: defaultThreadSettings(1),
      trainerOverride: { adapter: "command", command: fakeTrainerCommand(model) },
    });
    const stop = new AbortController();
    const lines: string[] = [];
    const req = { projectDir, oraclePath: oracle, id: "stopped", strategies: ["random", "entropy"] as const, seeds: [0], rounds: 1, budget: 2 };
    // stopped while the second run trains its first round
    const log = (l: string) => {
      lines.push(l);
      if (l.includes("entropy-s0: iteration 1: train")) stop.abort();
    };
    await expect(runSimulation({ opener, clock: { now: () => Date.now() }, signal: stop.signal, log }, { ...req, strategies: [...req.strategies] })).rejects.toMatchObject({ code: "E_CANCELLED" });
    const partial = JSON.parse(readFileSync(join(projectDir, "simulations", "stopped", "results.json"), "utf8")) as SimulationResults;
    expect(partial.runs.map((x) => [x.strategy, x.status])).toEqual([["random", "done"], ["entropy", "pending"]]);
    expect(partial.finishedAt).toBeNull();

    const resumed: string[] = [];
    const r = await runSimulation({ opener, clock: { now: () => Date.now() }, log: (l) => resumed.push(l) }, { projectDir, oraclePath: oracle, id: "stopped" });
    expect(r.runs.map((x) => [x.strategy, x.status, x.rounds.length])).toEqual([["random", "done", 2], ["entropy", "done", 2]]);
    // nothing trained twice: no new baseline, random only measured, entropy's first round not selected again
    expect(resumed.some((l) => l.startsWith("training the baseline"))).toBe(false);
    expect(resumed.some((l) => l.includes("random-s0: iteration"))).toBe(false);
    expect(resumed.some((l) => l.includes("entropy-s0: iteration 1: select"))).toBe(false);
    expect(r.finishedAt).not.toBeNull();
    // the resumed simulation keeps its first start, and report.md counts the time from there
    expect(r.createdAt).toBe(partial.createdAt);
    expect(readFileSync(join(r.dir, "report.md"), "utf8")).toMatch(/; [1-9]\d* s in all\./);
  });

  it("refuses a resumed simulation whose settings.json is broken, naming the file, and writes nothing", async () => {
    const dir = join(tmp.dir, "sims", "broken");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "settings.json");
    const opener = sandboxOpener({ appDataDir: join(tmp.dir, "sim-home") });
    const deps = { opener, clock: { now: () => Date.now() } };
    for (const [text, problem] of [
      ["{not json", /not valid JSON/],
      ['{"strategies": "random"}', /not the settings of a simulation/],
      ['{"strategies": ["psychic"], "seeds": [0], "rounds": 1, "budget": 1, "oraclePath": "/x", "model": {}, "costs": {}, "reviewThreshold": 0.5}', /strategies: unknown "psychic"/],
    ] as const) {
      writeFileSync(file, text);
      const err = await runSimulation(deps, { projectDir: tmp.dir, oraclePath: "", id: "broken", outRoot: join(tmp.dir, "sims") }).then(() => null, (e: unknown) => e as Error);
      expect(err?.message).toContain(file);
      expect(err?.message).toMatch(problem);
      expect(readdirSync(dir)).toEqual(["settings.json"]);
    }
  });
});
