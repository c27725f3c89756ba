import { selectFromPool } from "../evaluation/select-pool";
import type { PredictionSource } from "../inference/predictions";
import type { AreaService, ServiceContext } from "./context";

/** selection.*: a thin adapter over the domain function `selectFromPool` (stored as a selections row). */
export function createSelectionService(ctx: ServiceContext, source: PredictionSource): AreaService<"selection"> {
  return {
    run: (req) => {
      const session = ctx.sessions.require();
      const { selectionId: _id, ...report } = selectFromPool(
        { db: session.db, source, clock: ctx.clock },
        { ...req, actor: ctx.appState.settings().annotatorName || "anonymous" },
      );
      return report;
    },
  };
}
