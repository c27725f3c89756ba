/**
 * Every edit of a review document is one of these commands (a closed union). Commands are plain data: they carry
 * every id they need (chosen by an injected id factory when the command is built), so applying the same command
 * again — a redo — re-creates the same boxes with the same ids.
 */
import type { BoxPx } from "../../../src-preload/api";
import type { BoxId, DocBox, PredictionStatus, ReviewDoc } from "./doc";
import { getBox, labelsOf, pendingPredictionsAbove, predictionsOf } from "./doc";

/** One prediction accepted as one new label. */
export interface Acceptance {
  predictionId: BoxId;
  labelId: BoxId;
}

export type Command =
  /** Adds a box (a drawn label, or a box restored by undo) at `index` in drawing order (default: on top). */
  | { kind: "createBox"; box: DocBox; index?: number }
  /** Moves or resizes a label. */
  | { kind: "updateGeometry"; id: BoxId; rect: BoxPx }
  /** Removes a label (predictions are rejected, never deleted). */
  | { kind: "deleteBox"; id: BoxId }
  /** Changes the class of a label. */
  | { kind: "setClass"; id: BoxId; classId: number }
  /** Accepts a pending prediction as a new label, optionally with another class or corrected geometry. */
  | { kind: "acceptPrediction"; predictionId: BoxId; labelId: BoxId; classId?: number; rect?: BoxPx }
  /** Rejects a pending prediction (a false positive). */
  | { kind: "rejectPrediction"; predictionId: BoxId }
  /** Accepts every listed prediction (built from the pending ones at or above `minScore`). */
  | { kind: "acceptAllAbove"; minScore: number; accepted: readonly Acceptance[] }
  /** Marks the image confirmed-empty (only when it has no labels) or takes the mark back. */
  | { kind: "markEmpty"; empty: boolean }
  /** Restores a prediction's review status; produced by inverses only. */
  | { kind: "setPredictionStatus"; predictionId: BoxId; status: PredictionStatus; acceptedAs: BoxId | null }
  /** Several commands applied in order as one edit (one undo step). */
  | { kind: "batch"; label?: string; commands: readonly Command[] };

export type CommandKind = Command["kind"];

/** Fails to compile when a switch over commands forgets a kind. */
export function assertNever(x: never): never {
  throw new Error(`unexpected command ${JSON.stringify(x)}`);
}

/** Makes a batch of several commands, or returns the single command unchanged (a batch of one is noise). */
export function batch(commands: readonly Command[], label?: string): Command {
  if (commands.length === 1 && commands[0] && label === undefined) return commands[0];
  return label === undefined ? { kind: "batch", commands } : { kind: "batch", label, commands };
}

/** A new manual label box of class `classId` at `rect` (image pixels), with an id from the caller's factory. */
export function createLabelCommand(id: BoxId, classId: number, rect: BoxPx): Command {
  return {
    kind: "createBox",
    box: { source: "label", id, classId, rect: { ...rect }, score: null, origin: "manual", status: "pending" },
  };
}

/**
 * Accepts every pending prediction with score ≥ minScore (0..1); `newId` names each new label. Returns null when
 * there is nothing to accept, so the caller records no empty history entry.
 */
export function acceptAllAboveCommand(doc: ReviewDoc, minScore: number, newId: () => BoxId): Command | null {
  const accepted = pendingPredictionsAbove(doc, minScore).map((p) => ({ predictionId: p.id, labelId: newId() }));
  return accepted.length === 0 ? null : { kind: "acceptAllAbove", minScore, accepted };
}

/**
 * Moves a label by (dx, dy) image pixels, kept inside the image. Returns null when the box does not exist, is not
 * a label, or cannot move further in that direction. Example: a box at x=0 nudged by dx=-1 gives null.
 */
export function nudgeCommand(doc: ReviewDoc, id: BoxId, dx: number, dy: number): Command | null {
  const box = getBox(doc, id);
  if (!box || box.source !== "label") return null;
  const x = Math.min(Math.max(0, box.rect.x + dx), Math.max(0, doc.width - box.rect.w));
  const y = Math.min(Math.max(0, box.rect.y + dy), Math.max(0, doc.height - box.rect.h));
  if (x === box.rect.x && y === box.rect.y) return null;
  return { kind: "updateGeometry", id, rect: { ...box.rect, x, y } };
}

