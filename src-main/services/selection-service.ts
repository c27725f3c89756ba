import { selectWithInputs } from "../evaluation/selection-inputs";
import type { PredictionSource } from "../inference/predictions";
import type { AreaService, ServiceContext } from "./context";

/**
 * selection.*: a thin adapter over the domain function `selectWithInputs` (descriptors and test-time augmentation
 * where the strategy needs them, then `selectFromPool`; stored as a selections row).
 */
export function createSelectionService(ctx: ServiceContext, source: PredictionSource): AreaService<"selection"> {
  return {
    run: async (req) => {
      const session = ctx.sessions.require();
      const { selectionId: _id, ...report } = await selectWithInputs(
        { db: session.db, projectDir: session.dir, source, clock: ctx.clock, client: ctx.inference },
        { ...req, actor: ctx.appState.settings().annotatorName || "anonymous" },
      );
      return report;
    },
  };
}
