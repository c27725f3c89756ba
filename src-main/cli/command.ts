import type { ProjectInfo } from "../../src-preload/api";
import type { Host } from "../host/create-host";
import { LoupeError } from "../errors";

/** Parsed command line: positionals in order, flags by name (`--budget 5` → "5", `--json` → true). */
export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean | string[]>;
}

export interface CliContext {
  args: ParsedArgs;
  /** True with --json: results go to stdout as one JSON document, nothing else is printed on stdout. */
  json: boolean;
  /** Results (stdout). */
  out(text: string): void;
  /** Human messages and progress (stderr). */
  err(text: string): void;
  /** Progress bar on stderr (redrawn in place on a TTY, a line per 10% otherwise). */
  progress(label: string, done: number, total: number, extra?: string): void;
  /** Creates the host on first use (so commands that need none, like `eval --gt`, stay fast). */
  host(): Host;
  /** Aborted on Ctrl-C: long work stops cleanly. */
  signal: AbortSignal;
}

export interface CliCommand {
  name: string;
  /** One line for `loupe help`. */
  summary: string;
  /** Usage lines, e.g. `loupe status <project> [--json]`. */
  usage: string[];
  /** Returns the process exit code; throw LoupeError for a one-line failure. */
  run(ctx: CliContext): Promise<number>;
}

export function flagString(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  if (Array.isArray(v)) return v[v.length - 1];
  return typeof v === "string" ? v : undefined;
}

export function flagBool(args: ParsedArgs, name: string): boolean {
  const v = args.flags[name];
  return v === true || v === "true" || v === "1";
}

/** Opens the project named by a positional argument (a `.loupe` folder) and returns its info. */
export async function openProjectArg(ctx: CliContext, index = 0): Promise<ProjectInfo> {
  const path = ctx.args.positionals[index];
  if (!path) throw new LoupeError("E_VALIDATION", "missing <project> argument (a .loupe folder)");
  return ctx.host().call("projects", "open", { path });
}

/**
 * A model of the open project named on the command line: its id, a unique id prefix, its name, or "latest" (the
 * newest model). Refuses ambiguous or unknown references with the list of models.
 */
export async function resolveModelRef(ctx: CliContext, ref: string | undefined): Promise<string> {
  const models = await ctx.host().call("models", "list", {});
  const newest = models[0];
  if (!newest) throw new LoupeError("E_NOT_FOUND", "the project has no models yet: add one with `loupe predict <project> --model <file.onnx>` or train one");
  if (!ref || ref === "latest") return newest.id;
  const hits = models.filter((m) => m.id === ref || m.name === ref || m.id.startsWith(ref));
  const [only] = hits;
  if (only && hits.length === 1) return only.id;
  const known = models.map((m) => `${m.id.slice(0, 8)} ${m.name}`).join("; ");
  throw new LoupeError(hits.length ? "E_VALIDATION" : "E_NOT_FOUND", `${hits.length ? "ambiguous" : "unknown"} model "${ref}" (models: ${known})`);
}
