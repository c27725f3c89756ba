import type { CliCommand } from "../command";
import { demoCommand } from "./demo";
import { demoDataCommand } from "./demo-data";
import { doctorCommand } from "./doctor";
import { evalCommand } from "./eval";
import { exportCommand } from "./export";
import { importCommand } from "./import";
import { initCommand } from "./init";
import { loopCommand } from "./loop";
import { predictCommand } from "./predict";
import { selectCommand } from "./select";
import { simulateCommand } from "./simulate";
import { statusCommand } from "./status";
import { trainCommand } from "./train";

/** Every `loupe` command, in the order `loupe help` lists them (the loop's order). A new command adds one entry. */
export const COMMANDS: CliCommand[] = [
  demoCommand,
  initCommand,
  demoDataCommand,
  importCommand,
  statusCommand,
  predictCommand,
  evalCommand,
  selectCommand,
  trainCommand,
  loopCommand,
  simulateCommand,
  exportCommand,
  doctorCommand,
];
