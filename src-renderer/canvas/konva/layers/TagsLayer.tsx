import type Konva from "konva";
import { memo, useCallback, useMemo } from "react";
import { Layer, Shape } from "react-konva";
import type { DocBox } from "../../model/doc";
import { layoutTags } from "../../model/tag-layout";
import { imageRectToStage } from "../../model/viewport";
import { readableTextOn } from "../colors";

export interface TagsLayerProps {
  /** The boxes whose tags show: visible labels and predictions, the selected one first. */
  boxes: readonly DocBox[];
  /** Stage pixels per image pixel: the layout depends on the zoom only, never on the pan. */
  scale: number;
  colorOf(classId: number): string;
  nameOf(classId: number): string;
}

const FONT_PX = 11;
const PAD_PX = 3;
const TAG_H = FONT_PX + 2 * PAD_PX;
/** Above this many tags, stacking is skipped (tags that would overlap fade): keeps zooming smooth. */
const MAX_STACKED = 300;

/** The text of a box's tag: "weed 0.87" for a prediction, "✓ weed" accepted, "✎ weed" drawn, "weed" otherwise. */
export function tagText(b: DocBox, name: string): string {
  if (b.source === "prediction") return `${name} ${b.score.toFixed(2)}`;
  return b.origin === "prediction" ? `✓ ${name}` : b.origin === "manual" ? `✎ ${name}` : name;
}

/**
 * Each distinct tag (text, colours, weight) drawn once into a small canvas at the screen's pixel ratio; drawing a
 * bitmap per frame is far cheaper than laying out text per frame. Kept to a bounded number of entries.
 */
const sprites = new Map<string, HTMLCanvasElement>();
const MAX_SPRITES = 4000;

function sprite(t: Placed, ratio: number): HTMLCanvasElement {
  const key = `${ratio}|${t.bold ? 1 : 0}|${t.color}|${t.textColor}|${t.width}|${t.text}`;
  const hit = sprites.get(key);
  if (hit) return hit;
  const canvas = document.createElement("canvas");
  canvas.width = Math.ceil(t.width * ratio);
  canvas.height = Math.ceil(TAG_H * ratio);
  const ctx = canvas.getContext("2d");
  if (ctx) {
    ctx.scale(ratio, ratio);
    ctx.globalAlpha = 0.92;
    ctx.fillStyle = t.color;
    ctx.fillRect(0, 0, t.width, TAG_H);
    ctx.globalAlpha = 1;
    ctx.fillStyle = t.textColor;
    ctx.font = `${t.bold ? "bold " : ""}${FONT_PX}px sans-serif`;
    ctx.textBaseline = "top";
    ctx.fillText(t.text, PAD_PX, PAD_PX, t.width - 2 * PAD_PX);
  }
  if (sprites.size >= MAX_SPRITES) sprites.clear();
  sprites.set(key, canvas);
  return canvas;
}

interface Placed {
  x: number;
  y: number;
  width: number;
  text: string;
  color: string;
  textColor: string;
  bold: boolean;
  faded: boolean;
}

/**
 * Class tags on every shown box: the class colour as background with black or white text (whichever reads better
 * on it), laid out in stage pixels so tags never cover each other (stacked, else faded). One Konva shape draws the
 * tags on screen as cached bitmaps, so hundreds of tags cost one node and no text layout per frame; never listening.
 */
export const TagsLayer = memo(function TagsLayer({ boxes, scale, colorOf, nameOf }: TagsLayerProps) {
  const placed = useMemo((): Placed[] => {
    // Lay out relative to the image's origin: independent of the pan.
    const origin = { scale, x: 0, y: 0 };
    const requests = boxes.map((b) => {
      const text = tagText(b, nameOf(b.classId));
      return { id: b.id, box: imageRectToStage(origin, b.rect), width: Math.ceil(text.length * FONT_PX * 0.62) + 2 * PAD_PX, height: TAG_H, text, b };
    });
    const layout = layoutTags(requests, requests.length > MAX_STACKED ? 0 : 3);
    return requests.map((r, i) => {
      const at = layout[i]!;
      const color = colorOf(r.b.classId);
      return { x: at.x, y: at.y, width: r.width, text: r.text, color, textColor: readableTextOn(color), bold: r.b.source === "label", faded: at.faded };
    });
  }, [boxes, scale, nameOf, colorOf]);

  const draw = useCallback(
    (context: Konva.Context, shape: Konva.Shape) => {
      const ctx = context._context;
      const k = 1 / scale; // stage px → image px (the context is in image pixels)
      // Only the tags on screen: the stage's position says which part of the image that is.
      const stage = shape.getStage();
      const left = stage ? -stage.x() : -Infinity;
      const top = stage ? -stage.y() : -Infinity;
      const right = stage ? left + stage.width() : Infinity;
      const bottom = stage ? top + stage.height() : Infinity;
      const ratio = typeof window === "undefined" ? 1 : window.devicePixelRatio || 1;
      for (const t of placed) {
        if (t.x > right || t.y > bottom || t.x + t.width < left || t.y + TAG_H < top) continue;
        ctx.globalAlpha = t.faded ? 0.4 : 1;
        ctx.drawImage(sprite(t, ratio), t.x * k, t.y * k, t.width * k, TAG_H * k);
      }
      ctx.globalAlpha = 1;
    },
    [placed, scale],
  );
  return (
    <Layer listening={false}>
      <Shape sceneFunc={draw} listening={false} perfectDrawEnabled={false} />
    </Layer>
  );
});
