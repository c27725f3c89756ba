/**
 * Human-readable reasons for a chosen image ("rare class: weed (4% of labels)", "3 boxes at 0.35–0.55"), built
 * from its predicted boxes and the label statistics as they were before the round.
 */
import type { CoverageScorer } from "./coverage";
import type { PoolIndex } from "./pool";
import { cellIndex, sizeBucketIndex } from "./pool";
import type { StabilityScores } from "./stability";
import type { LabelStats, PoolPredictions, SelectionStrategy } from "./types";

/** Confidence band whose boxes count as uncertain in reasons (binary entropy ≥ 0.81 bits). */
export const UNCERTAIN_BAND = { min: 0.25, max: 0.75 } as const;

const SIZE_NAMES = ["tiny", "small", "medium", "large"] as const;
const CELL_NAMES = ["top-left", "top", "top-right", "left", "centre", "right", "bottom-left", "bottom", "bottom-right"];

/**
 * A share 0..1 as a short percentage: "4%", "<1%", "0%".
 * @example formatShare(0.043) // "4%"
 */
export function formatShare(share: number): string {
  if (share === 0) return "0%";
  if (share < 0.01) return "<1%";
  return `${Math.round(share * 100)}%`;
}

export interface ReasonContext {
  pool: PoolPredictions;
  index: PoolIndex;
  strategy: SelectionStrategy;
  labelStats: LabelStats | undefined;
  classNames: readonly string[] | undefined;
  minScore: number;
  seed: number;
  stability?: StabilityScores;
  coverage?: CoverageScorer;
}

function total(counts: ArrayLike<number> | undefined): number {
  let s = 0;
  for (let k = 0; k < (counts?.length ?? 0); k++) s += counts?.[k] ?? 0;
  return s;
}

/** Picks the entry of the smallest share among `present` keys; null when there are no labels to compare with. */
function rarest(present: Set<number>, counts: ArrayLike<number> | undefined): { key: number; share: number } | null {
  const sum = total(counts);
  if (!(sum > 0) || present.size === 0) return null;
  let best: { key: number; share: number } | null = null;
  for (const key of [...present].sort((a, b) => a - b)) {
    const share = (counts?.[key] ?? 0) / sum;
    if (best === null || share < best.share) best = { key, share };
  }
  return best;
}

/**
 * Reasons for image i, most telling first. `quotaClass` names the quota the pick served.
 * @example reasonsFor(ctx, 7, 0.62, null) // ["rare class: weed (4% of labels)", "3 boxes at 0.35–0.55"]
 */
export function reasonsFor(ctx: ReasonContext, i: number, score: number, quotaClass: number | null, duplicates = 0): string[] {
  const reasons = strategyReasons(ctx, i, score, quotaClass);
  if (duplicates > 0) reasons.push(`stands for ${duplicates} duplicate pool image${duplicates === 1 ? "" : "s"} (left out of this round)`);
  return reasons;
}

/** Coverage: how far the image is from everything labelled (or picked before it this round). */
function coverageReason(ctx: ReasonContext, i: number): string | null {
  const d = ctx.coverage?.pickedDistance.get(i);
  if (d === undefined || ctx.coverage === undefined) return null;
  const median = ctx.coverage.medianDistance;
  return `unlike anything labelled or chosen: distance ${d.toFixed(3)} to the nearest (pool median ${median.toFixed(3)})`;
}

/** Localization stability: the least stable box, what moved it, and how many boxes were unstable. */
function stabilityReason(ctx: ReasonContext, i: number, name: (c: number) => string, augNames: readonly string[]): string | null {
  const st = ctx.stability;
  if (st === undefined) return null;
  let worst = -1;
  let unstable = 0;
  let total = 0;
  for (let o = ctx.index.start[i] ?? 0; o < (ctx.index.start[i + 1] ?? 0); o++) {
    const j = ctx.index.order[o] ?? 0;
    const s = st.boxStability[j] ?? 1;
    total++;
    if (s < 0.5) unstable++;
    if (worst < 0 || s < (st.boxStability[worst] ?? 1)) worst = j;
  }
  if (worst < 0 || augNames.length === 0) return null;
  const aug = augNames[st.boxWorstAug[worst] ?? -1] ?? "augmentation";
  const iou = st.boxWorstIou[worst] ?? 0;
  const cls = name(ctx.pool.boxClass[worst] ?? 0);
  const conf = (ctx.pool.boxScore[worst] ?? 0).toFixed(2);
  const moved = iou === 0 ? `vanishes under ${aug}` : `keeps only IoU ${iou.toFixed(2)} under ${aug}`;
  return `unstable boxes: ${unstable} of ${total} keep < 0.5 IoU under flip/scale; a ${cls} box (${conf}) ${moved}`;
}

