import { memo } from "react";
import type { ImageBoxes, ImageInfo } from "../../../src-preload/api";

const NO_CLASS = "#9aa1b1";

/**
 * One image of the grid: the picture with its boxes drawn over it in image pixels (an SVG whose viewBox is the
 * image, fitted like the picture), labels solid in their class colour, a model's predictions dashed, fainter the
 * lower their score. A click opens the image in Review.
 */
export const Thumb = memo(function Thumb(props: {
  image: ImageInfo;
  /** Position in the filtered list. */
  index: number;
  src: string;
  boxes: ImageBoxes | undefined;
  colors: ReadonlyMap<number, string>;
  onOpen(image: ImageInfo, index: number): void;
}) {
  const { image, boxes, colors } = props;
  const nLabels = boxes?.labels.length ?? image.labelCount;
  const nPred = boxes?.predictions.length ?? 0;
  return (
    <button type="button" className="thumb-open" title={`${image.relPath}: open in Review`} onClick={() => props.onOpen(image, props.index)}>
      <span className="thumb-frame">
        <img src={props.src} alt={image.fileName} loading="lazy" decoding="async" draggable={false} />
        {boxes && (nLabels > 0 || nPred > 0) && (
          <svg className="thumb-boxes" viewBox={`0 0 ${image.width} ${image.height}`} preserveAspectRatio="xMidYMid meet" aria-hidden="true">
            {boxes.labels.map((l, i) => (
              <rect key={`l${i}`} x={l.box.x} y={l.box.y} width={l.box.w} height={l.box.h} stroke={colors.get(l.classId) ?? NO_CLASS} className="label-box" />
            ))}
            {boxes.predictions.map((p, i) => (
              <rect
                key={`p${i}`}
                x={p.box.x}
                y={p.box.y}
                width={p.box.w}
                height={p.box.h}
                stroke={p.classId === null ? NO_CLASS : (colors.get(p.classId) ?? NO_CLASS)}
                strokeOpacity={0.35 + 0.65 * p.score}
                className="prediction-box"
              />
            ))}
          </svg>
        )}
      </span>
      <span className="thumb-name">{image.fileName}</span>
      <span className={`badge ${image.status}`}>
        {image.split} · {nLabels ? `${nLabels} label${nLabels === 1 ? "" : "s"}` : image.status}
        {nPred ? ` · ${nPred} predicted` : ""}
      </span>
    </button>
  );
});