/**
 * Confirms the image is empty: rejects the pending predictions and sets the mark, as one edit. Returns null while
 * the image still has labels (main refuses the mark then) or when it is already marked.
 */
export function markEmptyCommand(doc: ReviewDoc): Command | null {
  if (doc.isEmpty || doc.boxes.some((b) => b.source === "label")) return null;
  const rejects: Command[] = doc.boxes
    .filter((b) => b.source === "prediction" && b.status === "pending")
    .map((b) => ({ kind: "rejectPrediction", predictionId: b.id }));
  return batch([...rejects, { kind: "markEmpty", empty: true }], "Mark image empty");
}

/** A short human label for a command, shown in menus ("Undo Move box") and the history panel. */
export function describeCommand(command: Command): string {
  switch (command.kind) {
    case "createBox":
      return command.box.source === "label" ? "Draw box" : "Restore prediction";
    case "updateGeometry":
      return "Move box";
    case "deleteBox":
      return "Delete box";
    case "setClass":
      return "Change class";
    case "acceptPrediction":
      return "Accept prediction";
    case "rejectPrediction":
      return "Reject prediction";
    case "acceptAllAbove":
      return `Accept ${command.accepted.length} prediction${command.accepted.length === 1 ? "" : "s"} ≥ ${command.minScore.toFixed(2)}`;
    case "markEmpty":
      return command.empty ? "Mark image empty" : "Unmark image empty";
    case "setPredictionStatus":
      return "Restore prediction";
    case "batch":
      return command.label ?? (command.commands[0] ? describeCommand(command.commands[0]) : "Edit");
    default:
      return assertNever(command);
  }
}

/** Ids of the boxes a command touches (for selecting them after undo, or scrolling to them). */
export function affectedBoxIds(command: Command): BoxId[] {
  switch (command.kind) {
    case "createBox":
      return [command.box.id];
    case "updateGeometry":
    case "deleteBox":
    case "setClass":
      return [command.id];
    case "acceptPrediction":
      return [command.predictionId, command.labelId];
    case "rejectPrediction":
    case "setPredictionStatus":
      return [command.predictionId];
    case "acceptAllAbove":
      return command.accepted.flatMap((a) => [a.predictionId, a.labelId]);
    case "markEmpty":
      return [];
    case "batch":
      return [...new Set(command.commands.flatMap(affectedBoxIds))];
    default:
      return assertNever(command);
  }
}

/** What Enter would do to an image: predictions it accepts and rejects, and whether it marks the image empty. */
export interface AcceptImageSummary {
  accept: number;
  reject: number;
  /** No box would be left: the image is confirmed empty. */
  marksEmpty: boolean;
}

/**
 * "This image is now right" (Enter): every pending prediction at or above `minScore` (0..1) becomes a label, every
 * one below it is rejected, and an image left with no label is marked empty — one command, one undo step. Returns
 * null when there is nothing to change. Example: pending 0.9 and 0.1 with minScore 0.25 → accept 1, reject 1.
 */
export function acceptImageCommand(doc: ReviewDoc, minScore: number, newId: () => BoxId): Command | null {
  const commands: Command[] = pendingPredictions(doc).map((p) =>
    p.score >= minScore ? { kind: "acceptPrediction", predictionId: p.id, labelId: newId() } : { kind: "rejectPrediction", predictionId: p.id },
  );
  if (summarizeAcceptImage(doc, minScore).marksEmpty) commands.push({ kind: "markEmpty", empty: true });
  return commands.length === 0 ? null : { kind: "batch", label: "Accept image", commands };
}

/** The counts behind acceptImageCommand, for the button and the shortcut sheet ("Enter accepts 9 boxes, rejects 2"). */
export function summarizeAcceptImage(doc: ReviewDoc, minScore: number): AcceptImageSummary {
  const pending = pendingPredictions(doc);
  const accept = pending.filter((p) => p.score >= minScore).length;
  return { accept, reject: pending.length - accept, marksEmpty: labelsOf(doc).length + accept === 0 && !doc.isEmpty };
}

const pendingPredictions = (doc: ReviewDoc) => predictionsOf(doc).filter((p) => p.status === "pending");
