import type { TrainingPythonInfo } from "../../src-preload/api";
import { execFile } from "node:child_process";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { cpus } from "node:os";

/**
 * Finds a Python that can run the trainers and says what it has: Python, torch (version, threads, CUDA, MPS),
 * numpy, Pillow and Ultralytics. Candidates in order: the configured path, $LOUPE_PYTHON, Debian's
 * /usr/bin/python3 (other pythons on PATH — pyenv, conda — often lack the apt-installed torch), then python3 and
 * python on PATH. A missing piece comes with the exact command that installs it.
 */

/** One interpreter as probed: the contract's TrainingPythonInfo (fields documented there). */
export type PythonProbe = TrainingPythonInfo;

export interface EnvReport {
  platform: NodeJS.Platform;
  isDebian: boolean;
  cpuThreads: number;
  /** Every interpreter probed, in order. */
  probes: PythonProbe[];
  /** The interpreter the built-in trainer will use: the first with torch, numpy and Pillow. */
  python: string | null;
  builtinReady: boolean;
  /** The interpreter with Ultralytics (and torch), if any. */
  ultralyticsPython: string | null;
  ultralyticsReady: boolean;
  /** Missing pieces, each with what to install. Empty when the built-in trainer can run. */
  problems: string[];
  /** Notes about optional pieces (Ultralytics, GPUs). */
  notes: string[];
}

