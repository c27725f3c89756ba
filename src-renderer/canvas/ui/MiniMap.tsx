import { memo, useEffect, useRef } from "react";
import type { DocBox } from "../model/doc";
import type { Size } from "../model/rect";
import { visibleImageRect, type Viewport } from "../model/viewport";

export interface MiniMapProps {
  imageUrl: string;
  /** Image size in image pixels. */
  width: number;
  height: number;
  /** Every box of the image (labels and pending predictions): what is outside the view shows here. */
  boxes: readonly DocBox[];
  viewport: Viewport;
  viewSize: Size;
  colorOf(classId: number): string;
  /** Centre the view on this image point. */
  onCenter(x: number, y: number): void;
}

const WIDTH_PX = 168;

/** How many of the boxes lie entirely outside the visible part of the image. */
export function countOutside(boxes: readonly DocBox[], vp: Viewport, view: Size): number {
  const v = visibleImageRect(vp, view);
  return boxes.filter((b) => b.rect.x + b.rect.w < v.x || b.rect.y + b.rect.h < v.y || b.rect.x > v.x + v.w || b.rect.y > v.y + v.h).length;
}

/**
 * The whole image small, in a corner, while the view shows only part of it: every box outlined, the visible part
 * framed, and a click moves the view there. Shown only when something is out of view.
 */
export const MiniMap = memo(function MiniMap({ imageUrl, width, height, boxes, viewport, viewSize, colorOf, onCenter }: MiniMapProps) {
  const v = visibleImageRect(viewport, viewSize);
  const wholeInView = v.x <= 0 && v.y <= 0 && v.x + v.w >= width && v.y + v.h >= height;
  if (wholeInView) return null;
  const outside = countOutside(boxes, viewport, viewSize);
  const h = Math.round((WIDTH_PX * height) / width);
  const k = width / WIDTH_PX; // image px per minimap px
  return (
    <div className="minimap" aria-label="Whole image" role="group" onPointerDown={(e) => e.stopPropagation()}>
      <div
        className="minimap-image"
        style={{ width: WIDTH_PX, height: h, backgroundImage: `url("${imageUrl}")` }}
        onClick={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          onCenter((e.clientX - r.left) * k, (e.clientY - r.top) * k);
        }}
      >
        <MiniBoxes boxes={boxes} colorOf={colorOf} k={k} width={WIDTH_PX} height={h} />
        <div className="minimap-view" style={{ left: v.x / k, top: v.y / k, width: v.w / k, height: v.h / k }} />
      </div>
      <div className="minimap-caption">{boxes.length === 0 ? "no boxes" : outside === 0 ? "every box is in view" : `${outside} box${outside === 1 ? "" : "es"} outside the view`}</div>
    </div>
  );
});

/** The boxes of the mini-map on a canvas, drawn again only when the boxes change (never while the view pans). */
const MiniBoxes = memo(function MiniBoxes(props: { boxes: readonly DocBox[]; colorOf(classId: number): string; k: number; width: number; height: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { boxes, colorOf, k, width, height } = props;
  useEffect(() => {
    const ctx = ref.current?.getContext("2d");
    if (!ctx) return;
    const ratio = window.devicePixelRatio || 1;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.lineWidth = 1;
    for (const b of boxes) {
      ctx.strokeStyle = colorOf(b.classId);
      ctx.setLineDash(b.source === "prediction" ? [3, 2] : []);
      ctx.strokeRect(b.rect.x / k, b.rect.y / k, Math.max(1, b.rect.w / k), Math.max(1, b.rect.h / k));
    }
  }, [boxes, colorOf, k, width, height]);
  const ratio = typeof window === "undefined" ? 1 : window.devicePixelRatio || 1;
  return <canvas ref={ref} width={Math.round(width * ratio)} height={Math.round(height * ratio)} style={{ width, height, position: "absolute", inset: 0 }} />;
});
