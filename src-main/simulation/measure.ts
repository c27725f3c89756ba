import type { IterationInfo } from "../../src-preload/api";
import { addActions, NO_ACTIONS, reviewActions, type ActionCosts } from "../core/simulation/cost";
import { accumulateRounds, type RoundPoint } from "../core/simulation/results";
import type { PredictionSource } from "../inference/predictions";
import type { Db } from "../store/db";
import { labelBoxesOfImages } from "../store/repos/sandbox-repo";
import { getSelection } from "../store/repos/selections-repo";

/**
 * A run's learning curve from its sandbox: one point per decided iteration (0 = the baseline on the start set),
 * labels and images as the loop counted them, and what each round's review cost: the oracle's labels of the chosen
 * images against the boxes the selecting model showed at `reviewThreshold` (what an annotator would have verified,
 * corrected, rejected or drawn).
 */
export function measureRun(db: Db, source: PredictionSource, iterations: readonly IterationInfo[], costs: ActionCosts, reviewThreshold: number): RoundPoint[] {
  const decided = iterations.filter((it) => it.metrics !== null && it.decision !== null).sort((a, b) => a.number - b.number);
  const first = decided[0];
  if (!first || first.number !== 0 || !first.metrics) return [];
  const m0 = first.metrics;
  const start = { labels: m0.labelsSpent, images: m0.imagesLabeled, mAP50_95: m0.mAP50_95, mAP50: m0.mAP50, f1: m0.f1 };
  const deltas = [];
  let prev = m0;
  for (const it of decided.slice(1)) {
    const m = it.metrics!;
    let actions = NO_ACTIONS;
    const selection = it.selectionId === null ? undefined : getSelection(db, it.selectionId);
    if (selection) {
      const ids = selection.chosen.map((c) => c.imageId);
      const truth = labelBoxesOfImages(db, ids);
      const read = source.reader(selection.modelId);
      for (const id of ids) {
        const preds = read(id, reviewThreshold).flatMap((p) => (p.classId === null ? [] : [{ classId: p.classId, score: p.score, box: p.box }]));
        actions = addActions(actions, reviewActions(truth.get(id) ?? [], preds));
      }
    }
    deltas.push({
      ...actions,
      // labels and images as the loop counted them, not the oracle's boxes of the chosen images
      labels: m.labelsSpent - prev.labelsSpent,
      images: m.imagesLabeled - prev.imagesLabeled,
      mAP50_95: m.mAP50_95,
      mAP50: m.mAP50,
      f1: m.f1,
    });
    prev = m;
  }
  return accumulateRounds(start, deltas, costs);
}
