import { describe, expect, it } from "vitest";
import { createDocStore, createSessionHistory } from "../../../../src-renderer/canvas/doc-store";
import { classColors, withAlpha } from "../../../../src-renderer/canvas/konva/colors";
import { detectPlatform, toToolPointer } from "../../../../src-renderer/canvas/konva/pointer";
import { sceneOf } from "../../../../src-renderer/canvas/konva/scene";
import { imagePoint, imageToStage } from "../../../../src-renderer/canvas/model/viewport";
import { id, makeDoc, makeLabel, makePrediction, rect } from "./builders";

function storeWith() {
  const store = createDocStore({
    doc: makeDoc([makeLabel({ id: "a", rect: rect(10, 10, 20, 20) }), makePrediction({ id: "p", score: 0.4 }), makePrediction({ id: "q", score: 0.9, status: "rejected" })]),
    history: createSessionHistory(),
    persist: async () => {},
  });
  store.getState().setViewport({ scale: 1, x: 0, y: 0 });
  return store;
}

const at = (store: ReturnType<typeof storeWith>, x: number, y: number) => {
  const image = imagePoint(x, y);
  return { image, stage: imageToStage(store.getState().viewport, image), button: 0, shiftKey: false, altKey: false, modKey: false };
};

describe("scene", () => {
  it("shows pending predictions above the slider and every label", () => {
    const store = storeWith();
    expect(sceneOf(store.getState()).predictions.map((p) => p.id)).toEqual(["p"]);
    store.getState().patchView({ scoreThreshold: 0.5 });
    expect(sceneOf(store.getState()).predictions).toEqual([]);
    expect(sceneOf(store.getState()).labels.map((l) => l.id)).toEqual(["a"]);
  });

  it("while a box is dragged, the selection layer draws its preview and the labels layer leaves it out", () => {
    const store = storeWith();
    store.getState().pointerDown(at(store, 20, 20));
    store.getState().pointerMove(at(store, 30, 20));
    const scene = sceneOf(store.getState());
    expect(scene.labels).toEqual([]);
    expect(scene.selection).toEqual({ rect: rect(20, 10, 20, 20), classId: 1, editable: true, dashed: false });
    expect(scene.cursor).toBe("move");
  });

  it("the draw tool shows the box being drawn and a crosshair inside the image", () => {
    const store = storeWith();
    store.getState().setTool("draw");
    store.getState().pointerDown(at(store, 50, 50));
    store.getState().pointerMove(at(store, 60, 70));
    const scene = sceneOf(store.getState());
    expect(scene.drawing).toEqual(rect(50, 50, 10, 20));
    expect(scene.crosshair).toEqual({ x: 60, y: 70 });
    expect(scene.cursor).toBe("crosshair");
  });

  it("an idle select tool shows a resize cursor over a handle of the selected box", () => {
    const store = storeWith();
    store.getState().select(id("a"));
    store.getState().setPointer({ x: 30, y: 30 });
    expect(sceneOf(store.getState()).cursor).toBe("nwse-resize");
    store.getState().setPanHeld(true);
    expect(sceneOf(store.getState()).cursor).toBe("grab");
  });
});

describe("pointer conversion and colours", () => {
  it("converts client coordinates through the stage origin and the viewport", () => {
    const p = toToolPointer({ clientX: 150, clientY: 90, button: 0, shiftKey: false, altKey: false, ctrlKey: true, metaKey: false }, { left: 50, top: 40 }, { scale: 2, x: 10, y: 0 }, "other");
    expect(p.stage).toEqual({ x: 100, y: 50 });
    expect(p.image).toEqual({ x: 45, y: 25 });
    expect(p.modKey).toBe(true);
  });

  it("detects macOS for the Mod key", () => {
    expect(detectPlatform({ platform: "MacIntel" })).toBe("mac");
    expect(detectPlatform({ platform: "Linux x86_64" })).toBe("other");
    expect(detectPlatform(undefined)).toBe("other");
  });

  it("uses the project's class colours and a stable fallback", () => {
    const colorOf = classColors([{ id: 3, name: "weed", color: "#00ff00", position: 0 }]);
    expect(colorOf(3)).toBe("#00ff00");
    expect(colorOf(99)).toBe(colorOf(99));
    expect(withAlpha("#00ff00", 0.5)).toBe("#00ff0080");
  });
});
