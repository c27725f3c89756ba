/**
 * Undo/redo as two stacks of { label, forward, inverse } — an immutable value plus pure functions. History does
 * not own the documents: `undo` hands back the entry whose inverse the caller applies (and persists), `redo` the
 * entry whose forward command it applies. Entries carry their image id, so one history can span every image of a
 * review session (the caller opens the entry's image before applying it, like CVAT jumping to the frame).
 *
 * - capped (default 200 entries; the oldest fall off);
 * - a new entry clears the redo stack; selection, zoom and visibility never reach history at all;
 * - marks bracket a multi-step interaction: `squashToMark` folds what came after into one entry, `bailToMark` drops
 *   it and returns the inverses to apply (tldraw's mark / squash / bail);
 * - entries with the same `squashKey` (arrow nudges of one box) recorded within `squashWindowMs` of each other
 *   merge into one entry; time comes in as an argument (the caller's injected clock), never from Date.now().
 */
import type { Command } from "./commands";
import { batch } from "./commands";

export interface HistoryEntry {
  label: string;
  imageId: number;
  forward: Command;
  inverse: Command;
  /** Clock time of the last command folded into this entry, in ms. */
  atMs: number;
  /** Entries with equal non-null keys recorded close together merge (e.g. "nudge:<boxId>"). */
  squashKey: string | null;
  /** What the caller persists this entry as, when not plain label edits (e.g. "finish:<taskId>"); null otherwise. */
  tag?: string | null;
}

export interface HistoryMark {
  id: string;
  /** Undo-stack depth when the mark was set. */
  depth: number;
}

export interface History {
  undo: readonly HistoryEntry[];
  redo: readonly HistoryEntry[];
  marks: readonly HistoryMark[];
  cap: number;
  squashWindowMs: number;
}

export const DEFAULT_HISTORY_CAP = 200;
export const DEFAULT_SQUASH_WINDOW_MS = 1000;

/** An empty history. `cap` ≥ 1 entries; `squashWindowMs` ≥ 0. */
export function createHistory(options: { cap?: number; squashWindowMs?: number } = {}): History {
  return {
    undo: [],
    redo: [],
    marks: [],
    cap: Math.max(1, options.cap ?? DEFAULT_HISTORY_CAP),
    squashWindowMs: Math.max(0, options.squashWindowMs ?? DEFAULT_SQUASH_WINDOW_MS),
  };
}

export interface NewEntry {
  label: string;
  imageId: number;
  forward: Command;
  inverse: Command;
  squashKey?: string | null;
  tag?: string | null;
}

/**
 * Records a committed command at clock time `nowMs`. Clears redo. Merges into the top entry when both carry the
 * same squash key for the same image, the top entry is newer than the newest mark, and at most `squashWindowMs`
 * passed since it. Example: three nudges of one box 300 ms apart → one entry whose inverse restores the start.
 */
export function record(h: History, entry: NewEntry, nowMs: number): History {
  const key = entry.squashKey ?? null;
  const top = h.undo[h.undo.length - 1];
  const lastMarkDepth = h.marks[h.marks.length - 1]?.depth ?? 0;
  const canSquash =
    top !== undefined &&
    !entry.tag &&
    !top.tag &&
    key !== null &&
    top.squashKey === key &&
    top.imageId === entry.imageId &&
    h.undo.length > lastMarkDepth &&
    nowMs - top.atMs <= h.squashWindowMs;
  if (canSquash) {
    const merged: HistoryEntry = {
      ...top,
      forward: squashPair(top.forward, entry.forward),
      inverse: squashPair(entry.inverse, top.inverse),
      atMs: nowMs,
    };
    return { ...h, undo: [...h.undo.slice(0, -1), merged], redo: [] };
  }
  const added: HistoryEntry = { label: entry.label, imageId: entry.imageId, forward: entry.forward, inverse: entry.inverse, atMs: nowMs, squashKey: key, tag: entry.tag ?? null };
  return capped({ ...h, undo: [...h.undo, added], redo: [] });
}

