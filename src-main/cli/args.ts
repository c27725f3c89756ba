import type { ParsedArgs } from "./command";

/**
 * Parses `a b --flag value --bool --k=v -- rest`. A flag followed by another flag (or nothing) is boolean; a flag
 * given twice collects its values in an array. `--no-x` sets x to false.
 */
export function parseArgs(argv: readonly string[], booleanFlags: ReadonlySet<string> = new Set()): ParsedArgs {
  const positionals: string[] = [];
  const flags: ParsedArgs["flags"] = {};
  const put = (k: string, v: string | boolean): void => {
    const prev = flags[k];
    if (prev === undefined || typeof v === "boolean" || typeof prev === "boolean") flags[k] = v;
    else flags[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--") && a.length > 2) {
      const body = a.slice(2);
      const eq = body.indexOf("=");
      if (eq >= 0) {
        put(body.slice(0, eq), body.slice(eq + 1));
      } else if (body.startsWith("no-")) {
        put(body.slice(3), false);
      } else {
        const next = argv[i + 1];
        if (!booleanFlags.has(body) && next !== undefined && !next.startsWith("--")) {
          put(body, next);
          i++;
        } else {
          put(body, true);
        }
      }
    } else {
      positionals.push(a);
    }
  }
  return { positionals, flags };
}
