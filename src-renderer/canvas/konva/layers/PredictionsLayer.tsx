import { memo } from "react";
import { Layer, Rect } from "react-konva";
import type { PredictionBox } from "../../model/doc";

export interface PredictionsLayerProps {
  /** Pending predictions to draw (already filtered by visibility and the confidence slider). */
  predictions: readonly PredictionBox[];
  /** Stage pixels per image pixel: dashes keep their on-screen size. */
  scale: number;
  colorOf(classId: number): string;
}

/** Pending model predictions: dashed outlines in the class colour, no fill (their tags are in the tags layer). */
export const PredictionsLayer = memo(function PredictionsLayer({ predictions, scale, colorOf }: PredictionsLayerProps) {
  return (
    <Layer listening={false}>
      {predictions.map((p) => (
        <Rect
          key={p.id}
          x={p.rect.x}
          y={p.rect.y}
          width={p.rect.w}
          height={p.rect.h}
          stroke={colorOf(p.classId)}
          strokeWidth={1.5}
          strokeScaleEnabled={false}
          dash={[6 / scale, 4 / scale]}
          perfectDrawEnabled={false}
          listening={false}
        />
      ))}
    </Layer>
  );
});
