import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_METHODS, type Area } from "../../../src-preload/api";
import type { Host } from "../../../src-main/host/create-host";
import type { Db } from "../../../src-main/store/db";
import { tempDir } from "../../helpers/temp";
import { expectStoredUnchanged, openProject, snapshot, withinLimit } from "./harness";

/**
 * Hostile IPC payloads, fed through dispatch exactly as a compromised page would send them: every method gets
 * payloads that fit no schema; every path field gets a NUL byte; the training methods get programs to run. Each
 * answer is a Result (nothing thrown), never an "internal error", under the time limit, and nothing stored changes.
 */
let t: ReturnType<typeof tempDir>;
let host: Host;
let db: Db;
beforeAll(async () => {
  t = tempDir("loupe-adv-ipc-");
  ({ host, db } = await openProject(join(t.dir, "p")));
});
afterAll(async () => {
  await host.dispose();
  t.cleanup();
});

const deep = (n: number): unknown => {
  let v: unknown = {};
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
};

/** Payloads no schema accepts (every request is an object with known keys; none has a key "a" or "junk"). */
const JUNK: [string, unknown][] = [
  ["a string", "rm -rf /"],
  ["a number", 42],
  ["an array", [1, 2, 3]],
  ["a boolean", true],
  ["an object nested 5000 deep", deep(5000)],
  ["a prototype-polluting object", JSON.parse('{"__proto__": {"polluted": true}, "junk": 1}')],
  ["a 1 MB key", { ["k".repeat(1 << 20)]: 1 }],
];

const CHANNELS = (Object.keys(API_METHODS) as Area[]).flatMap((a) => API_METHODS[a].map((m) => `${a}.${m}`));

