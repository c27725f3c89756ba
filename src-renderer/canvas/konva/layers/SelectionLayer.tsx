import type Konva from "konva";
import { useEffect, useRef } from "react";
import { Layer, Rect, Transformer } from "react-konva";
import type { BoxPx } from "../../../../src-preload/api";
import type { Handle } from "../../model/anchors";
import { anchorLayout } from "../../model/anchors";

export interface SelectionLayerProps {
  /** The selected box's rectangle (or its preview while it is dragged), in image pixels; null: nothing selected. */
  rect: BoxPx | null;
  color: string;
  /** Whether the box has resize handles (labels and pending predictions). */
  editable: boolean;
  /** Dashed outline for a selected prediction. */
  dashed: boolean;
  scale: number;
}

const KONVA_ANCHOR: Record<Handle, string> = {
  "top-left": "top-left",
  "top-right": "top-right",
  "bottom-right": "bottom-right",
  "bottom-left": "bottom-left",
  top: "top-center",
  right: "middle-right",
  bottom: "bottom-center",
  left: "middle-left",
};

/**
 * The selected box with a Konva Transformer for its handles. The Transformer only draws: its anchor size,
 * padding and which anchors show come from anchors.ts — the same layout the pure hit test grabs — so a handle
 * is exactly where it can be grabbed, and tiny boxes get their handles pushed outside. Pointer input goes to the
 * tool state machines, not to Konva, so there is one source of truth for editing.
 */
export function SelectionLayer({ rect, color, editable, dashed, scale }: SelectionLayerProps) {
  const rectRef = useRef<Konva.Rect>(null);
  const trRef = useRef<Konva.Transformer>(null);
  const layout = rect ? anchorLayout(rect, scale) : null;

  useEffect(() => {
    const tr = trRef.current;
    if (!tr) return;
    tr.nodes(rect && editable && rectRef.current ? [rectRef.current] : []);
    tr.getLayer()?.batchDraw();
  }, [rect, editable]);

  return (
    <Layer listening={false}>
      {rect && (
        <Rect
          ref={rectRef}
          x={rect.x}
          y={rect.y}
          width={rect.w}
          height={rect.h}
          stroke={color}
          strokeWidth={2.5}
          strokeScaleEnabled={false}
          dash={dashed ? [6 / scale, 4 / scale] : undefined}
          perfectDrawEnabled={false}
          listening={false}
        />
      )}
      <Transformer
        ref={trRef}
        listening={false}
        rotateEnabled={false}
        flipEnabled={false}
        keepRatio={false}
        ignoreStroke
        borderEnabled={false}
        anchorSize={layout?.anchorSizePx ?? 8}
        padding={layout?.paddingPx ?? 0}
        enabledAnchors={layout ? layout.handles.map((h) => KONVA_ANCHOR[h.handle]) : []}
        anchorStroke={color}
        anchorFill="#ffffff"
        anchorStrokeWidth={1.5}
        anchorCornerRadius={1}
      />
    </Layer>
  );
}
