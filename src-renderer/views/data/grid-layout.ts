/**
 * The Data view's virtualised grid as numbers: how many columns fit, how tall the whole list is, which cells are
 * near the visible part of the scroll area, and which pages of the image list those cells need. Pure.
 */
export interface GridLayout {
  columns: number;
  /** Width of one cell (the gap not included), px. */
  cellWidthPx: number;
  /** Height of one row including the gap below it, px. */
  rowHeightPx: number;
  rows: number;
  totalHeightPx: number;
}

export interface GridMetrics {
  /** Cells are at least this wide; the columns share what is left. */
  minCellPx: number;
  gapPx: number;
  /** Height of the caption under the thumbnail (name and badges), px. */
  captionPx: number;
  /** Thumbnail height over width. */
  aspect: number;
}

export const GRID_METRICS: GridMetrics = { minCellPx: 180, gapPx: 12, captionPx: 44, aspect: 3 / 4 };

/**
 * @example gridLayout(1000, 100).columns // 5: (1000 + 12) / (180 + 12) → 5 columns of 190.4 px
 */
export function gridLayout(widthPx: number, count: number, m: GridMetrics = GRID_METRICS): GridLayout {
  const columns = Math.max(1, Math.floor((widthPx + m.gapPx) / (m.minCellPx + m.gapPx)));
  const cellWidthPx = Math.max(1, (widthPx - m.gapPx * (columns - 1)) / columns);
  const rowHeightPx = Math.round(cellWidthPx * m.aspect + m.captionPx + m.gapPx);
  const rows = Math.ceil(count / columns);
  return { columns, cellWidthPx, rowHeightPx, rows, totalHeightPx: rows * rowHeightPx };
}

/** Cells `[first, end)` to render for a scroll position, with `overscanRows` rows above and below the view. */
export function visibleCells(layout: GridLayout, count: number, scrollTopPx: number, viewHeightPx: number, overscanRows = 2): { first: number; end: number } {
  const firstRow = Math.max(0, Math.floor(scrollTopPx / layout.rowHeightPx) - overscanRows);
  const endRow = Math.min(layout.rows, Math.ceil((scrollTopPx + viewHeightPx) / layout.rowHeightPx) + overscanRows);
  return { first: Math.min(count, firstRow * layout.columns), end: Math.min(count, endRow * layout.columns) };
}

/** Page numbers (offset / pageSize) holding the cells `[first, end)`. */
export function pagesFor(first: number, end: number, pageSize: number): number[] {
  if (end <= first) return [];
  const out: number[] = [];
  for (let p = Math.floor(first / pageSize); p <= Math.floor((end - 1) / pageSize); p++) out.push(p);
  return out;
}

/**
 * Scrolling faster than this, px per second, is a flick: the grid draws its cells (boxes, names) but fetches no new
 * pictures until the scroll slows or stops. On a 2-core laptop each picture fetched and decoded costs the browser
 * about 4–5 ms of CPU, and a flick brings 200 into view a second, which is more than its frames can spare; a
 * reading pace (a few screens a second) loads every picture as it comes.
 */
export const FLICK_PX_PER_S = 3000;
/** The span of scroll positions the pace is measured over, ms. */
const PACE_WINDOW_MS = 120;

/**
 * The scroll's pace from the positions of the last PACE_WINDOW_MS: px per second, 0 until two positions are known.
 * @example const pace = new ScrollPace(); pace.add(0, 0); pace.add(100, 500) // 5000
 */
export class ScrollPace {
  private readonly samples: { atMs: number; top: number }[] = [];

  add(atMs: number, top: number): number {
    this.samples.push({ atMs, top });
    while (this.samples.length > 2 && atMs - this.samples[1]!.atMs >= PACE_WINDOW_MS) this.samples.shift();
    const first = this.samples[0]!;
    const span = atMs - first.atMs;
    return span > 0 ? (Math.abs(top - first.top) / span) * 1000 : 0;
  }

  reset(): void {
    this.samples.length = 0;
  }
}
