import { memo } from "react";
import { Layer, Rect } from "react-konva";
import type { LabelBox } from "../../model/doc";
import { withAlpha } from "../colors";

export interface LabelsLayerProps {
  /** Labels to draw (the one being dragged is drawn by the selection layer instead). */
  labels: readonly LabelBox[];
  colorOf(classId: number): string;
}

/**
 * Labels: solid outlines in the class colour with a tinted fill — clearly apart from the dashed, unfilled pending
 * predictions; their tags (✓ accepted, ✎ drawn) are in the tags layer. Never listening.
 */
export const LabelsLayer = memo(function LabelsLayer({ labels, colorOf }: LabelsLayerProps) {
  return (
    <Layer listening={false}>
      {labels.map((b) => (
        <Rect
          key={b.id}
          x={b.rect.x}
          y={b.rect.y}
          width={b.rect.w}
          height={b.rect.h}
          stroke={colorOf(b.classId)}
          fill={withAlpha(colorOf(b.classId), 0.18)}
          strokeWidth={2.5}
          strokeScaleEnabled={false}
          perfectDrawEnabled={false}
          listening={false}
        />
      ))}
    </Layer>
  );
});