describe("payloads that fit no schema, on every channel", () => {
  it.each(JUNK)("%s is refused everywhere with E_VALIDATION", async (_what, payload) => {
    const before = snapshot(db);
    for (const channel of CHANNELS) {
      const res = await withinLimit(host.dispatch(channel, payload), `${channel} with junk`);
      expect(res.ok, channel).toBe(false);
      if (!res.ok) expect(res.error.code, `${channel}: ${res.error.message}`).toBe("E_VALIDATION");
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expectStoredUnchanged(before, snapshot(db));
    expect(host.sessions.current).not.toBeNull();
  });
});

const NUL = "/tmp/a\u0000b";
const PATH_REQUESTS: [string, Record<string, unknown>][] = [
  ["projects.open", { path: NUL }],
  ["projects.create", { parentDir: NUL, name: "x" }],
  ["datasets.import", { path: NUL }],
  ["datasets.export", { format: "yolo", outDir: NUL }],
  ["models.add", { path: NUL }],
  ["training.environment", { python: NUL }],
  ["training.start", { python: NUL }],
];

describe("a NUL byte in a path", () => {
  it.each(PATH_REQUESTS)("%s refuses it at the door, saying so", async (channel, payload) => {
    const before = snapshot(db);
    const res = await withinLimit(host.dispatch(channel, payload), channel);
    expect(res).toMatchObject({ ok: false, error: { code: "E_VALIDATION" } });
    if (!res.ok) expect(res.error.message).toMatch(/NUL byte|the name of an entry in trainers\.json/);
    expectStoredUnchanged(before, snapshot(db));
  });
});

describe("the page cannot make Loupe run a program", () => {
  const MARKER = join(tmpdir(), "loupe-adversarial-ran-a-program");
  beforeAll(() => rmSync(MARKER, { force: true }));
  const PROGRAMS: [string, Record<string, unknown>][] = [
    ["training.start", { adapter: "command", command: `touch ${MARKER}` }],
    ["training.start", { adapter: "command", command: `sh -c 'id > ${MARKER}'` }],
    ["training.start", { adapter: "command", command: "$(touch x)" }],
    ["training.start", { adapter: "builtin", python: "/bin/sh" }],
    ["training.start", { adapter: "ultralytics", python: "/usr/bin/env" }],
    ["training.environment", { python: "/bin/sh" }],
    ["training.environment", { python: "../../../bin/sh" }],
  ];

  it.each(PROGRAMS)("%s %j is refused: programs are named in trainers.json, never sent", async (channel, payload) => {
    const before = snapshot(db);
    const res = await withinLimit(host.dispatch(channel, payload), channel);
    expect(res).toMatchObject({ ok: false, error: { code: "E_VALIDATION" } });
    if (!res.ok) expect(res.error.message).toMatch(/must be the name of an entry in trainers\.json/);
    expect(existsSync(MARKER)).toBe(false);
    expectStoredUnchanged(before, snapshot(db));
    expect(host.jobs.list().filter((j) => j.kind === "training")).toEqual([]);
  });

  it("a well-formed name nobody configured is not found, naming the file to edit", async () => {
    const res = await withinLimit(host.dispatch("training.environment", { python: "sh" }), "training.environment");
    expect(res.ok === false && res.error).toMatchObject({ code: "E_NOT_FOUND", message: expect.stringMatching(/no python named "sh" in .*trainers\.json/) });
  });

  // a .pt file is a pickle: Ultralytics runs the code it holds when it loads it
  const PICKLES: [string, Record<string, unknown>][] = [
    ["training.start", { adapter: "ultralytics", model: join(tmpdir(), "evil.pt") }],
    ["training.start", { adapter: "ultralytics", model: "../../evil.pt" }],
    ["training.start", { adapter: "ultralytics", model: "/etc/passwd" }],
    ["loop.updateConfig", { patch: { model: { adapter: "ultralytics", ultralyticsModel: join(tmpdir(), "evil.pt") } } }],
    ["loop.validateConfig", { config: { model: { adapter: "ultralytics", ultralyticsModel: "../evil.pt" } } }],
  ];
  it.each(PICKLES)("%s %j is refused: the page names .pt weights only inside the project", async (channel, payload) => {
    const before = snapshot(db);
    const loopYaml = join(host.sessions.require().dir, "loop.yaml");
    const yamlBefore = existsSync(loopYaml) ? readFileSync(loopYaml, "utf8") : null;
    const res = await withinLimit(host.dispatch(channel, payload), channel);
    if (channel === "loop.validateConfig") {
      expect(res).toMatchObject({ ok: true, value: { ok: false, issues: [{ key: "model.ultralyticsModel", message: expect.stringMatching(/only from inside the project folder/) }] } });
    } else {
      expect(res).toMatchObject({ ok: false, error: { code: "E_VALIDATION", message: expect.stringMatching(/project folder|architecture \(\.yaml\) or weights \(\.pt\)/) } });
    }
    expect(existsSync(loopYaml) ? readFileSync(loopYaml, "utf8") : null).toBe(yamlBefore);
    expectStoredUnchanged(before, snapshot(db));
    expect(host.jobs.list().filter((j) => j.kind === "training")).toEqual([]);
  });

  it("accepts an architecture file from anywhere, Ultralytics' own weights by name, and weights inside the project", async () => {
    const inside = join(host.sessions.require().dir, "weights", "mine.pt");
    for (const ultralyticsModel of [join(tmpdir(), "yolo11n.yaml"), "yolo11n.pt", inside]) {
      const res = await host.dispatch("loop.validateConfig", { config: { model: { adapter: "ultralytics", ultralyticsModel } } });
      expect(res, ultralyticsModel).toMatchObject({ ok: true, value: { ok: true } });
    }
    // weights the user wrote into loop.yaml themselves stay acceptable: other keys can still be changed from the app
    const dir = host.sessions.require().dir;
    writeFileSync(join(dir, "loop.yaml"), `model:\n  adapter: ultralytics\n  ultralyticsModel: ${join(tmpdir(), "hand-written.pt")}\n`);
    expect(await host.dispatch("loop.updateConfig", { patch: { selection: { budget: 7 } } })).toMatchObject({ ok: true });
    expect(await host.dispatch("loop.updateConfig", { patch: { model: { ultralyticsModel: join(tmpdir(), "other.pt") } } })).toMatchObject({ ok: false, error: { code: "E_VALIDATION" } });
    rmSync(join(dir, "loop.yaml"));
    // the CLI's own --model is trusted: its user named it in their shell
    const outside = join(tmpdir(), "mine.pt");
    host.trainers.trustWeights(outside);
    expect(await host.dispatch("loop.validateConfig", { config: { model: { adapter: "ultralytics", ultralyticsModel: outside } } })).toMatchObject({ ok: true, value: { ok: true } });
  });
});
