import { useEffect, useRef, useState, type ReactNode } from "react";
import { useStore } from "zustand";
import type { ActionId, KeymapEntry } from "../../canvas/keymap/keymap";
import { shortcutLabels } from "../../canvas/keymap/sheet";
import type { ReviewStageHandle } from "../../canvas/konva/ReviewStage";
import type { Platform } from "../../canvas/keymap/chord";

/** The toolbar's groups: always-visible tools in one row; view toggles and sliders in the View menu. */
const GROUPS: { id: ActionId; label: string }[][] = [
  [
    { id: "canvas.toolSelect", label: "Select" },
    { id: "canvas.toolDraw", label: "Draw" },
  ],
  [
    { id: "history.undo", label: "↶" },
    { id: "history.redo", label: "↷" },
  ],
  [
    { id: "canvas.fit", label: "Fit" },
    { id: "canvas.toggleRegionZoom", label: "Region" },
  ],
  [{ id: "canvas.acceptAllAbove", label: "Accept ≥" }],
];
const MENU: { id: ActionId; label: string }[] = [
  { id: "canvas.togglePredictions", label: "Show predictions" },
  { id: "canvas.toggleCrosshair", label: "Crosshair" },
  { id: "canvas.markEmpty", label: "Mark image empty" },
  { id: "canvas.zoomIn", label: "Zoom in" },
  { id: "canvas.zoomOut", label: "Zoom out" },
];
const NAMES: Partial<Record<ActionId, string>> = { "help.shortcuts": "Keyboard shortcuts", "history.undo": "Undo", "history.redo": "Redo", "canvas.acceptAllAbove": "Accept all predictions at or above the threshold" };

/** A button that opens a small menu below it; Escape or a click elsewhere closes it. */
function Menu({ label, children }: { label: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !ref.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener("pointerdown", close);
    window.addEventListener("keydown", close);
    return () => {
      window.removeEventListener("pointerdown", close);
      window.removeEventListener("keydown", close);
    };
  }, [open]);
  return (
    <div className="toolbar-menu" ref={ref}>
      <button type="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        {label} ▾
      </button>
      {open && (
        <div className="toolbar-menu-panel" role="menu" aria-label={label}>
          {children}
        </div>
      )}
    </div>
  );
}

/**
 * Toolbar over the canvas, always one row: the same named actions as the keys (tooltips show the keys), the
 * confidence slider, and a View menu for toggles and the image sliders.
 */
export function CanvasToolbar({ handle, platform, keymap }: { handle: ReviewStageHandle; platform: Platform; keymap: readonly KeymapEntry[] }) {
  const tool = useStore(handle.store, (s) => s.tool);
  const showPredictions = useStore(handle.store, (s) => s.showPredictions);
  const crosshair = useStore(handle.store, (s) => s.crosshair);
  const threshold = useStore(handle.store, (s) => s.scoreThreshold);
  const brightness = useStore(handle.store, (s) => s.brightness);
  const contrast = useStore(handle.store, (s) => s.contrast);
  const framing = useStore(handle.store, (s) => s.framing);
  const hasRegion = useStore(handle.store, (s) => s.regionOfInterest !== null);
  const pressed: Partial<Record<ActionId, boolean>> = {
    "canvas.toolSelect": tool === "select",
    "canvas.toolDraw": tool === "draw",
    "canvas.togglePredictions": showPredictions,
    "canvas.toggleCrosshair": crosshair,
    "canvas.fit": framing === "image",
    "canvas.toggleRegionZoom": framing === "region",
  };
  const keysOf = (id: ActionId) => {
    const entry = keymap.find((e) => e.id === id);
    const keys = entry ? shortcutLabels(entry, platform).join(" / ") : "";
    return keys ? ` (${keys})` : "";
  };
  const patch = handle.store.getState().patchView;
  const button = (b: { id: ActionId; label: string }, role?: "menuitemcheckbox" | "menuitem") => (
    <button
      key={b.id}
      type="button"
      role={role}
      title={`${NAMES[b.id] ?? b.label}${keysOf(b.id)}`}
      aria-label={NAMES[b.id] ?? b.label}
      aria-pressed={role ? undefined : pressed[b.id]}
      aria-checked={role === "menuitemcheckbox" ? Boolean(pressed[b.id]) : undefined}
      disabled={b.id === "canvas.toggleRegionZoom" && !hasRegion}
      onClick={() => handle.run(b.id, "toolbar")}
    >
      {b.label}
    </button>
  );
  return (
    <div className="canvas-toolbar" role="toolbar" aria-label="Canvas tools">
      {GROUPS.map((g, i) => (
        <div className="toolbar-group" key={i}>
          {g.map((b) => button(b))}
        </div>
      ))}
      <label className="toolbar-slider" title="Show predictions from this confidence; Enter accepts the ones at or above it ([ and ])">
        conf ≥ {threshold.toFixed(2)}
        <input type="range" min={0} max={1} step={0.05} value={threshold} onChange={(e) => patch({ scoreThreshold: Number(e.target.value) })} aria-label="Confidence threshold" />
      </label>
      <Menu label="View">
        {MENU.map((b) => button(b, b.id === "canvas.togglePredictions" || b.id === "canvas.toggleCrosshair" ? "menuitemcheckbox" : "menuitem"))}
        <label>
          Brightness
          <input type="range" min={0.3} max={3} step={0.1} value={brightness} onChange={(e) => patch({ brightness: Number(e.target.value) })} aria-label="Brightness" />
        </label>
        <label>
          Contrast
          <input type="range" min={0.3} max={3} step={0.1} value={contrast} onChange={(e) => patch({ contrast: Number(e.target.value) })} aria-label="Contrast" />
        </label>
      </Menu>
      <span className="toolbar-spacer" />
      {button({ id: "help.shortcuts", label: "?" })}
    </div>
  );
}
