import type { CliCommand } from "../command";
import { initCommand } from "./init";
import { statusCommand } from "./status";

/** Every `loupe` command. A new command adds one import and one entry. */
export const COMMANDS: CliCommand[] = [
  initCommand,
  statusCommand,
];
