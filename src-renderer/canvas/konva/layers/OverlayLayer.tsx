import { Layer, Line, Rect } from "react-konva";
import type { BoxPx } from "../../../../src-preload/api";

export interface OverlayLayerProps {
  /** The box being drawn, in image pixels. */
  drawing: BoxPx | null;
  drawingColor: string;
  /** Crosshair position in image pixels; null hides it. */
  crosshair: { x: number; y: number } | null;
  /** The task's region of interest (what its reason is about), outlined; null for none. */
  region?: BoxPx | null;
  /** The region a reviewer pinned a rejection to, outlined in red; null for none. */
  issue?: BoxPx | null;
  imageWidth: number;
  imageHeight: number;
  scale: number;
}

/** Marks that are not boxes: the region of interest, a reviewer's issue, the box being drawn, the crosshair. Never listening. */
export function OverlayLayer({ drawing, drawingColor, crosshair, region, issue, imageWidth, imageHeight, scale }: OverlayLayerProps) {
  return (
    <Layer listening={false}>
      {region && (
        <Rect x={region.x} y={region.y} width={region.w} height={region.h} stroke="#ffffff" opacity={0.55} strokeWidth={1} strokeScaleEnabled={false} dash={[2 / scale, 3 / scale]} perfectDrawEnabled={false} listening={false} />
      )}
      {issue && (
        <Rect x={issue.x} y={issue.y} width={issue.w} height={issue.h} stroke="#ff4d4f" strokeWidth={3} strokeScaleEnabled={false} dash={[10 / scale, 5 / scale]} fill="#ff4d4f22" perfectDrawEnabled={false} listening={false} />
      )}
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
