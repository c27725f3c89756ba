/**
 * What is under the pointer, decided in image pixels with the same anchor layout that draws the handles, so what
 * is seen is what is grabbed. Rules, in order:
 * 1. a handle of the selected box (labels and pending predictions have handles);
 * 2. among boxes whose grab area (anchors.ts boxHitRect) holds the point, the smallest box wins — a tiny box on a
 *    large one stays reachable — then labels before predictions, then the one drawn on top.
 * Accepted and rejected predictions are not hit (the accepted one is represented by its label); hidden
 * predictions are not hit.
 */
import type { BoxId, DocBox, ReviewDoc } from "./doc";
import { rectArea } from "./doc";
import type { Handle } from "./anchors";
import { boxHitRect, handleAt } from "./anchors";
import { rectContains } from "./rect";
import type { ImagePoint } from "./viewport";

export type Hit = { kind: "handle"; boxId: BoxId; handle: Handle } | { kind: "box"; boxId: BoxId } | { kind: "none" };

export interface HitOptions {
  /** Stage pixels per image pixel. */
  scale: number;
  selectedId: BoxId | null;
  showPredictions: boolean;
  /** Predictions scoring below this (0..1) are hidden by the confidence slider and not hit. Default 0. */
  minScore?: number;
}

/** Whether a box can be selected and edited right now: labels always; predictions while shown, pending and above the slider. */
export function isInteractive(box: DocBox, showPredictions: boolean, minScore = 0): boolean {
  return box.source === "label" || (showPredictions && box.status === "pending" && box.score >= minScore);
}

/** What lies under image point p. Example: the corner of the selected box → { kind: "handle", handle: "top-left" }. */
export function hitTest(doc: ReviewDoc, p: ImagePoint, options: HitOptions): Hit {
  const selected = options.selectedId === null ? undefined : doc.boxes.find((b) => b.id === options.selectedId);
  if (selected && isInteractive(selected, options.showPredictions, options.minScore)) {
    const handle = handleAt(selected.rect, options.scale, p);
    if (handle) return { kind: "handle", boxId: selected.id, handle };
  }
  let best: DocBox | null = null;
  let bestIndex = -1;
  for (const [index, box] of doc.boxes.entries()) {
    if (!isInteractive(box, options.showPredictions, options.minScore)) continue;
    if (!rectContains(boxHitRect(box.rect, options.scale), p)) continue;
    if (!best || beats(box, index, best, bestIndex)) {
      best = box;
      bestIndex = index;
    }
  }
  return best ? { kind: "box", boxId: best.id } : { kind: "none" };
}

function beats(a: DocBox, ai: number, b: DocBox, bi: number): boolean {
  const areaA = rectArea(a.rect);
  const areaB = rectArea(b.rect);
  if (areaA !== areaB) return areaA < areaB;
  if (a.source !== b.source) return a.source === "label";
  return ai > bi;
}

/** Boxes in the order Tab walks them: top to bottom, then left to right, interactive ones only. */
export function tabOrder(doc: ReviewDoc, showPredictions: boolean, minScore = 0): BoxId[] {
  return doc.boxes
    .filter((b) => isInteractive(b, showPredictions, minScore))
    .slice()
    .sort((a, b) => a.rect.y - b.rect.y || a.rect.x - b.rect.x || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((b) => b.id);
}
