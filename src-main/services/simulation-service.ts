import { listSimulations, readSimulation } from "../simulation/stored";
import type { AreaService, ServiceContext } from "./context";

/** simulation.*: what `loupe simulate` wrote for the open project, for the dashboard's chart. */
export function createSimulationService(ctx: ServiceContext): AreaService<"simulation"> {
  return {
    list: () => listSimulations(ctx.sessions.require().dir),
    results: (req) => readSimulation(ctx.sessions.require().dir, req.id),
  };
}
