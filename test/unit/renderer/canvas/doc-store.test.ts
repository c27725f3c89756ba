import { describe, expect, it } from "vitest";
import type { LabelEdit } from "../../../../src-preload/api";
import type { DocStore, PersistFn } from "../../../../src-renderer/canvas/doc-store";
import { createDocStore, createSessionHistory } from "../../../../src-renderer/canvas/doc-store";
import { getBox } from "../../../../src-renderer/canvas/model/doc";
import type { ReviewDoc } from "../../../../src-renderer/canvas/model/doc";
import { imagePoint, imageToStage } from "../../../../src-renderer/canvas/model/viewport";
import type { ToolPointer } from "../../../../src-renderer/canvas/tools/types";
import { id, makeDoc, makeLabel, makePrediction, rect } from "./builders";

interface Saved {
  edits: LabelEdit[];
  kind: string;
  imageId: number;
}

function setup(doc: ReviewDoc = makeDoc([makeLabel({ id: "a", rect: rect(10, 10, 20, 20) }), makePrediction({ id: "p", score: 0.8 })]), opts: { fail?: boolean; history?: ReturnType<typeof createSessionHistory> } = {}) {
  const saved: Saved[] = [];
  const predictions: unknown[] = [];
  const errors: string[] = [];
  let now = 0;
  let n = 0;
  const persist: PersistFn = async (edits, info) => {
    if (opts.fail) throw new Error("E_CONFLICT: label a is at version 3");
    saved.push({ edits, kind: info.kind, imageId: info.imageId });
    if (info.predictions.length > 0) predictions.push(info.predictions);
  };
  const history = opts.history ?? createSessionHistory();
  const store = createDocStore({
    doc,
    history,
    persist,
    viewSize: { width: 100, height: 80 },
    classSlots: [11, 12, 13],
    clock: () => now,
    newId: () => `id-${++n}`,
    onError: (m) => errors.push(m),
  });
  // Pin the viewport to 1:1 so pointer coordinates read as image pixels.
  store.getState().setViewport({ scale: 1, x: 0, y: 0 });
  return { store, saved, predictions, errors, history, tick: (ms: number) => (now += ms) };
}

function pointer(store: DocStore, x: number, y: number, button = 0): ToolPointer {
  const image = imagePoint(x, y);
  return { image, stage: imageToStage(store.getState().viewport, image), button, shiftKey: false, altKey: false, modKey: false };
}

