import { useStore } from "zustand";
import type { ActionId, KeymapEntry } from "../../canvas/keymap/keymap";
import { shortcutLabels } from "../../canvas/keymap/sheet";
import type { ReviewStageHandle } from "../../canvas/konva/ReviewStage";
import type { Platform } from "../../canvas/keymap/chord";

const BUTTONS: { id: ActionId; label: string }[] = [
  { id: "canvas.toolSelect", label: "Select" },
  { id: "canvas.toolDraw", label: "Draw" },
  { id: "canvas.fit", label: "Fit" },
  { id: "canvas.toggleRegionZoom", label: "Region" },
  { id: "canvas.togglePredictions", label: "Predictions" },
  { id: "canvas.acceptAllAbove", label: "Accept all" },
  { id: "canvas.markEmpty", label: "Empty" },
  { id: "canvas.toggleCrosshair", label: "Crosshair" },
  { id: "history.undo", label: "Undo" },
  { id: "history.redo", label: "Redo" },
  { id: "help.shortcuts", label: "?" },
];

/** Toolbar over the canvas: the same named actions as the keys (tooltips show the keys), plus the view sliders. */
export function CanvasToolbar({ handle, platform, keymap }: { handle: ReviewStageHandle; platform: Platform; keymap: readonly KeymapEntry[] }) {
  const tool = useStore(handle.store, (s) => s.tool);
  const showPredictions = useStore(handle.store, (s) => s.showPredictions);
  const crosshair = useStore(handle.store, (s) => s.crosshair);
  const threshold = useStore(handle.store, (s) => s.scoreThreshold);
  const brightness = useStore(handle.store, (s) => s.brightness);
  const contrast = useStore(handle.store, (s) => s.contrast);
  const pressed: Partial<Record<ActionId, boolean>> = {
    "canvas.toolSelect": tool === "select",
    "canvas.toolDraw": tool === "draw",
    "canvas.togglePredictions": showPredictions,
    "canvas.toggleCrosshair": crosshair,
  };
  const keysOf = (id: ActionId) => {
    const entry = keymap.find((e) => e.id === id);
    return entry ? shortcutLabels(entry, platform).join(" / ") : "";
  };
  const patch = handle.store.getState().patchView;
  return (
    <div className="canvas-toolbar" role="toolbar" aria-label="Canvas tools">
      {BUTTONS.map((b) => (
        <button
          key={b.id}
          type="button"
          title={`${b.label} (${keysOf(b.id)})`}
          aria-pressed={pressed[b.id]}
          onClick={() => handle.run(b.id, "toolbar")}
        >
          {b.label}
        </button>
      ))}
      <label title="Show predictions from this confidence ([ and ])">
        conf {threshold.toFixed(2)}
        <input type="range" min={0} max={1} step={0.05} value={threshold} onChange={(e) => patch({ scoreThreshold: Number(e.target.value) })} aria-label="Confidence threshold" />
      </label>
      <label>
        bright
        <input type="range" min={0.3} max={3} step={0.1} value={brightness} onChange={(e) => patch({ brightness: Number(e.target.value) })} aria-label="Brightness" />
      </label>
      <label>
        contrast
        <input type="range" min={0.3} max={3} step={0.1} value={contrast} onChange={(e) => patch({ contrast: Number(e.target.value) })} aria-label="Contrast" />
      </label>
    </div>
  );
}
