import { useEffect, useLayoutEffect, useRef, useState } from "react";
import type { ImageBoxes, ImageInfo } from "../../../src-preload/api";
import { FLICK_PX_PER_S, GRID_METRICS, ScrollPace, gridLayout, pagesFor, visibleCells } from "./grid-layout";
import { PAGE_SIZE } from "./useImagePages";
import { Thumb } from "./Thumb";

/**
 * A virtualised grid: the list is as tall as all its rows, but only the rows in view (and two either side) exist
 * in the page, so 100,000 images scroll like 30. Pages of the list load as their cells come into view. While the
 * list is flicked (FLICK_PX_PER_S) new cells show their boxes and names and fetch their pictures once it slows.
 */
export function ImageGrid(props: {
  total: number;
  image(index: number): ImageInfo | undefined;
  boxes(imageId: number): ImageBoxes | undefined;
  load(page: number): void;
  src(image: ImageInfo): string;
  colors: ReadonlyMap<number, string>;
  onOpen(image: ImageInfo, index: number): void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [scrollTop, setScrollTop] = useState(0);
  const frame = useRef(0);
  const rowHeight = useRef(1);
  const pace = useRef(new ScrollPace());
  const [flicking, setFlicking] = useState(false);
  const settle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const layout = gridLayout(Math.max(0, size.width - 2), props.total);
  // the rendered cells change only when a row boundary is crossed, so a frame of scrolling in between costs nothing
  const topRow = Math.floor(scrollTop / layout.rowHeightPx);
  const { first, end } = visibleCells(layout, props.total, topRow * layout.rowHeightPx, (size.height || 800) + layout.rowHeightPx);
  rowHeight.current = layout.rowHeightPx;
  const { load } = props;
  useEffect(() => {
    for (const p of pagesFor(first, end, PAGE_SIZE)) load(p);
  }, [first, end, load]);

  const onScroll = () => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      const top = scroller.current?.scrollTop ?? 0;
      setScrollTop((prev) => (Math.floor(prev / rowHeight.current) === Math.floor(top / rowHeight.current) ? prev : top));
      setFlicking(pace.current.add(performance.now(), top) > FLICK_PX_PER_S);
      // a scroll that stops is no longer a flick, whatever its last pace
      clearTimeout(settle.current);
      settle.current = setTimeout(() => {
        pace.current.reset();
        setFlicking(false);
      }, 150);
    });
  };
  useEffect(
    () => () => {
      cancelAnimationFrame(frame.current);
      clearTimeout(settle.current);
    },
    [],
  );

  const cells = [];
  for (let i = first; i < end; i++) {
    const row = Math.floor(i / layout.columns);
    const col = i % layout.columns;
    const img = props.image(i);
    const style = { top: row * layout.rowHeightPx, left: col * (layout.cellWidthPx + GRID_METRICS.gapPx), width: layout.cellWidthPx, height: layout.rowHeightPx - GRID_METRICS.gapPx };
    cells.push(
      <li key={i} className={img ? "thumb" : "thumb loading"} style={style} aria-posinset={i + 1} aria-setsize={props.total}>
        {img && <Thumb image={img} index={i} src={props.src(img)} picture={!flicking} boxes={props.boxes(img.id)} colors={props.colors} onOpen={props.onOpen} />}
      </li>,
    );
  }
  return (
    <div className="image-grid" ref={scroller} onScroll={onScroll} data-testid="image-grid">
      <ul className="thumbs-virtual" aria-label="Images" style={{ height: layout.totalHeightPx }}>
        {cells}
      </ul>
    </div>
  );
}
