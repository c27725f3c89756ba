import { describe, expect, it } from "vitest";
import { FLICK_PX_PER_S, ScrollPace, gridLayout, pagesFor, visibleCells } from "../../../../src-renderer/views/data/grid-layout";

describe("the Data view's grid", () => {
  it("fits as many 180 px columns as the width allows and shares the rest", () => {
    // (1000 + 12) / 192 = 5.27 → 5 columns; (1000 − 4·12) / 5 = 190.4 px; row 190.4·0.75 + 44 + 12 = 198.8 → 199
    expect(gridLayout(1000, 100)).toEqual({ columns: 5, cellWidthPx: 190.4, rowHeightPx: 199, rows: 20, totalHeightPx: 3980 });
    expect(gridLayout(100, 3).columns).toBe(1);
    expect(gridLayout(1000, 0).totalHeightPx).toBe(0);
  });

  it("renders the rows in view plus two above and below, and only those of 100,000 images", () => {
    const layout = gridLayout(1000, 100_000); // 5 columns, 199 px rows, 20,000 rows
    expect(visibleCells(layout, 100_000, 0, 600)).toEqual({ first: 0, end: 30 }); // rows 0..5: ceil(600 / 199) = 4, + 2
    // scrolled to row 1000: rows 998 (1000 − 2) to 1005 (ceil(199,600 / 199) = 1004, + 2 → end 1006) → cells 4990..5030
    expect(visibleCells(layout, 100_000, 199 * 1000, 600)).toEqual({ first: 4990, end: 5030 });
    expect(visibleCells(layout, 100_000, layout.totalHeightPx, 600)).toEqual({ first: 99_990, end: 100_000 });
  });

  it("asks for the pages that hold those cells", () => {
    expect(pagesFor(4990, 5030, 100)).toEqual([49, 50]);
    expect(pagesFor(0, 25, 100)).toEqual([0]);
    expect(pagesFor(5, 5, 100)).toEqual([]);
  });

  it("measures the scroll's pace over its last 120 ms, so a flick is told from a reading pace", () => {
    const pace = new ScrollPace();
    expect(pace.add(0, 0)).toBe(0); // one position: no pace yet
    // 100 px a frame at 60 frames a second: 6,000 px/s, a flick
    expect(pace.add(1000 / 60, 100)).toBeCloseTo(6000, 6);
    for (let f = 2; f <= 20; f++) pace.add((f * 1000) / 60, f * 100);
    expect(pace.add((21 * 1000) / 60, 2100)).toBeCloseTo(6000, 6);
    expect(6000).toBeGreaterThan(FLICK_PX_PER_S);
    // slowing to 10 px a frame (600 px/s): once the flick's frames are older than the window, the pace is the new one
    let v = 0;
    for (let f = 22; f <= 30; f++) v = pace.add((f * 1000) / 60, 2100 + (f - 21) * 10);
    expect(v).toBeCloseTo(600, 6); // the 8 frames of the window (133 ms) moved 80 px
    expect(v).toBeLessThan(FLICK_PX_PER_S);
    pace.reset();
    expect(pace.add(10_000, 5000)).toBe(0);
  });
});
