/**
 * What the layers draw, derived from the doc store's state in one pure function, so the React components only
 * assemble shapes: which predictions show (visible, pending, above the slider), which labels (minus the one being
 * dragged), the selection with its live preview, the box being drawn, the crosshair and the cursor.
 */
import type { BoxPx } from "../../../src-preload/api";
import type { DocState } from "../doc-store";
import { handleCursor } from "../model/anchors";
import type { BoxId, LabelBox, PredictionBox } from "../model/doc";
import { hitTest, isInteractive } from "../model/hit-test";
import { imagePoint } from "../model/viewport";

export interface Scene {
  predictions: PredictionBox[];
  labels: LabelBox[];
  selection: { rect: BoxPx; classId: number; editable: boolean; dashed: boolean } | null;
  drawing: BoxPx | null;
  crosshair: { x: number; y: number } | null;
  cursor: string;
}

type SceneInput = Pick<
  DocState,
  "doc" | "selectedId" | "toolState" | "tool" | "panHeld" | "panState" | "showPredictions" | "scoreThreshold" | "crosshair" | "pointer" | "viewport"
>;

/**
 * The boxes the prediction and label layers draw: shown, pending predictions above the slider, and labels —
 * minus the selected box and the box being dragged, which the selection layer draws.
 */
export function visibleBoxes(
  s: Pick<DocState, "doc" | "selectedId" | "showPredictions" | "scoreThreshold">,
  editingId: BoxId | null,
): { predictions: PredictionBox[]; labels: LabelBox[] } {
  const predictions = s.doc.boxes.filter(
    (b): b is PredictionBox => b.source === "prediction" && isInteractive(b, s.showPredictions, s.scoreThreshold) && b.id !== s.selectedId && b.id !== editingId,
  );
  const labels = s.doc.boxes.filter((b): b is LabelBox => b.source === "label" && b.id !== s.selectedId && b.id !== editingId);
  return { predictions, labels };
}

/** Derives the scene from the store state. */
export function sceneOf(s: SceneInput): Scene {
  const preview = s.toolState.preview;
  const editingId = preview?.boxId ?? null;
  const { predictions, labels } = visibleBoxes(s, editingId);
  const selectedBox = s.selectedId === null ? undefined : s.doc.boxes.find((b) => b.id === s.selectedId);
  const shownSelected = selectedBox && isInteractive(selectedBox, s.showPredictions, s.scoreThreshold) ? selectedBox : undefined;
  const selection = shownSelected
    ? {
        rect: editingId === shownSelected.id && preview ? preview.rect : shownSelected.rect,
        classId: shownSelected.classId,
        editable: true,
        dashed: shownSelected.source === "prediction",
      }
    : null;
  const drawing = preview && preview.boxId === null ? preview.rect : null;
  const showCross = s.crosshair || s.tool === "draw";
  const inside = s.pointer !== null && s.pointer.x >= 0 && s.pointer.y >= 0 && s.pointer.x <= s.doc.width && s.pointer.y <= s.doc.height;
  return { predictions, labels, selection, drawing, crosshair: showCross && inside ? s.pointer : null, cursor: cursorOf(s) };
}

/** The CSS cursor: pan while Space is held, the tool state's cursor, or what an idle select tool hovers over. */
export function cursorOf(s: SceneInput): string {
  if (s.panState) return "grabbing";
  if (s.panHeld) return "grab";
  if (s.toolState.id !== "select.idle" || s.pointer === null) return s.toolState.cursor;
  const hit = hitTest(s.doc, imagePoint(s.pointer.x, s.pointer.y), {
    scale: s.viewport.scale,
    selectedId: s.selectedId,
    showPredictions: s.showPredictions,
    minScore: s.scoreThreshold,
  });
  return hit.kind === "handle" ? handleCursor(hit.handle) : hit.kind === "box" ? "move" : "default";
}