function strategyReasons(ctx: ReasonContext, i: number, score: number, quotaClass: number | null): string[] {
  const { pool, index, labelStats } = ctx;
  const name = (c: number): string => ctx.classNames?.[c] ?? `class ${c}`;
  const reasons: string[] = [];
  if (quotaClass !== null) reasons.push(`quota: ${name(quotaClass)}`);
  const cover = coverageReason(ctx, i);
  if (cover !== null) reasons.push(cover);
  const a = index.start[i] ?? 0;
  const b = index.start[i + 1] ?? 0;
  if (b === a) {
    if (cover === null) {
      reasons.push(ctx.strategy === "random" ? `random pick (seed ${ctx.seed})` : `no predictions at or above ${ctx.minScore}`);
    } else reasons.push(`no predictions at or above ${ctx.minScore}`);
    return reasons;
  }
  const stable = stabilityReason(ctx, i, name, (pool.augmented ?? []).map((x) => x.name));
  if (stable !== null) reasons.push(stable);
  const classes = new Set<number>();
  const sizes = new Set<number>();
  const cells = new Set<number>();
  let nUncertain = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let o = a; o < b; o++) {
    const j = index.order[o] ?? 0;
    const s = pool.boxScore[j] ?? 0;
    classes.add(pool.boxClass[j] ?? 0);
    const w = pool.boxW[j] ?? 0;
    const h = pool.boxH[j] ?? 0;
    sizes.add(sizeBucketIndex(w * h));
    const k = cellIndex((pool.boxX[j] ?? 0) + w / 2, (pool.boxY[j] ?? 0) + h / 2, pool.imageWidthPx?.[i] ?? NaN, pool.imageHeightPx?.[i] ?? NaN);
    if (k >= 0) cells.add(k);
    if (s >= UNCERTAIN_BAND.min && s <= UNCERTAIN_BAND.max) {
      nUncertain++;
      lo = Math.min(lo, s);
      hi = Math.max(hi, s);
    }
  }
  if (ctx.strategy === "random") reasons.push(`random pick (seed ${ctx.seed})`);
  else if (ctx.strategy === "least-confidence" || ctx.strategy === "entropy" || ctx.strategy === "margin") {
    reasons.push(`${ctx.strategy} score ${score.toFixed(2)} over ${b - a} boxes`);
  }
  if (ctx.strategy === "multi-factor") {
    const nClasses = Math.max(1, labelStats?.classCounts.length ?? 1);
    const rc = rarest(classes, labelStats?.classCounts);
    if (rc !== null && rc.share < 1 / nClasses) {
      reasons.push(`rare class: ${name(rc.key)} (${rc.share === 0 ? "no labels yet" : `${formatShare(rc.share)} of labels`})`);
    }
    const rs = rarest(sizes, labelStats?.sizeCounts);
    if (rs !== null && rs.share < 0.15) reasons.push(`rare size: ${SIZE_NAMES[rs.key] ?? "?"} objects (${formatShare(rs.share)} of labels)`);
    const rr = rarest(cells, labelStats?.cellCounts);
    if (rr !== null && rr.share < 0.5 / 9) reasons.push(`objects in a rarely labelled region: ${CELL_NAMES[rr.key] ?? "?"} (${formatShare(rr.share)} of labels)`);
  }
  if (nUncertain > 0 && ctx.strategy !== "random") {
    reasons.push(nUncertain === 1 ? `1 box at ${lo.toFixed(2)}` : `${nUncertain} boxes at ${lo.toFixed(2)}–${hi.toFixed(2)}`);
  }
  if (reasons.length === 0) reasons.push(`highest remaining score ${score.toFixed(2)}`);
  return reasons;
}
