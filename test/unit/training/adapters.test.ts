import { describe, expect, it } from "vitest";
import { builtinAdapter } from "../../../src-main/training/adapters/builtin";
import { commandAdapter, splitCommandLine, substitutePlaceholders } from "../../../src-main/training/adapters/command";
import { ultralyticsAdapter } from "../../../src-main/training/adapters/ultralytics";
import { installHint, summarizeProbes, torchAtLeast, type PythonProbe } from "../../../src-main/training/env-probe";
import { trainerJobSchema } from "../../../src-main/training/protocol";

const job = trainerJobSchema.parse({
  data: "/runs/it 1/data.yaml", names: ["crop"], out: "/runs/it 1/out", epochs: 5, imgsz: 320, batch: 16, seed: 7, device: "cpu", threads: 2,
});

describe("command adapter", () => {
  it.each([
    ["a b  c", ["a", "b", "c"]],
    ["python3 'my script.py' --x", ["python3", "my script.py", "--x"]],
    ['say "a \\"quoted\\" word"', ["say", 'a "quoted" word']],
    ["a\\ b c", ["a b", "c"]],
    ["''", [""]],
  ])("splits %s like a shell", (line, words) => {
    expect(splitCommandLine(line)).toEqual(words);
  });

  it("refuses an unclosed quote", () => {
    expect(() => splitCommandLine("python 'oops")).toThrow(/unclosed ' quote/);
  });

  it("substitutes placeholders after splitting, so paths with spaces stay one argument", () => {
    const launch = commandAdapter({ template: "train.sh --data={data} --out {out} -e {epochs} --size {imgsz} --init '{init}'" }).launch(job, "/runs/job.json");
    expect(launch.command).toBe("train.sh");
    expect(launch.args).toEqual(["--data=/runs/it 1/data.yaml", "--out", "/runs/it 1/out", "-e", "5", "--size", "320", "--init", ""]);
  });

  it("names an unknown placeholder", () => {
    expect(() => substitutePlaceholders("{epoch}", { epochs: "5" })).toThrow(/unknown placeholder \{epoch\}/);
  });
});

describe("python adapters", () => {
  it("starts the built-in trainer with the job file, our thread count and passive OpenMP waiting", () => {
    const l = builtinAdapter({ python: "/usr/bin/python3", trainerDir: "/res/trainer" }).launch(job, "/j.json");
    expect(l.command).toBe("/usr/bin/python3");
    expect(l.args).toEqual(["/res/trainer/loupe_train.py", "--job", "/j.json"]);
    expect(l.env).toMatchObject({ OMP_NUM_THREADS: "2", OMP_WAIT_POLICY: "PASSIVE", PYTHONUNBUFFERED: "1" });
  });

  it("runs the Ultralytics driver offline with its settings inside the run folder", () => {
    const l = ultralyticsAdapter({ python: "python3", trainerDir: "/res/trainer", pythonPath: ["/fake"] }).launch(job, "/j.json");
    expect(l.args[0]).toBe("/res/trainer/ultralytics_driver.py");
    expect(l.env).toMatchObject({ YOLO_OFFLINE: "True", YOLO_CONFIG_DIR: "/runs/it 1/out/ultralytics-config" });
    expect(l.env?.PYTHONPATH?.startsWith("/fake")).toBe(true);
  });
});

const probe = (p: Partial<PythonProbe>): PythonProbe => ({
  python: "/usr/bin/python3", executable: "/usr/bin/python3", version: "3.11.2", torch: null, torchError: null, torchThreads: null,
  cudaAvailable: false, cudaDevices: [], mpsAvailable: false, numpy: "1.24.2", pil: "9.4.0", ultralytics: null, problem: null, ...p,
});
const ctx = { isDebian: true, platform: "linux" as const, cpuThreads: 2 };

describe("environment summary", () => {
  it("is ready with torch, numpy and Pillow, and notes that Ultralytics is optional", () => {
    const r = summarizeProbes([probe({ torch: "1.13.0a0" })], ctx);
    expect(r).toMatchObject({ builtinReady: true, python: "/usr/bin/python3", ultralyticsReady: false, problems: [] });
    expect(r.notes.join("\n")).toMatch(/venv --system-site-packages .*pip install ultralytics.*AGPL/);
  });

  it("says exactly what to install on Debian when torch is missing", () => {
    const r = summarizeProbes([probe({ torchError: "ModuleNotFoundError: No module named 'torch'" })], ctx);
    expect(r.builtinReady).toBe(false);
    expect(r.problems[0]).toMatch(/has no PyTorch .*: sudo apt-get install python3-torch python3-pil$/);
  });

  it("says pip elsewhere", () => {
    expect(installHint("torch", false, "python3")).toBe("python3 -m pip install torch numpy pillow");
    expect(installHint("pil", true)).toBe("sudo apt-get install python3-pil");
  });

  it("skips a python without torch for one that has it", () => {
    const r = summarizeProbes([probe({ python: "python3", executable: "/root/.pyenv/shims/python3" }), probe({ torch: "2.3.0" })], ctx);
    expect(r.python).toBe("/usr/bin/python3");
  });

  it("reports when no python runs at all", () => {
    const r = summarizeProbes([probe({ executable: null, problem: "python3: not found" })], { ...ctx, isDebian: false });
    expect(r.problems[0]).toMatch(/no Python 3 found/);
  });

  it.each([
    ["1.13.0a0", true],
    ["1.12.1", false],
    ["2.0.1+cpu", true],
  ])("torch %s is ≥ 1.13: %s", (v, ok) => {
    expect(torchAtLeast(v, 1, 13)).toBe(ok);
  });
});
