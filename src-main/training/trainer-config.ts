import { join, resolve } from "node:path";
import { z } from "zod";
import type { TrainingEnvironment } from "../../src-preload/api";
import { LoupeError, isLoupeError } from "../errors";
import { readRegularText } from "../files/regular-file";
import { splitCommandLine } from "./adapters/command";

/**
 * Which programs training may run, set only where the user (not a page) decides: `trainers.json` in the per-user
 * app-data folder. The renderer names an entry (`training.start { adapter: "command", command: "darknet" }`,
 * `training.environment { python: "venv" }`); it can never hand the main process a command line or an executable
 * to run. The CLI, whose user already runs programs, may add entries for its own process (`--command`, `--python`).
 *
 * ```json
 * {
 *   "pythons":  { "venv": "/home/me/venvs/torch/bin/python" },
 *   "commands": { "darknet": "darknet detector train {data} cfg/yolov4-tiny.cfg -dont_show" }
 * }
 * ```
 */

export const TRAINERS_FILE = "trainers.json";
/** How an entry is named: what the API accepts in `command` and `python`. */
export const TRAINER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const TRAINER_NAME_RULE = "the name of an entry in trainers.json (letters, digits, '.', '_' and '-', at most 64)";

const nameKey = z.string().regex(TRAINER_NAME, TRAINER_NAME_RULE);
const pythonPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes("\0"), "must not contain a NUL byte");
const commandLine = z
  .string()
  .min(1)
  .max(8192)
  .refine((c) => !c.includes("\0"), "must not contain a NUL byte");
const TrainersFile = z.strictObject({
  pythons: z.record(nameKey, pythonPath).optional(),
  commands: z.record(nameKey, commandLine).optional(),
});

export interface TrainerEntries {
  pythons: Record<string, string>;
  commands: Record<string, string>;
}

/** The configured names, for the environment report (the page may show them; it cannot change them). */
export type TrainerNames = TrainingEnvironment["trainers"];

/** Reads trainers.json: a missing file is no entries; a bad one is an error naming the file and the problem. */
export async function readTrainersFile(file: string): Promise<TrainerEntries> {
  let text: string;
  try {
    text = await readRegularText(file, { what: "trainer settings", maxBytes: 1024 * 1024 });
  } catch (err) {
    if (isLoupeError(err, "E_NOT_FOUND")) return { pythons: {}, commands: {} };
    throw err;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new LoupeError("E_VALIDATION", `${file}: not valid JSON: ${(err as Error).message}`, { file });
  }
  const parsed = TrainersFile.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.length ? `${first.path.map(String).join(".")}: ` : "";
    // zod reports a bad record key as "Invalid key in record": say what a name must be instead
    const problem = first?.code === "invalid_key" ? `an entry name must be ${TRAINER_NAME_RULE}` : (first?.message ?? "not a trainer settings file");
    throw new LoupeError("E_VALIDATION", `${file}: ${where}${problem}`, { file });
  }
  const commands = parsed.data.commands ?? {};
  for (const [name, line] of Object.entries(commands)) {
    try {
      if (splitCommandLine(line).length === 0) throw new LoupeError("E_VALIDATION", "the command line is empty");
    } catch (err) {
      throw new LoupeError("E_VALIDATION", `${file}: commands.${name}: ${(err as Error).message}`, { file });
    }
  }
  return { pythons: parsed.data.pythons ?? {}, commands };
}

/**
 * The trainer entries of one host: trainers.json (read on every use, so edits apply without a restart) plus
 * entries the host's own process added (the CLI's flags), which win over the file's.
 */
export class TrainerConfig {
  readonly file: string;
  private readonly own: TrainerEntries = { pythons: {}, commands: {} };
  private readonly weights = new Set<string>();

  constructor(appDataDir: string) {
    this.file = join(appDataDir, TRAINERS_FILE);
  }

  /** Main-process only (never reachable through dispatch): an entry for this process, not saved. */
  define(kind: "python" | "command", name: string, value: string): void {
    if (!TRAINER_NAME.test(name)) throw new LoupeError("E_VALIDATION", `trainer entry "${name}": must be ${TRAINER_NAME_RULE}`);
    const check = kind === "python" ? pythonPath.safeParse(value) : commandLine.safeParse(value);
    if (!check.success) throw new LoupeError("E_VALIDATION", `${kind} "${name}": ${check.error.issues[0]?.message ?? "invalid"}`);
    if (kind === "command") splitCommandLine(value);
    (kind === "python" ? this.own.pythons : this.own.commands)[name] = value;
  }

  /** Main-process only: Ultralytics .pt weights this process's own user named (the CLI's --model). */
  trustWeights(path: string): void {
    this.weights.add(resolve(path));
  }

  weightsTrusted(path: string): boolean {
    return this.weights.has(resolve(path));
  }

  async entries(): Promise<TrainerEntries> {
    const fromFile = await readTrainersFile(this.file);
    return { pythons: { ...fromFile.pythons, ...this.own.pythons }, commands: { ...fromFile.commands, ...this.own.commands } };
  }

  /** The configured names; a broken file gives its problem here instead of failing the environment report. */
  async names(): Promise<TrainerNames> {
    try {
      const e = await this.entries();
      return { file: this.file, pythons: Object.keys(e.pythons).sort(), commands: Object.keys(e.commands).sort(), problem: null };
    } catch (err) {
      return { file: this.file, pythons: Object.keys(this.own.pythons).sort(), commands: Object.keys(this.own.commands).sort(), problem: (err as Error).message };
    }
  }

  /** The interpreter a name stands for; undefined for no name (the probe's own candidates are used). */
  async python(name: string | undefined): Promise<string | undefined> {
    if (name === undefined) return undefined;
    return this.lookup((await this.entries()).pythons, name, "python");
  }

  /** The command line a name stands for. */
  async command(name: string | undefined): Promise<string> {
    if (name === undefined) throw new LoupeError("E_VALIDATION", `the command adapter needs the name of a command trainer (configure it under "commands" in ${this.file})`);
    return this.lookup((await this.entries()).commands, name, "command");
  }

  private lookup(table: Record<string, string>, name: string, kind: "python" | "command"): string {
    if (Object.hasOwn(table, name)) return table[name] as string;
    const known = Object.keys(table).sort();
    const list = known.length ? `configured: ${known.join(", ")}` : "none configured";
    throw new LoupeError("E_NOT_FOUND", `no ${kind} named "${name}" in ${this.file} (${list}); add it under "${kind}s"`, { file: this.file });
  }
}
