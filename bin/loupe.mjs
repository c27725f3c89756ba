#!/usr/bin/env node
// The `loupe` command: runs the TypeScript CLI through tsx (no build step needed).
import { register } from "tsx/esm/api";

register();
const { runCli } = await import("../src-main/cli/main.ts");
const code = await runCli(process.argv.slice(2));
process.exit(code);
