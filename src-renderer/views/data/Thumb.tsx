import { memo, useState } from "react";
import type { ImageBoxes, ImageInfo } from "../../../src-preload/api";
import { boxStrokes } from "./box-paths";

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
  /** Whether the picture may be fetched now (not while the grid is flicked); once fetched it stays. */
  picture: boolean;
  boxes: ImageBoxes | undefined;
  colors: ReadonlyMap<number, string>;
  onOpen(image: ImageInfo, index: number): void;
}) {
  const { image, boxes, colors } = props;
  const [fetched, setFetched] = useState(props.picture);
  if (props.picture && !fetched) setFetched(true);
  const nLabels = boxes?.labels.length ?? image.labelCount;
  const nPred = boxes?.predictions.length ?? 0;
  return (
    <button type="button" className="thumb-open" title={`${image.relPath}: open in Review`} onClick={() => props.onOpen(image, props.index)}>
      <span className="thumb-frame">
        {fetched ? <img src={props.src} alt={image.fileName} loading="lazy" decoding="async" draggable={false} /> : <span className="thumb-pending" role="img" aria-label={image.fileName} />}
        {boxes && (nLabels > 0 || nPred > 0) && (
          <svg className="thumb-boxes" viewBox={`0 0 ${image.width} ${image.height}`} preserveAspectRatio="xMidYMid meet" aria-hidden="true">
            {boxStrokes(boxes, colors).map((s) => (
              <path key={`${s.kind}|${s.color}|${s.opacity}`} d={s.d} stroke={s.color} strokeOpacity={s.opacity < 1 ? s.opacity : undefined} className={`${s.kind}-box`} data-count={s.count} />
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