describe("doc store", () => {
  it("a drag is one command, one save and one undo step", async () => {
    const { store, saved } = setup();
    const s = store.getState();
    s.pointerDown(pointer(store, 20, 20));
    s.pointerMove(pointer(store, 25, 20));
    s.pointerMove(pointer(store, 30, 25));
    s.pointerUp(pointer(store, 30, 25));
    await store.getState().flush();
    expect(saved).toEqual([{ edits: [{ kind: "update", id: "a", box: rect(20, 15, 20, 20) }], kind: "do", imageId: 7 }]);
    expect(store.getState().undo()).toEqual({ kind: "done", label: "Move box" });
    expect(getBox(store.getState().doc, id("a"))?.rect).toEqual(rect(10, 10, 20, 20));
    await store.getState().flush();
    expect(saved[1]).toEqual({ edits: [{ kind: "update", id: "a", box: rect(10, 10, 20, 20) }], kind: "undo", imageId: 7 });
  });

  it("Escape during a drag saves nothing and records nothing", async () => {
    const { store, saved, history } = setup();
    const s = store.getState();
    s.pointerDown(pointer(store, 20, 20));
    s.pointerMove(pointer(store, 40, 40));
    s.cancel();
    s.pointerUp(pointer(store, 40, 40));
    await store.getState().flush();
    expect(saved).toEqual([]);
    expect(history.getState().history.undo).toEqual([]);
    expect(store.getState().toolState.id).toBe("select.idle");
  });

  it("arrow nudges within a second squash into one undo step but each is saved", async () => {
    const { store, saved, history, tick } = setup();
    store.getState().select(id("a"));
    store.getState().nudge(1, 0);
    tick(300);
    store.getState().nudge(1, 0);
    tick(300);
    store.getState().nudge(0, 10);
    await store.getState().flush();
    expect(saved).toHaveLength(3);
    expect(history.getState().history.undo).toHaveLength(1);
    store.getState().undo();
    expect(getBox(store.getState().doc, id("a"))?.rect).toEqual(rect(10, 10, 20, 20));
  });

  it("Space held turns a drag into a pan, with no command", async () => {
    const { store, saved } = setup();
    store.getState().setPanHeld(true);
    store.getState().pointerDown(pointer(store, 20, 20));
    store.getState().pointerMove(pointer(store, 30, 25));
    store.getState().pointerUp(pointer(store, 30, 25));
    store.getState().setPanHeld(false);
    await store.getState().flush();
    expect(saved).toEqual([]);
    expect(store.getState().viewport).toEqual({ scale: 1, x: 10, y: 5 });
  });

  it("digit keys relabel the selected label, and accept a selected prediction as that class", async () => {
    const { store, saved } = setup();
    store.getState().select(id("a"));
    store.getState().setClassSlot(2);
    expect(getBox(store.getState().doc, id("a"))?.classId).toBe(12);
    store.getState().select(id("p"));
    store.getState().setClassSlot(3);
    expect(store.getState().selectedId).toBe("id-1");
    expect(getBox(store.getState().doc, id("id-1"))).toMatchObject({ source: "label", classId: 13, origin: "prediction" });
    await store.getState().flush();
    expect(saved.map((x) => x.edits[0]?.kind)).toEqual(["update", "create"]);
  });

  it("Delete on a prediction rejects it instead of deleting it, and the rejection is handed to persist", async () => {
    const { store, saved, predictions } = setup();
    store.getState().select(id("p"));
    store.getState().deleteSelection();
    expect(getBox(store.getState().doc, id("p"))).toMatchObject({ status: "rejected" });
    await store.getState().flush();
    expect(saved).toEqual([{ edits: [], kind: "do", imageId: 7 }]);
    expect(predictions).toEqual([[{ predictionId: "p", status: "rejected", acceptedAs: null }]]);
  });

  it("marking empty with boxes present explains what to do and changes nothing", () => {
    const { store } = setup();
    store.getState().markEmpty();
    expect(store.getState().lastError).toMatch(/has 1 box; delete them/);
    expect(store.getState().doc.isEmpty).toBe(false);
  });

  it("a failed save reverts the change and reports the message", async () => {
    const { store, errors, history } = setup(undefined, { fail: true });
    store.getState().select(id("a"));
    store.getState().deleteSelection();
    expect(getBox(store.getState().doc, id("a"))).toBeUndefined();
    await store.getState().flush();
    expect(getBox(store.getState().doc, id("a"))).toBeDefined();
    expect(errors).toEqual(["Delete box was not saved: E_CONFLICT: label a is at version 3"]);
    expect(history.getState().history.undo).toEqual([]);
  });

  it("undo reaches back to another image of the session: it asks for that image first", async () => {
    const history = createSessionHistory();
    const first = setup(makeDoc([makeLabel({ id: "a" })], { imageId: 1 }), { history });
    first.store.getState().select(id("a"));
    first.store.getState().deleteSelection();
    const second = setup(makeDoc([], { imageId: 2 }), { history });
    expect(second.store.getState().undo()).toEqual({ kind: "other-image", imageId: 1 });
    // The view opens image 1 (a fresh store over the same history) and undoes there.
    const reopened = setup(makeDoc([], { imageId: 1 }), { history });
    expect(reopened.store.getState().undo()).toEqual({ kind: "done", label: "Delete box" });
    await reopened.store.getState().flush();
    expect(reopened.saved[0]?.edits).toEqual([{ kind: "create", id: "a", imageId: 1, classId: 1, box: rect(10, 10, 20, 20), source: "manual", score: null }]);
  });

  it("selection, zoom and toggles never touch history or the redo stack", () => {
    const { store, history } = setup();
    store.getState().select(id("a"));
    store.getState().nudge(1, 0);
    store.getState().undo();
    store.getState().select(null);
    store.getState().fit();
    store.getState().patchView({ showPredictions: false, crosshair: true });
    expect(history.getState().history.redo).toHaveLength(1);
  });

  it("opens on the region of interest with three times its size around it, and Z toggles to the whole image and back", () => {
    const store = createDocStore({
      doc: makeDoc(),
      history: createSessionHistory(),
      persist: async () => {},
      viewSize: { width: 148, height: 128 },
      regionOfInterest: rect(40, 30, 10, 10),
    });
    expect(store.getState().framing).toBe("region");
    expect(store.getState().viewport.scale).toBeCloseTo(80 / 30, 9); // (128 - 2·24) / (3 × 10), under the 4× cap
    store.getState().toggleRegionZoom();
    expect(store.getState().framing).toBe("image");
    expect(store.getState().viewport.scale).toBe(1);
    store.getState().toggleRegionZoom();
    expect(store.getState().framing).toBe("region");
  });

  it("Tab walks the boxes in reading order", () => {
    const { store } = setup(makeDoc([makeLabel({ id: "b", rect: rect(50, 40, 5, 5) }), makeLabel({ id: "a", rect: rect(10, 10, 5, 5) })]));
    store.getState().selectNext(1);
    expect(store.getState().selectedId).toBe("a");
    store.getState().selectNext(1);
    expect(store.getState().selectedId).toBe("b");
    store.getState().selectNext(1);
    expect(store.getState().selectedId).toBe("a");
  });
});

describe("doc store: taking a drawn box for something else", () => {
  it("hands a finished drawing to interceptDrawn and makes no label, no save and no history entry when it takes it", async () => {
    const taken: unknown[] = [];
    const saved: unknown[] = [];
    const history = createSessionHistory();
    const store = createDocStore({
      doc: makeDoc([]),
      history,
      persist: async (edits) => void saved.push(edits),
      viewSize: { width: 100, height: 80 },
      classSlots: [11],
      interceptDrawn: (r) => (taken.push(r), true),
    });
    store.getState().setViewport({ scale: 1, x: 0, y: 0 });
    store.getState().setTool("draw");
    store.getState().pointerDown(pointer(store, 10, 10));
    store.getState().pointerMove(pointer(store, 40, 30));
    store.getState().pointerUp(pointer(store, 40, 30));
    await store.getState().flush();
    expect(taken).toEqual([rect(10, 10, 30, 20)]);
    expect(store.getState().doc.boxes).toEqual([]);
    expect(saved).toEqual([]);
    expect(history.getState().history.undo).toEqual([]);
  });
});
