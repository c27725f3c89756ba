/**
 * Applying commands to a review document: pure, total over the command union, and invertible. `apply` returns the
 * new document and the inverse command; applying the inverse to the result gives back an equal document.
 * `labelEditsFor` maps the same command onto the `LabelEdit`s that `labels.applyEdits` persists (predictions are
 * not labels, so changing only a prediction's review status maps to no edit).
 */
import type { BoxPx, LabelEdit } from "../../../src-preload/api";
import type { Command } from "./commands";
import { assertNever, batch } from "./commands";
import type { BoxId, DocBox, LabelBox, PredictionBox, PredictionStatus, ReviewDoc } from "./doc";
import { sameRect } from "./doc";
import { clampRectToImage } from "./rect";

/** Slack for boxes touching the image border after float round trips, in pixels (main uses the same). */
export const BORDER_EPS_PX = 1e-6;

/** A command that cannot apply to this document (unknown id, wrong kind of box, box outside the image…). */
export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommandError";
  }
}

export interface ApplyResult {
  doc: ReviewDoc;
  /** Applying this to `doc` undoes the command. */
  inverse: Command;
  /** False when the command left the document as it was (nothing to record or save). */
  changed: boolean;
  /** What to send to `labels.applyEdits` for this command, in order. */
  edits: LabelEdit[];
  /**
   * Review decisions on predictions made by this command, in order (the label contract has no place for them;
   * the store hands them to its persist function so a review service can record them).
   */
  predictionUpdates: PredictionUpdate[];
}

/** A prediction's new review status (and the label it was accepted as). */
export interface PredictionUpdate {
  predictionId: BoxId;
  status: PredictionStatus;
  acceptedAs: BoxId | null;
}

/**
 * Applies a command. Throws CommandError when it does not fit the document; the input document is never modified.
 * Example: apply(doc, { kind: "deleteBox", id }) → the doc without that box, inverse `createBox` at its old index.
 */
export function apply(doc: ReviewDoc, command: Command): ApplyResult {
  const inverses: Command[] = [];
  const edits: LabelEdit[] = [];
  const after = run(doc, command, inverses, edits);
  const inverse = batch(inverses.reverse());
  return { doc: after, inverse, changed: after !== doc, edits, predictionUpdates: predictionUpdates(doc, after) };
}

/** The edits that persist `command` applied to `before` (the document as it was before the command). */
export function labelEditsFor(before: ReviewDoc, command: Command): LabelEdit[] {
  return apply(before, command).edits;
}

