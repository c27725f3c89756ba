#!/usr/bin/env node
// The `loupe` command. Runs the prebuilt bundle (out/cli/, made by scripts/build-cli.mjs at `npm ci`, `npm run build`
// and `npm test`) while every source file it was built from is unchanged; otherwise the TypeScript sources through
// tsx, so an edited checkout never runs stale code. LOUPE_CLI_FROM_SOURCES=1 forces the sources.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cliBundleState } from "./cli-bundle.mjs";

const state = cliBundleState(join(dirname(fileURLToPath(import.meta.url)), ".."));
// `loupe doctor` reports which one runs
process.env.LOUPE_CLI_BUILD = state.entry ? `prebuilt bundle (built ${state.builtAt})` : `TypeScript sources (${state.stale})`;
let runCli;
if (state.entry) {
  ({ runCli } = await import(state.entry));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ runCli } = await import("../src-main/cli/main.ts"));
}
process.exit(await runCli(process.argv.slice(2)));
