import { Layer, Line, Rect } from "react-konva";
import type { BoxPx } from "../../../../src-preload/api";

export interface OverlayLayerProps {
  /** The box being drawn, in image pixels. */
  drawing: BoxPx | null;
  drawingColor: string;
  /** Crosshair position in image pixels; null hides it. */
  crosshair: { x: number; y: number } | null;
  imageWidth: number;
  imageHeight: number;
  scale: number;
}

/** Transient marks that change at pointer rate: the box being drawn and the crosshair. Never listening. */
export function OverlayLayer({ drawing, drawingColor, crosshair, imageWidth, imageHeight, scale }: OverlayLayerProps) {
  return (
    <Layer listening={false}>
      {crosshair && (
        <>
          <Line points={[0, crosshair.y, imageWidth, crosshair.y]} stroke="#ffffff" opacity={0.7} strokeWidth={1} strokeScaleEnabled={false} dash={[4 / scale, 4 / scale]} listening={false} />
          <Line points={[crosshair.x, 0, crosshair.x, imageHeight]} stroke="#ffffff" opacity={0.7} strokeWidth={1} strokeScaleEnabled={false} dash={[4 / scale, 4 / scale]} listening={false} />
        </>
      )}
      {drawing && (
        <Rect
          x={drawing.x}
          y={drawing.y}
          width={drawing.w}
          height={drawing.h}
          stroke={drawingColor}
          strokeWidth={2}
          strokeScaleEnabled={false}
          dash={[6 / scale, 3 / scale]}
          perfectDrawEnabled={false}
          listening={false}
        />
      )}
    </Layer>
  );
}
