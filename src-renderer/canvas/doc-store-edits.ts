/**
 * The edit actions of the doc store that turn a user intent on the current selection into a command: delete,
 * accept, reject, accept all above the slider, mark empty, nudge, set class by slot, Tab through boxes.
 * Split from doc-store.ts to keep both files short; each function builds at most one command and calls execute.
 */
import type { Command } from "./model/commands";
import { acceptAllAboveCommand, markEmptyCommand, nudgeCommand } from "./model/commands";
import type { BoxId } from "./model/doc";
import { asBoxId, getBox, labelsOf } from "./model/doc";
import { tabOrder } from "./model/hit-test";
import type { Viewport } from "./model/viewport";
import { imageRectToStage } from "./model/viewport";
import type { DocActions, DocState } from "./doc-store";

export interface EditActions {
  /** Delete a selected label; a selected prediction is rejected instead. */
  deleteSelection(): void;
  acceptSelection(): void;
  rejectSelection(): void;
  acceptAllAbove(): void;
  markEmpty(): void;
  /** Move the selected label by (dx, dy) image pixels; a run of nudges is one undo step. */
  nudge(dx: number, dy: number): void;
  /**
   * Class slot n (1-based, palette order): relabels the selected label, accepts a selected prediction as that
   * class, and makes it the class of new boxes.
   */
  setClassSlot(n: number): void;
  /** Set the class by id (the searchable palette). */
  setClass(classId: number): void;
  /** Select the next (+1) or previous (-1) box in reading order, scrolling it into view. */
  selectNext(direction: 1 | -1): void;
}

type Get = () => DocState & DocActions;
type Set = (partial: Partial<DocState>) => void;

/** Builds the edit actions over the store's get/set. */
export function createEditActions(get: Get, set: Set, newId: () => string): EditActions {
  const selected = () => {
    const s = get();
    return s.selectedId === null ? undefined : getBox(s.doc, s.selectedId);
  };

  const applyClass = (classId: number): void => {
    set({ activeClassId: classId });
    const box = selected();
    if (!box) return;
    if (box.source === "label") {
      get().execute({ kind: "setClass", id: box.id, classId });
    } else if (box.status === "pending") {
      const labelId = asBoxId(newId());
      if (get().execute({ kind: "acceptPrediction", predictionId: box.id, labelId, classId })) set({ selectedId: labelId });
    }
  };

  return {
    deleteSelection() {
      const box = selected();
      if (!box) return;
      const command: Command = box.source === "label" ? { kind: "deleteBox", id: box.id } : { kind: "rejectPrediction", predictionId: box.id };
      if (get().execute(command)) set({ selectedId: null });
    },
    acceptSelection() {
      const box = selected();
      if (!box || box.source !== "prediction" || box.status !== "pending") return;
      const labelId = asBoxId(newId());
      if (get().execute({ kind: "acceptPrediction", predictionId: box.id, labelId })) set({ selectedId: labelId });
    },
    rejectSelection() {
      const box = selected();
      if (!box || box.source !== "prediction" || box.status !== "pending") return;
      if (get().execute({ kind: "rejectPrediction", predictionId: box.id })) set({ selectedId: null });
    },
    acceptAllAbove() {
      const s = get();
      const command = acceptAllAboveCommand(s.doc, s.scoreThreshold, () => asBoxId(newId()));
      if (command) s.execute(command);
    },
    markEmpty() {
      const s = get();
      const command = markEmptyCommand(s.doc);
      if (command) {
        s.execute(command);
        return;
      }
      const n = labelsOf(s.doc).length;
      if (n > 0) set({ lastError: `This image has ${n} box${n === 1 ? "" : "es"}; delete them before marking it empty.` });
    },
    nudge(dx, dy) {
      const s = get();
      if (s.selectedId === null) return;
      const command = nudgeCommand(s.doc, s.selectedId, dx, dy);
      if (command) s.execute(command, { squashKey: `nudge:${s.selectedId}`, label: "Nudge box" });
    },
    setClassSlot(n) {
      const classId = get().classSlots[n - 1];
      if (classId !== undefined) applyClass(classId);
    },
    setClass(classId) {
      applyClass(classId);
    },
    selectNext(direction) {
      const s = get();
      const order = tabOrder(s.doc, s.showPredictions, s.scoreThreshold);
      if (order.length === 0) return;
      const at = s.selectedId === null ? -1 : order.indexOf(s.selectedId);
      const nextIndex = at < 0 ? (direction === 1 ? 0 : order.length - 1) : (at + direction + order.length) % order.length;
      const id = order[nextIndex] as BoxId;
      const box = getBox(s.doc, id);
      set({ selectedId: id });
      if (box) set({ viewport: reveal(s.viewport, s.viewSize, box.rect) });
    },
  };
}

/** The viewport moved (same zoom) so that `rect` is in view with a margin, or unchanged when it already is. */
function reveal(vp: Viewport, view: { width: number; height: number }, rect: { x: number; y: number; w: number; h: number }): Viewport {
  const r = imageRectToStage(vp, rect);
  const margin = 24;
  const inside = r.x >= margin && r.y >= margin && r.x + r.w <= view.width - margin && r.y + r.h <= view.height - margin;
  if (inside) return vp;
  return { ...vp, x: vp.x + (view.width / 2 - (r.x + r.w / 2)), y: vp.y + (view.height / 2 - (r.y + r.h / 2)) };
}
