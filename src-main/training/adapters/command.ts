import { LoupeError } from "../../errors";
import type { TrainerAdapter } from "../adapter";
import type { TrainerJob } from "../protocol";

/**
 * Any command line, with placeholders: {data} (data.yaml), {out} (output folder), {epochs}, {imgsz}, {init}
 * (initial weights or empty), {batch}, {seed}, {device}, {job} (the JSON job file). The template is split into
 * words like a shell would (quotes, backslash escapes) BEFORE substitution, so paths with spaces stay one
 * argument; no shell runs it. If the command prints no protocol lines, progress shows "running" and success
 * means exit code 0 and an .onnx file in {out}.
 */
export const COMMAND_PLACEHOLDERS = ["data", "out", "epochs", "imgsz", "init", "batch", "seed", "device", "job"] as const;

/** Splits a command line into words: whitespace separates, '…' is literal, "…" allows \" and \\, \x escapes x. */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === "\\" && (line[i + 1] === '"' || line[i + 1] === "\\")) word += line[++i];
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === "\\" && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) throw new LoupeError("E_VALIDATION", `training command: unclosed ${quote} quote in "${line}"`);
  if (inWord) words.push(word);
  return words;
}

/** Replaces {name} placeholders in one word; unknown names are an error (a typo should not run silently). */
export function substitutePlaceholders(word: string, values: Record<string, string>): string {
  return word.replace(/\{([a-zA-Z_]+)\}/g, (_m, name: string) => {
    if (!Object.hasOwn(values, name)) {
      throw new LoupeError("E_VALIDATION", `training command: unknown placeholder {${name}} (known: ${COMMAND_PLACEHOLDERS.map((p) => `{${p}}`).join(" ")})`);
    }
    return values[name] as string;
  });
}

export function placeholderValues(job: TrainerJob, jobFile: string): Record<string, string> {
  return {
    data: job.data,
    out: job.out,
    epochs: String(job.epochs),
    imgsz: String(job.imgsz),
    init: job.init ?? "",
    batch: String(job.batch),
    seed: String(job.seed),
    device: job.device,
    job: jobFile,
  };
}

export function commandAdapter(opts: { template: string; env?: Record<string, string> }): TrainerAdapter {
  const words = splitCommandLine(opts.template);
  if (words.length === 0) throw new LoupeError("E_VALIDATION", "training command: the command line is empty");
  return {
    name: "command",
    speaksProtocol: false,
    launch(job, jobFile) {
      const values = placeholderValues(job, jobFile);
      const [command, ...args] = words.map((w) => substitutePlaceholders(w, values));
      return { command: command as string, args, env: { PYTHONUNBUFFERED: "1", ...opts.env }, cwd: job.out };
    },
  };
}
