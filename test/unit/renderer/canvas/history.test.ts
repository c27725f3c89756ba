import { describe, expect, it } from "vitest";
import { apply } from "../../../../src-renderer/canvas/model/apply";
import type { Command } from "../../../../src-renderer/canvas/model/commands";
import { createLabelCommand } from "../../../../src-renderer/canvas/model/commands";
import type { ReviewDoc } from "../../../../src-renderer/canvas/model/doc";
import type { History } from "../../../../src-renderer/canvas/model/history";
import * as H from "../../../../src-renderer/canvas/model/history";
import { id, makeDoc, makeLabel, rect } from "./builders";

/** A tiny editor over one document: do / undo / redo through the history, like the doc store. */
class Editor {
  doc: ReviewDoc;
  history: History;
  now = 0;
  constructor(doc: ReviewDoc, options?: { cap?: number; squashWindowMs?: number }) {
    this.doc = doc;
    this.history = H.createHistory(options);
  }
  do(command: Command, squashKey: string | null = null): this {
    const r = apply(this.doc, command);
    this.doc = r.doc;
    this.history = H.record(this.history, { label: "edit", imageId: this.doc.imageId, forward: command, inverse: r.inverse, squashKey }, this.now);
    return this;
  }
  x(): number {
    return this.doc.boxes[0]?.rect.x ?? NaN;
  }
  moveTo(x: number, squashKey: string | null = null): this {
    return this.do({ kind: "updateGeometry", id: id("a"), rect: rect(x, 10, 10, 10) }, squashKey);
  }
  undo(): this {
    const r = H.undo(this.history);
    if (r) {
      this.history = r.history;
      this.doc = apply(this.doc, r.entry.inverse).doc;
    }
    return this;
  }
  redo(): this {
    const r = H.redo(this.history);
    if (r) {
      this.history = r.history;
      this.doc = apply(this.doc, r.entry.forward).doc;
    }
    return this;
  }
  bail(mark: string): this {
    const r = H.bailToMark(this.history, mark);
    this.history = r.history;
    for (const inv of r.inverses) this.doc = apply(this.doc, inv).doc;
    return this;
  }
}

const start = (): Editor => new Editor(makeDoc([makeLabel({ id: "a", rect: rect(0, 10, 10, 10) })]));

describe("history", () => {
  it("undoes and redoes moves one at a time", () => {
    const e = start().moveTo(5).moveTo(9);
    expect(e.x()).toBe(9);
    e.undo();
    expect(e.x()).toBe(5);
    e.undo();
    expect(e.x()).toBe(0);
    e.undo();
    expect(e.x()).toBe(0);
    e.redo().redo();
    expect(e.x()).toBe(9);
  });

  it("a new edit after an undo clears the redo stack", () => {
    const e = start().moveTo(5).moveTo(9).undo().moveTo(7);
    expect(H.canRedo(e.history)).toBe(false);
    e.redo();
    expect(e.x()).toBe(7);
  });

  it("keeps only the newest entries beyond the cap", () => {
    const e = new Editor(makeDoc([makeLabel({ id: "a", rect: rect(0, 10, 10, 10) })]), { cap: 3 });
    e.moveTo(1).moveTo(2).moveTo(3).moveTo(4);
    expect(e.history.undo).toHaveLength(3);
    e.undo().undo().undo().undo();
    expect(e.x()).toBe(1);
  });

  it("squashes arrow nudges of the same box inside the window into one step", () => {
    const e = start();
    e.moveTo(1, "nudge:a");
    e.now = 400;
    e.moveTo(2, "nudge:a");
    e.now = 800;
    e.moveTo(3, "nudge:a");
    expect(e.history.undo).toHaveLength(1);
    expect(e.history.undo[0]?.forward).toEqual({ kind: "updateGeometry", id: "a", rect: rect(3, 10, 10, 10) });
    e.undo();
    expect(e.x()).toBe(0);
    e.redo();
    expect(e.x()).toBe(3);
  });

  it("starts a new step when the nudges are further apart than the window", () => {
    const e = start();
    e.moveTo(1, "nudge:a");
    e.now = 1001;
    e.moveTo(2, "nudge:a");
    expect(e.history.undo).toHaveLength(2);
    e.undo();
    expect(e.x()).toBe(1);
  });

  it("the window slides: each nudge extends it from the last one", () => {
    const e = start();
    for (let i = 1; i <= 5; i++) {
      e.now = i * 900;
      e.moveTo(i, "nudge:a");
    }
    expect(e.history.undo).toHaveLength(1);
  });

  it("does not squash nudges of different boxes, or a nudge into a drag", () => {
    const e = start();
    e.moveTo(1, "nudge:a");
    e.moveTo(2, "nudge:b");
    e.moveTo(3);
    expect(e.history.undo).toHaveLength(3);
  });

  it("squashes everything since a mark into one entry", () => {
    const e = start().moveTo(1);
    e.history = H.mark(e.history, "drag");
    e.moveTo(2).moveTo(3).do(createLabelCommand(id("b"), 1, rect(50, 50, 5, 5)));
    e.history = H.squashToMark(e.history, "drag", "Drag");
    expect(e.history.undo.map((x) => x.label)).toEqual(["edit", "Drag"]);
    e.undo();
    expect(e.x()).toBe(1);
    expect(e.doc.boxes).toHaveLength(1);
    e.redo();
    expect(e.x()).toBe(3);
    expect(e.doc.boxes).toHaveLength(2);
  });

  it("bailing to a mark reverts the interaction and leaves nothing to redo", () => {
    const e = start().moveTo(1);
    e.history = H.mark(e.history, "drag");
    e.moveTo(2).moveTo(3);
    e.bail("drag");
    expect(e.x()).toBe(1);
    expect(e.history.undo).toHaveLength(1);
    expect(H.canRedo(e.history)).toBe(false);
    expect(e.history.marks).toEqual([]);
  });

  it("bailing keeps an earlier redo stack when the interaction recorded nothing", () => {
    const e = start().moveTo(1).undo();
    e.history = H.mark(e.history, "drag");
    e.bail("drag");
    expect(H.canRedo(e.history)).toBe(true);
  });

  it("a nudge does not squash into an entry made before a mark", () => {
    const e = start().moveTo(1, "nudge:a");
    e.history = H.mark(e.history, "m");
    e.moveTo(2, "nudge:a");
    expect(e.history.undo).toHaveLength(2);
  });

  it("unknown marks leave the history as it is", () => {
    const e = start().moveTo(1);
    expect(H.squashToMark(e.history, "nope")).toBe(e.history);
    expect(H.bailToMark(e.history, "nope").inverses).toEqual([]);
  });

  it("entries remember their image so undo can open it first", () => {
    const e = start().moveTo(1);
    expect(H.peekUndo(e.history)?.imageId).toBe(7);
  });
});
