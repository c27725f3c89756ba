import { Fragment, memo } from "react";
import { Layer, Rect, Text } from "react-konva";
import type { PredictionBox } from "../../model/doc";

export interface PredictionsLayerProps {
  /** Pending predictions to draw (already filtered by visibility and the confidence slider). */
  predictions: readonly PredictionBox[];
  /** Stage pixels per image pixel: text and dashes keep their on-screen size. */
  scale: number;
  colorOf(classId: number): string;
  nameOf(classId: number): string;
}

/** Model predictions: dashed outlines in the class colour with "class 0.87" above, never listening. */
export const PredictionsLayer = memo(function PredictionsLayer({ predictions, scale, colorOf, nameOf }: PredictionsLayerProps) {
  const fontPx = 11;
  return (
    <Layer listening={false}>
      {predictions.map((p) => (
        <Fragment key={p.id}>
          <Rect
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
          <Text
            x={p.rect.x}
            y={p.rect.y - (fontPx + 3) / scale}
            text={`${nameOf(p.classId)} ${p.score.toFixed(2)}`}
            fontSize={fontPx}
            scaleX={1 / scale}
            scaleY={1 / scale}
            fill={colorOf(p.classId)}
            perfectDrawEnabled={false}
            listening={false}
          />
        </Fragment>
      ))}
    </Layer>
  );
});
