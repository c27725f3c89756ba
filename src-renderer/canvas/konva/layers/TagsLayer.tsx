import { Fragment, memo, useMemo } from "react";
import { Layer, Rect, Text } from "react-konva";
import type { DocBox } from "../../model/doc";
import { layoutTags } from "../../model/tag-layout";
import { imageRectToStage, type Viewport } from "../../model/viewport";
import { readableTextOn } from "../colors";

export interface TagsLayerProps {
  /** The boxes whose tags show: visible labels and predictions, the selected one first. */
  boxes: readonly DocBox[];
  /** Only the scale matters for the layout; pans move the whole stage. */
  viewport: Viewport;
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
 * Class tags on every shown box: the class colour as background with black or white text (whichever reads better
 * on it), laid out in stage pixels so tags never cover each other (stacked, else faded). Never listening.
 */
export const TagsLayer = memo(function TagsLayer({ boxes, viewport, colorOf, nameOf }: TagsLayerProps) {
  const scale = viewport.scale;
  const placed = useMemo(() => {
    // Lay out relative to the image's origin: independent of the pan, so panning never re-lays out.
    const origin = { scale, x: 0, y: 0 };
    const requests = boxes.map((b) => {
      const text = tagText(b, nameOf(b.classId));
      return { id: b.id, box: imageRectToStage(origin, b.rect), width: Math.ceil(text.length * FONT_PX * 0.62) + 2 * PAD_PX, height: TAG_H, text, box0: b };
    });
    const layout = layoutTags(requests, requests.length > MAX_STACKED ? 0 : 3);
    return requests.map((r, i) => ({ ...r, at: layout[i]! }));
  }, [boxes, scale, nameOf]);
  return (
    <Layer listening={false}>
      {placed.map((t) => {
        const color = colorOf(t.box0.classId);
        const x = t.at.x / scale;
        const y = t.at.y / scale;
        return (
          <Fragment key={t.id}>
            <Rect x={x} y={y} width={t.width / scale} height={TAG_H / scale} fill={color} opacity={t.at.faded ? 0.35 : 0.92} cornerRadius={2 / scale} perfectDrawEnabled={false} listening={false} />
            <Text
              x={x + PAD_PX / scale}
              y={y + PAD_PX / scale}
              text={t.text}
              fontSize={FONT_PX}
              fontStyle={t.box0.source === "prediction" ? "normal" : "bold"}
              scaleX={1 / scale}
              scaleY={1 / scale}
              fill={readableTextOn(color)}
              opacity={t.at.faded ? 0.5 : 1}
              perfectDrawEnabled={false}
              listening={false}
            />
          </Fragment>
        );
      })}
    </Layer>
  );
});