/** Applies one command, pushing its primitive inverses (in application order) and edits. */
function run(doc: ReviewDoc, command: Command, inverses: Command[], edits: LabelEdit[]): ReviewDoc {
  switch (command.kind) {
    case "createBox": {
      if (findIndex(doc, command.box.id) >= 0) throw new CommandError(`box ${command.box.id} already exists`);
      checkRect(doc, command.box.rect);
      const boxes = [...doc.boxes];
      const index = Math.min(Math.max(0, command.index ?? boxes.length), boxes.length);
      boxes.splice(index, 0, cloneBox(command.box));
      let next: ReviewDoc = { ...doc, boxes };
      if (command.box.source === "label" && doc.isEmpty) {
        // Main turns an "empty" image into a labeled one when a box arrives; undo must put the mark back after
        // removing the box (inverses run in reverse order, so this one is pushed first).
        next = { ...next, isEmpty: false };
        inverses.push({ kind: "markEmpty", empty: true });
      }
      inverses.push({ kind: "deleteBox", id: command.box.id });
      if (command.box.source === "label") {
        const b = command.box;
        edits.push({
          kind: "create",
          id: b.id,
          imageId: doc.imageId,
          classId: b.classId,
          box: { ...b.rect },
          source: b.origin,
          score: b.score,
        });
      }
      return next;
    }
    case "updateGeometry": {
      const box = mustLabel(doc, command.id);
      checkRect(doc, command.rect);
      if (sameRect(box.rect, command.rect)) return doc;
      inverses.push({ kind: "updateGeometry", id: box.id, rect: { ...box.rect } });
      edits.push({ kind: "update", id: box.id, box: { ...command.rect } });
      return replace(doc, { ...box, rect: { ...command.rect } });
    }
    case "deleteBox": {
      const index = findIndex(doc, command.id);
      const box = doc.boxes[index];
      if (!box) throw new CommandError(`no box ${command.id}`);
      let next: ReviewDoc = { ...doc, boxes: doc.boxes.filter((b) => b.id !== command.id) };
      inverses.push({ kind: "createBox", box: cloneBox(box), index });
      if (box.source === "label") {
        edits.push({ kind: "delete", id: box.id });
        // A deleted label that came from an accepted prediction means that prediction was wrong after all.
        const origin = doc.boxes.find((b): b is PredictionBox => b.source === "prediction" && b.acceptedAs === box.id);
        if (origin) {
          next = replace(next, { ...origin, status: "rejected", acceptedAs: null });
          inverses.push({ kind: "setPredictionStatus", predictionId: origin.id, status: origin.status, acceptedAs: origin.acceptedAs });
        }
      }
      return next;
    }
    case "setClass": {
      const box = mustLabel(doc, command.id);
      if (box.classId === command.classId) return doc;
      inverses.push({ kind: "setClass", id: box.id, classId: box.classId });
      edits.push({ kind: "update", id: box.id, classId: command.classId });
      return replace(doc, { ...box, classId: command.classId });
    }
    case "acceptPrediction": {
      const p = mustPrediction(doc, command.predictionId);
      if (p.status !== "pending") throw new CommandError(`prediction ${p.id} is already ${p.status}`);
      const label: LabelBox = {
        source: "label",
        id: command.labelId,
        classId: command.classId ?? p.classId,
        // a model's box may reach a little past the border; the label keeps the part inside the image
        rect: command.rect ? { ...command.rect } : clampRectToImage(p.rect, doc),
        score: p.score,
        origin: "prediction",
        status: "pending",
      };
      const withLabel = run(doc, { kind: "createBox", box: label }, inverses, edits);
      return run(withLabel, { kind: "setPredictionStatus", predictionId: p.id, status: "accepted", acceptedAs: label.id }, inverses, edits);
    }
    case "rejectPrediction": {
      const p = mustPrediction(doc, command.predictionId);
      if (p.status !== "pending") throw new CommandError(`prediction ${p.id} is already ${p.status}`);
      return run(doc, { kind: "setPredictionStatus", predictionId: p.id, status: "rejected", acceptedAs: null }, inverses, edits);
    }
    case "acceptAllAbove": {
      let next = doc;
      for (const a of command.accepted) {
        next = run(next, { kind: "acceptPrediction", predictionId: a.predictionId, labelId: a.labelId }, inverses, edits);
      }
      return next;
    }
    case "markEmpty": {
      if (command.empty) {
        const n = doc.boxes.filter((b) => b.source === "label").length;
        if (n > 0) throw new CommandError(`the image has ${n} label(s); delete them before marking it empty`);
      }
      if (doc.isEmpty === command.empty) return doc;
      inverses.push({ kind: "markEmpty", empty: doc.isEmpty });
      edits.push({ kind: "setImageEmpty", imageId: doc.imageId, empty: command.empty });
      return { ...doc, isEmpty: command.empty };
    }
    case "setPredictionStatus": {
      const p = mustPrediction(doc, command.predictionId);
      if (p.status === command.status && p.acceptedAs === command.acceptedAs) return doc;
      inverses.push({ kind: "setPredictionStatus", predictionId: p.id, status: p.status, acceptedAs: p.acceptedAs });
      return replace(doc, { ...p, status: command.status, acceptedAs: command.acceptedAs });
    }
    case "batch": {
      let next = doc;
      for (const c of command.commands) next = run(next, c, inverses, edits);
      return next;
    }
    default:
      return assertNever(command);
  }
}

/** Predictions whose status or link differ between two versions of a document, in drawing order. */
function predictionUpdates(before: ReviewDoc, after: ReviewDoc): PredictionUpdate[] {
  if (before === after) return [];
  const old = new Map(before.boxes.map((b) => [b.id, b]));
  return after.boxes.flatMap((b) => {
    if (b.source !== "prediction") return [];
    const was = old.get(b.id);
    const same = was?.source === "prediction" && was.status === b.status && was.acceptedAs === b.acceptedAs;
    return same ? [] : [{ predictionId: b.id, status: b.status, acceptedAs: b.acceptedAs }];
  });
}

function findIndex(doc: ReviewDoc, id: BoxId): number {
  return doc.boxes.findIndex((b) => b.id === id);
}

function mustLabel(doc: ReviewDoc, id: BoxId): LabelBox {
  const box = doc.boxes.find((b) => b.id === id);
  if (!box) throw new CommandError(`no box ${id}`);
  if (box.source !== "label") throw new CommandError(`box ${id} is a prediction; accept it before editing it`);
  return box;
}

function mustPrediction(doc: ReviewDoc, id: BoxId): PredictionBox {
  const box = doc.boxes.find((b) => b.id === id);
  if (!box) throw new CommandError(`no prediction ${id}`);
  if (box.source !== "prediction") throw new CommandError(`box ${id} is a label, not a prediction`);
  return box;
}

function replace(doc: ReviewDoc, box: DocBox): ReviewDoc {
  return { ...doc, boxes: doc.boxes.map((b) => (b.id === box.id ? box : b)) };
}

function cloneBox(box: DocBox): DocBox {
  return { ...box, rect: { ...box.rect } };
}

function checkRect(doc: ReviewDoc, r: BoxPx): void {
  const finite = [r.x, r.y, r.w, r.h].every(Number.isFinite);
  const inside =
    finite &&
    r.w >= 0 &&
    r.h >= 0 &&
    r.x >= -BORDER_EPS_PX &&
    r.y >= -BORDER_EPS_PX &&
    r.x + r.w <= doc.width + BORDER_EPS_PX &&
    r.y + r.h <= doc.height + BORDER_EPS_PX;
  if (!inside) {
    throw new CommandError(`box (${r.x}, ${r.y}, ${r.w}×${r.h}) lies outside the image (${doc.width}×${doc.height})`);
  }
}
