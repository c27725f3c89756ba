import type { CliCommand } from "../command";
import { initCommand } from "./init";
import { statusCommand } from "./status";
import { trainCommand } from "./train";
import { doctorCommand } from "./doctor";
import { evalCommand } from "./eval";
import { predictCommand } from "./predict";
import { importCommand } from "./import";
import { exportCommand } from "./export";
import { demoDataCommand } from "./demo-data";

/** Every `loupe` command. A new command adds one import and one entry. */
export const COMMANDS: CliCommand[] = [
  initCommand,
  statusCommand,
  trainCommand,
  doctorCommand,
  evalCommand,
  predictCommand,
  importCommand,
  exportCommand,
  demoDataCommand,
];
