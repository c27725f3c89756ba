import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Host } from "../../../src-main/host/create-host";
import { isLoupeError } from "../../../src-main/errors";
import { constantModel, fakeTrainerCommand, loopProject } from "../../helpers/loop-fixture";
import { tempDir, testHost } from "../../helpers/temp";
import { expectNamesFileAndProblem, expectStoredUnchanged, snapshot, withinLimit } from "./harness";

/** The loop's own inputs: loop.yaml and the iteration folders it writes into. */
let t: ReturnType<typeof tempDir>;
let host: Host;
let projectDir: string;
let command: string;

beforeAll(async () => {
  t = tempDir("loupe-adv-loop-");
  host = testHost(t.dir).host;
  ({ projectDir } = await loopProject(host, t.dir, { images: 24 }));
  command = fakeTrainerCommand(constantModel(join(t.dir, "constant.onnx")));
}, 60_000);
afterAll(async () => {
  await host.dispose();
  t.cleanup();
});

const aliasBomb = ["a: &a [x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join("\n");

const CASES: { name: string; text: string; problem: RegExp }[] = [
  { name: "a YAML alias bomb", text: aliasBomb, problem: /not valid YAML/ },
  { name: "a list instead of a mapping", text: "- 1\n- 2\n", problem: /\(root\): the configuration must be a mapping/ },
  { name: "a budget in words", text: "selection:\n  budget: ten\n", problem: /selection\.budget: / },
  { name: "a misspelt key", text: "convergance:\n  maxIterations: 3\n", problem: /convergance: unknown key/ },
  { name: "a duplicate key", text: "selection:\n  budget: 3\nselection:\n  budget: 4\n", problem: /not valid YAML/ },
  { name: "a file of 300 KiB", text: `# ${"x".repeat(300 * 1024)}\n`, problem: /larger than 256 KiB/ },
  { name: "a command line where a trainer name goes", text: "model:\n  adapter: command\n  trainer: \"rm -rf /\"\n", problem: /model\.trainer: must be the name of a trainers\.json entry/ },
];

describe("hostile loop.yaml", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s: the loop is refused naming loop.yaml and the problem, nothing stored", async (_name, c) => {
    const file = join(projectDir, "loop.yaml");
    writeFileSync(file, c.text);
    const db = host.sessions.require().db;
    const before = snapshot(db);
    const err = await withinLimit(host.loopEngine({ trainerOverride: { adapter: "command", command } }).run().catch((e: unknown) => e), "running the loop", 10_000);
    expect(isLoupeError(err)).toBe(true);
    expectNamesFileAndProblem((err as Error).message, "loop.yaml", c.problem);
    const res = await host.dispatch("loop.start", {});
    expect(res.ok).toBe(false);
    expectStoredUnchanged(before, snapshot(db));
    expect((db.pragma("integrity_check", { simple: true }) as string)).toBe("ok");
  });

  it("a patch with bad values through IPC is refused and loop.yaml keeps its bytes", async () => {
    const file = join(projectDir, "loop.yaml");
    writeFileSync(file, "selection:\n  budget: 3\n");
    const res = await host.dispatch("loop.updateConfig", { patch: { selection: { budget: -5, weights: "heavy" }, model: { trainer: "$(touch x)" } } });
    expect(res.ok).toBe(false);
    if (!res.ok) for (const key of [/loop\.yaml: 3 problems: /, /selection\.budget: /, /selection\.weights: /, /model\.trainer: /]) expect(res.error.message).toMatch(key);
    const { readFileSync } = await import("node:fs");
    expect(readFileSync(file, "utf8")).toBe("selection:\n  budget: 3\n");
  });
});

describe("iteration folders", () => {
  it("an iteration folder taken by a file fails the step by name, stored as failed and resumable", async () => {
    writeFileSync(join(projectDir, "loop.yaml"), "selection:\n  budget: 2\n");
    mkdirSync(join(projectDir, "iterations"), { recursive: true });
    writeFileSync(join(projectDir, "iterations", "iteration_000"), "not a folder");
    const end = await withinLimit(host.loopEngine({ trainerOverride: { adapter: "command", command } }).run(), "running the loop", 20_000);
    expect(end.status).toBe("failed");
    expect(end.reason).toMatch(/baseline of iteration 0 failed: .*iteration_000: cannot make the iteration's folder/);
    const { rmSync } = await import("node:fs");
    rmSync(join(projectDir, "iterations", "iteration_000"));
    const again = await withinLimit(host.loopEngine({ trainerOverride: { adapter: "command", command } }).run(), "resuming the loop", 60_000);
    expect(again.status).toBe("waiting");
  }, 90_000);
});
