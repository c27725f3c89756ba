import { memo } from "react";
import { Layer, Rect } from "react-konva";
import type { LabelBox } from "../../model/doc";
import { withAlpha } from "../colors";

export interface LabelsLayerProps {
  /** Labels to draw (the one being dragged is drawn by the selection layer instead). */
  labels: readonly LabelBox[];
  colorOf(classId: number): string;
}

/** Labels: solid outlines in the class colour with a faint fill, never listening (hit testing is pure). */
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
          fill={withAlpha(colorOf(b.classId), 0.1)}
          strokeWidth={2}
          strokeScaleEnabled={false}
          perfectDrawEnabled={false}
          listening={false}
        />
      ))}
    </Layer>
  );
});