export interface ProbeOptions {
  /** A Python configured by the user; tried first. */
  python?: string | undefined;
  /** Probe every candidate instead of stopping at the first that can train (the doctor wants them all). */
  all?: boolean;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

const PROBE_SCRIPT = String.raw`
import json, sys
r = {"executable": sys.executable, "version": sys.version.split()[0], "torch": None, "torchError": None,
     "torchThreads": None, "cudaAvailable": False, "cudaDevices": [], "mpsAvailable": False,
     "numpy": None, "pil": None, "ultralytics": None}
try:
    import numpy; r["numpy"] = numpy.__version__
except Exception as e: pass
try:
    import PIL; r["pil"] = getattr(PIL, "__version__", "unknown")
except Exception: pass
try:
    import torch
    r["torch"] = torch.__version__
    r["torchThreads"] = torch.get_num_threads()
    try:
        r["cudaAvailable"] = bool(torch.cuda.is_available())
        if r["cudaAvailable"]:
            r["cudaDevices"] = [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]
    except Exception: pass
    try:
        r["mpsAvailable"] = bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_available())
    except Exception: pass
except Exception as e:
    r["torchError"] = type(e).__name__ + ": " + str(e)
try:
    from importlib import metadata
    r["ultralytics"] = metadata.version("ultralytics")
except Exception:
    try:
        import ultralytics; r["ultralytics"] = getattr(ultralytics, "__version__", "unknown")
    except Exception: pass
print("LOUPE_PROBE " + json.dumps(r))
`;

/** Candidate interpreters, in the order they are tried, without duplicates. */
export function pythonCandidates(opts: { python?: string | undefined; env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform }): string[] {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const list: string[] = [];
  if (opts.python) list.push(opts.python);
  if (env.LOUPE_PYTHON) list.push(env.LOUPE_PYTHON);
  if (platform !== "win32") list.push("/usr/bin/python3");
  list.push(platform === "win32" ? "python" : "python3");
  if (platform !== "win32") list.push("python");
  const seen = new Set<string>();
  return list.filter((p) => {
    let key = p;
    try {
      if (p.includes("/") || p.includes("\\")) key = realpathSync(p);
    } catch {
      /* keep the name */
    }
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function emptyProbe(python: string, problem: string | null): PythonProbe {
  return {
    python, executable: null, version: null, torch: null, torchError: null, torchThreads: null, cudaAvailable: false,
    cudaDevices: [], mpsAvailable: false, numpy: null, pil: null, ultralytics: null, problem,
  };
}

/** Runs the probe script with one interpreter. Never throws. */
export function probePython(python: string, timeoutMs = 60_000, env: NodeJS.ProcessEnv = process.env): Promise<PythonProbe> {
  if ((python.includes("/") || python.includes("\\")) && !existsSync(python)) {
    return Promise.resolve(emptyProbe(python, `${python}: no such file`));
  }
  return new Promise((resolve) => {
    execFile(
      python,
      ["-c", PROBE_SCRIPT],
      { timeout: timeoutMs, env: { ...env, PYTHONDONTWRITEBYTECODE: "1", YOLO_OFFLINE: "True" }, maxBuffer: 4 * 1024 * 1024, windowsHide: true },
      (err, stdout) => {
        const line = stdout.split("\n").find((l) => l.startsWith("LOUPE_PROBE "));
        if (!line) {
          const why = err ? ((err as NodeJS.ErrnoException).code === "ENOENT" ? "not found" : err.message.split("\n")[0] ?? "failed") : "no answer";
          resolve(emptyProbe(python, `${python}: ${why}`));
          return;
        }
        try {
          const r = JSON.parse(line.slice("LOUPE_PROBE ".length)) as Omit<PythonProbe, "python" | "problem">;
          resolve({ ...emptyProbe(python, null), ...r, python });
        } catch {
          resolve(emptyProbe(python, `${python}: unreadable probe answer`));
        }
      },
    );
  });
}

/** True when /etc/os-release names Debian or a derivative (Ubuntu, …). */
export function detectDebian(): boolean {
  if (process.platform !== "linux") return false;
  try {
    if (existsSync("/etc/debian_version")) return true;
    return /^ID(_LIKE)?=.*\b(debian|ubuntu)\b/m.test(readFileSync("/etc/os-release", "utf8"));
  } catch {
    return false;
  }
}

/** The command that installs what a probe lacks; pure. */
export function installHint(missing: "python" | "torch" | "pil" | "numpy" | "ultralytics", isDebian: boolean, python = "python3"): string {
  if (missing === "ultralytics") {
    // Debian 12+ marks the system Python "externally managed" (PEP 668): pip goes into a venv that still sees
    // the apt-installed torch.
    const how = isDebian
      ? `python3 -m venv --system-site-packages ~/.loupe-venv && ~/.loupe-venv/bin/pip install ultralytics, then use --python ~/.loupe-venv/bin/python`
      : `${python} -m pip install ultralytics`;
    return `${how}   (AGPL-3.0 licensed; optional, for the "ultralytics" adapter)`;
  }
  if (isDebian) {
    const pkgs = { python: "python3 python3-torch python3-pil", torch: "python3-torch python3-pil", pil: "python3-pil", numpy: "python3-numpy" }[missing];
    return `sudo apt-get install ${pkgs}`;
  }
  if (missing === "python") return "install Python 3 (https://www.python.org/downloads/), then: python3 -m pip install torch numpy pillow";
  const pkgs = { torch: "torch numpy pillow", pil: "pillow", numpy: "numpy" }[missing];
  return `${python} -m pip install ${pkgs}`;
}

function canTrain(p: PythonProbe): boolean {
  return p.torch !== null && p.numpy !== null && p.pil !== null && torchAtLeast(p.torch, 1, 13);
}

/** "1.13.0a0" ≥ 1.13 → true. */
export function torchAtLeast(version: string, major: number, minor: number): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return false;
  const [maj, min] = [Number(m[1]), Number(m[2])];
  return maj > major || (maj === major && min >= minor);
}

/** Builds the report from probes; pure, so the wording is unit-tested. */
export function summarizeProbes(probes: PythonProbe[], ctx: { isDebian: boolean; platform: NodeJS.Platform; cpuThreads: number }): EnvReport {
  const trainer = probes.find(canTrain) ?? null;
  const ultra = probes.find((p) => p.ultralytics !== null && p.torch !== null) ?? null;
  const problems: string[] = [];
  const notes: string[] = [];
  const ran = probes.filter((p) => p.executable !== null);
  if (!trainer) {
    if (ran.length === 0) {
      problems.push(`no Python 3 found (tried ${probes.map((p) => p.python).join(", ")}): ${installHint("python", ctx.isDebian)}`);
    } else {
      const best = ran[0] as PythonProbe;
      const py = best.python;
      if (best.torch === null) {
        problems.push(`${py} (Python ${best.version ?? "?"}) has no PyTorch${best.torchError ? ` (${best.torchError})` : ""}: ${installHint("torch", ctx.isDebian, py)}`);
      } else if (!torchAtLeast(best.torch, 1, 13)) {
        problems.push(`${py} has PyTorch ${best.torch}; the built-in trainer needs ≥ 1.13: ${installHint("torch", ctx.isDebian, py)}`);
      }
      if (best.pil === null) problems.push(`${py} has no Pillow: ${installHint("pil", ctx.isDebian, py)}`);
      if (best.numpy === null) problems.push(`${py} has no numpy: ${installHint("numpy", ctx.isDebian, py)}`);
      if (ctx.isDebian && best.python !== "/usr/bin/python3" && !probes.some((p) => p.python === "/usr/bin/python3" && p.executable)) {
        problems.push("Debian's PyTorch is installed for /usr/bin/python3; other pythons on PATH (pyenv, conda) do not see it");
      }
    }
  }
  if (!ultra) {
    notes.push(`Ultralytics is not installed (optional): ${installHint("ultralytics", ctx.isDebian, trainer?.python ?? "python3")}`);
  }
  const gpu = probes.find((p) => p.cudaAvailable || p.mpsAvailable);
  if (gpu?.cudaAvailable) notes.push(`CUDA available: ${gpu.cudaDevices.join(", ") || "yes"}`);
  else if (gpu?.mpsAvailable) notes.push("Apple MPS available");
  else if (trainer) notes.push(`no GPU: training runs on the CPU (${ctx.cpuThreads} threads)`);
  return {
    platform: ctx.platform,
    isDebian: ctx.isDebian,
    cpuThreads: ctx.cpuThreads,
    probes,
    python: trainer?.python ?? null,
    builtinReady: trainer !== null,
    ultralyticsPython: ultra?.python ?? null,
    ultralyticsReady: ultra !== null,
    problems,
    notes,
  };
}

/** Probes the candidates (stopping at the first that can train unless `all`) and summarises. */
export async function probeEnvironment(opts: ProbeOptions = {}): Promise<EnvReport> {
  const probes: PythonProbe[] = [];
  const seen = new Set<string>();
  for (const python of pythonCandidates({ python: opts.python, env: opts.env })) {
    const p = await probePython(python, opts.timeoutMs, opts.env);
    if (p.executable !== null) {
      // `python` and `python3` are often the same interpreter
      let key = p.executable;
      try {
        key = realpathSync(p.executable);
      } catch {
        /* keep the name */
      }
      if (seen.has(key)) continue;
      seen.add(key);
    }
    probes.push(p);
    if (!opts.all && canTrain(p)) break;
  }
  return summarizeProbes(probes, { isDebian: detectDebian(), platform: process.platform, cpuThreads: cpus().length });
}

/** Human lines for `loupe doctor`. */
export function formatEnvReport(r: EnvReport): string[] {
  const lines: string[] = [`platform: ${r.platform}${r.isDebian ? " (Debian family)" : ""}, ${r.cpuThreads} CPU threads`, ""];
  for (const p of r.probes) {
    if (p.executable === null) {
      lines.push(`${p.python}: ${p.problem ?? "not usable"}`);
      continue;
    }
    lines.push(`${p.python} → ${p.executable} (Python ${p.version ?? "?"})`);
    lines.push(`  torch        ${p.torch ?? "missing"}${p.torch && p.torchThreads !== null ? `  (threads at import: ${p.torchThreads})` : ""}`);
    lines.push(`  numpy        ${p.numpy ?? "missing"}`);
    lines.push(`  Pillow       ${p.pil ?? "missing"}`);
    lines.push(`  CUDA         ${p.cudaAvailable ? `yes: ${p.cudaDevices.join(", ")}` : "no"}`);
    lines.push(`  MPS          ${p.mpsAvailable ? "yes" : "no"}`);
    lines.push(`  ultralytics  ${p.ultralytics ?? "not installed"}`);
  }
  lines.push("");
  lines.push(`built-in trainer: ${r.builtinReady ? `ready (${r.python})` : "NOT ready"}`);
  lines.push(`ultralytics adapter: ${r.ultralyticsReady ? `ready (${r.ultralyticsPython})` : "not available"}`);
  for (const p of r.problems) lines.push(`problem: ${p}`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  return lines;
}
