import { describe, expect, it, vi } from "vitest";
import { createDocStore, createSessionHistory } from "../../../../src-renderer/canvas/doc-store";
import type { CanvasActionContext, ReviewCallbacks } from "../../../../src-renderer/canvas/keymap/canvas-actions";
import { canvasActionDefs, createCanvasActions } from "../../../../src-renderer/canvas/keymap/canvas-actions";
import { applyOverrides } from "../../../../src-renderer/canvas/keymap/conflicts";
import { createKeyDispatcher, isEditableTarget } from "../../../../src-renderer/canvas/keymap/dispatcher";
import type { KeymapEntry } from "../../../../src-renderer/canvas/keymap/keymap";
import { ACTION_IDS, DEFAULT_KEYMAP } from "../../../../src-renderer/canvas/keymap/keymap";
import { getBox } from "../../../../src-renderer/canvas/model/doc";
import { id, makeDoc, makeLabel } from "./builders";

function press(k: string, code: string, more: { shift?: boolean; ctrl?: boolean; repeat?: boolean; target?: unknown } = {}) {
  return {
    key: k,
    code,
    ctrlKey: !!more.ctrl,
    metaKey: false,
    altKey: false,
    shiftKey: !!more.shift,
    repeat: !!more.repeat,
    target: more.target ?? { tagName: "DIV" },
    preventDefault: vi.fn(),
  };
}

function setup(keymap: readonly KeymapEntry[] = DEFAULT_KEYMAP, review: ReviewCallbacks = {}) {
  const store = createDocStore({ doc: makeDoc([makeLabel({ id: "a" })]), history: createSessionHistory(), persist: async () => {}, classSlots: [11, 12] });
  const ctx: CanvasActionContext = { store, review };
  const logs: string[] = [];
  const d = createKeyDispatcher({ keymap, platform: "other", registry: createCanvasActions(), getContext: () => ctx, scope: () => "canvas", log: (m) => logs.push(m) });
  return { store, d, logs };
}

describe("keyboard dispatcher", () => {
  it("every action of the keymap is registered exactly once", () => {
    expect(canvasActionDefs().map((a) => a.id).sort()).toEqual([...ACTION_IDS].sort());
  });

  it("R switches to the draw tool and V back to select", () => {
    const { store, d } = setup();
    d.onKeyDown(press("r", "KeyR"));
    expect(store.getState().tool).toBe("draw");
    d.onKeyDown(press("v", "KeyV"));
    expect(store.getState().tool).toBe("select");
  });

  it("typing in a text field never fires a shortcut", () => {
    const { store, d } = setup();
    for (const target of [{ tagName: "INPUT", type: "text" }, { tagName: "TEXTAREA" }, { tagName: "SELECT" }, { tagName: "SPAN", isContentEditable: true }]) {
      d.onKeyDown(press("r", "KeyR", { target }));
    }
    expect(store.getState().tool).toBe("select");
    expect(isEditableTarget({ tagName: "INPUT", type: "checkbox" })).toBe(false);
  });

  it("digits set the class of the selected box, Ctrl+Z undoes it and Ctrl+Y redoes it", () => {
    const { store, d } = setup();
    store.getState().select(id("a"));
    d.onKeyDown(press("2", "Digit2"));
    expect(getBox(store.getState().doc, id("a"))?.classId).toBe(12);
    d.onKeyDown(press("z", "KeyZ", { ctrl: true }));
    expect(getBox(store.getState().doc, id("a"))?.classId).toBe(1);
    d.onKeyDown(press("y", "KeyY", { ctrl: true }));
    expect(getBox(store.getState().doc, id("a"))?.classId).toBe(12);
  });

  it("does not fire non-repeating actions on key repeat", () => {
    const next = vi.fn();
    const { d } = setup(DEFAULT_KEYMAP, { nextImage: next });
    d.onKeyDown(press("d", "KeyD"));
    d.onKeyDown(press("d", "KeyD", { repeat: true }));
    expect(next).toHaveBeenCalledTimes(1);
  });

  it("Space pans while held and stops on release", () => {
    const { store, d } = setup();
    d.onKeyDown(press(" ", "Space"));
    d.onKeyDown(press(" ", "Space", { repeat: true }));
    expect(store.getState().panHeld).toBe(true);
    d.onKeyUp(press(" ", "Space"));
    expect(store.getState().panHeld).toBe(false);
  });

  it("a key bound to two actions runs neither and logs why", () => {
    const next = vi.fn();
    const keymap = applyOverrides(DEFAULT_KEYMAP, { "review.nextImage": { keys: ["R"] } });
    const { store, d, logs } = setup(keymap, { nextImage: next });
    d.onKeyDown(press("r", "KeyR"));
    expect(next).not.toHaveBeenCalled();
    expect(store.getState().tool).toBe("select");
    expect(logs[0]).toMatch(/review.nextImage, canvas.toolDraw/);
  });

  it("review actions without a callback are disabled and leave the key alone", () => {
    const { d } = setup();
    const e = press("Enter", "Enter");
    d.onKeyDown(e);
    expect(e.preventDefault).not.toHaveBeenCalled();
  });
});
