import { parseArgs } from "./args";
import { COMMANDS } from "./commands/index";
import type { CliContext } from "./command";
import { createHost, defaultAppDataDir, loupeVersion, type Host } from "../host/create-host";
import { toErrorData } from "../errors";
import { createProgressPrinter } from "./progress";

const BOOLEAN_FLAGS = new Set(["json", "help", "quick", "approved-only", "reviewed-only", "since-last-export", "link", "force", "dry-run", "approval"]);

function usage(): string {
  const lines = [`loupe ${loupeVersion()} — human-in-the-loop active learning for object detectors`, "", "commands:"];
  for (const c of COMMANDS) lines.push(`  ${c.name.padEnd(12)} ${c.summary}`);
  lines.push("", "`loupe help <command>` shows its usage; --json prints machine-readable results on stdout.");
  return lines.join("\n");
}

/** Runs the CLI; returns the exit code. Results go to stdout, messages and progress to stderr. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    const topic = COMMANDS.find((c) => c.name === rest[0]);
    process.stdout.write(`${topic ? topic.usage.join("\n") : usage()}\n`);
    return 0;
  }
  if (name === "--version" || name === "version") {
    process.stdout.write(`${loupeVersion()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`loupe: unknown command "${name}" (see \`loupe help\`)\n`);
    return 2;
  }
  const args = parseArgs(rest, BOOLEAN_FLAGS);
  if (args.flags.help === true) {
    process.stdout.write(`${command.usage.join("\n")}\n`);
    return 0;
  }
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write("\ncancelling… (Ctrl-C again to quit at once)\n");
    controller.abort();
  };
  process.on("SIGINT", onSigint);
  const printer = createProgressPrinter(process.stderr);
  let host: Host | undefined;
  const ctx: CliContext = {
    args,
    json: args.flags.json === true,
    out: (t) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`),
    err: (t) => process.stderr.write(t.endsWith("\n") ? t : `${t}\n`),
    progress: (label, done, total, extra) => printer.progress(label, done, total, extra),
    host: () => (host ??= createHost({ appDataDir: defaultAppDataDir(), hostKind: "cli" })),
    signal: controller.signal,
  };
  try {
    return await command.run(ctx);
  } catch (err) {
    printer.end();
    const e = toErrorData(err);
    process.stderr.write(`loupe ${name}: ${e.message}\n`);
    return e.code === "E_VALIDATION" ? 2 : 1;
  } finally {
    printer.end();
    process.off("SIGINT", onSigint);
    await host?.dispose();
  }
}

const invokedDirectly = process.argv[1] !== undefined && /[\\/]cli[\\/]main\.ts$/.test(process.argv[1]);
if (invokedDirectly) {
  void runCli(process.argv.slice(2)).then((code) => process.exit(code));
}