/** Whether there is something to undo / redo. */
export function canUndo(h: History): boolean {
  return h.undo.length > 0;
}
export function canRedo(h: History): boolean {
  return h.redo.length > 0;
}

/** The entry the next undo would revert, without changing anything (to open its image first). */
export function peekUndo(h: History): HistoryEntry | undefined {
  return h.undo[h.undo.length - 1];
}
/** The entry the next redo would re-apply. */
export function peekRedo(h: History): HistoryEntry | undefined {
  return h.redo[h.redo.length - 1];
}

/** Moves the newest entry to the redo stack; the caller applies `entry.inverse`. Null when there is none. */
export function undo(h: History): { history: History; entry: HistoryEntry } | null {
  const entry = peekUndo(h);
  if (!entry) return null;
  const undoStack = h.undo.slice(0, -1);
  const marks = h.marks.filter((m) => m.depth <= undoStack.length);
  return { history: { ...h, undo: undoStack, redo: [...h.redo, entry], marks }, entry };
}

/** Moves the newest redo entry back; the caller applies `entry.forward`. Null when there is none. */
export function redo(h: History): { history: History; entry: HistoryEntry } | null {
  const entry = peekRedo(h);
  if (!entry) return null;
  return { history: { ...h, undo: [...h.undo, entry], redo: h.redo.slice(0, -1) }, entry };
}

/** Sets a named stopping point at the current depth (an interaction is about to record several entries). */
export function mark(h: History, id: string): History {
  return { ...h, marks: [...h.marks.filter((m) => m.id !== id), { id, depth: h.undo.length }] };
}

/**
 * Folds every entry recorded since mark `id` into one entry (named `label`, else the first entry's label) and
 * removes the mark. Unknown marks leave the history as it is.
 */
export function squashToMark(h: History, id: string, label?: string): History {
  const at = h.marks.findIndex((x) => x.id === id);
  const m = h.marks[at];
  if (!m) return h;
  const marks = h.marks.slice(0, at);
  const since = h.undo.slice(m.depth);
  const first = since[0];
  const last = since[since.length - 1];
  if (!first || !last) return { ...h, marks };
  const merged: HistoryEntry = {
    label: label ?? first.label,
    imageId: first.imageId,
    forward: batch(since.map((e) => e.forward)),
    inverse: batch([...since].reverse().map((e) => e.inverse)),
    atMs: last.atMs,
    squashKey: null,
  };
  return { ...h, undo: [...h.undo.slice(0, m.depth), merged], marks };
}

/**
 * Drops every entry recorded since mark `id` (and the mark) without adding them to redo, returning the inverses
 * to apply, newest first — an aborted interaction leaves no trace. Unknown marks return no inverses.
 */
export function bailToMark(h: History, id: string): { history: History; inverses: Command[] } {
  const at = h.marks.findIndex((x) => x.id === id);
  const m = h.marks[at];
  if (!m) return { history: h, inverses: [] };
  const since = h.undo.slice(m.depth);
  const marks = h.marks.slice(0, at);
  return { history: { ...h, undo: h.undo.slice(0, m.depth), marks }, inverses: [...since].reverse().map((e) => e.inverse) };
}

/** An empty history with the same settings (e.g. when the project closes). */
export function clearHistory(h: History): History {
  return { ...h, undo: [], redo: [], marks: [] };
}

/**
 * Combines two commands applied in order into one. Two geometry updates of the same box collapse into the later
 * one (it fully determines the result), so a squashed nudge run stores one rectangle each way.
 */
export function squashPair(first: Command, second: Command): Command {
  if (first.kind === "updateGeometry" && second.kind === "updateGeometry" && first.id === second.id) return second;
  const parts = (c: Command): readonly Command[] => (c.kind === "batch" && c.label === undefined ? c.commands : [c]);
  return batch([...parts(first), ...parts(second)]);
}

function capped(h: History): History {
  const excess = h.undo.length - h.cap;
  if (excess <= 0) return h;
  return {
    ...h,
    undo: h.undo.slice(excess),
    marks: h.marks.map((m) => ({ ...m, depth: Math.max(0, m.depth - excess) })),
  };
}
