/**
 * Where the class tags of the boxes go so they stay readable (pure): each tag sits on its box's top edge, above it
 * when there is room; a tag that would cover one placed before it moves down a row (stacking), and after
 * `maxStack` tries it is drawn faded in its first place. Everything in STAGE pixels.
 */
import type { BoxPx } from "../../../src-preload/api";

export interface TagRequest {
  id: string;
  /** The box, in stage pixels. */
  box: BoxPx;
  /** The tag's size in stage pixels. */
  width: number;
  height: number;
}

export interface TagPlacement {
  id: string;
  x: number;
  y: number;
  /** The tag could not be placed without covering another one. */
  faded: boolean;
}

/**
 * Places the tags in the given order (put the important ones, e.g. the selected box, first). A uniform grid keeps
 * it near linear for hundreds of boxes.
 *
 * @example two boxes with the same top-left corner: the second tag goes one row below the first.
 */
export function layoutTags(tags: readonly TagRequest[], maxStack = 3): TagPlacement[] {
  const cell = 64;
  const grid = new Map<string, BoxPx[]>();
  const keys = (r: BoxPx): string[] => {
    const out: string[] = [];
    for (let gx = Math.floor(r.x / cell); gx <= Math.floor((r.x + r.w) / cell); gx++) {
      for (let gy = Math.floor(r.y / cell); gy <= Math.floor((r.y + r.h) / cell); gy++) out.push(`${gx},${gy}`);
    }
    return out;
  };
  const overlaps = (r: BoxPx): boolean =>
    keys(r).some((k) => (grid.get(k) ?? []).some((o) => r.x < o.x + o.w && o.x < r.x + r.w && r.y < o.y + o.h && o.y < r.y + r.h));
  const put = (r: BoxPx): void => {
    for (const k of keys(r)) {
      const list = grid.get(k);
      if (list) list.push(r);
      else grid.set(k, [r]);
    }
  };
  return tags.map((t) => {
    const above = t.box.y - t.height >= 0;
    const first = { x: t.box.x, y: above ? t.box.y - t.height : t.box.y, w: t.width, h: t.height };
    for (let i = 0; i <= maxStack; i++) {
      const r = { ...first, y: first.y + i * t.height };
      if (!overlaps(r)) {
        put(r);
        return { id: t.id, x: r.x, y: r.y, faded: false };
      }
    }
    return { id: t.id, x: first.x, y: first.y, faded: true };
  });
}
