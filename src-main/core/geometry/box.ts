/**
 * Axis-aligned boxes in image pixels. One representation is canonical across Loupe's core: `Box`, COCO's
 * top-left corner plus size, in continuous pixel coordinates (a box covering pixel columns 0..9 is
 * `{ x: 0, w: 10 }`). Converters below translate from the layouts models and file formats use.
 */

/** A box in image pixels: top-left corner (x, y) and size (w, h), all ≥ 0 for a valid box. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** COCO's `[x, y, w, h]` tuple, image pixels. */
export type XywhTuple = readonly [number, number, number, number];

/** Corner tuple `[x1, y1, x2, y2]`, image pixels, x2 ≥ x1 and y2 ≥ y1 for a valid box. */
export type XyxyTuple = readonly [number, number, number, number];

/**
 * Builds a box from COCO's `[x, y, w, h]`.
 * @example boxFromXywh([10, 20, 30, 40]) // { x: 10, y: 20, w: 30, h: 40 }
 */
export function boxFromXywh(t: XywhTuple): Box {
  return { x: t[0], y: t[1], w: t[2], h: t[3] };
}

/**
 * COCO's `[x, y, w, h]` of a box.
 * @example boxToXywh({ x: 1, y: 2, w: 3, h: 4 }) // [1, 2, 3, 4]
 */
export function boxToXywh(b: Box): [number, number, number, number] {
  return [b.x, b.y, b.w, b.h];
}

/**
 * Builds a box from corners (pixels). Corners given in the wrong order give a negative size; use
 * `normalizeBox` when the input may be unordered.
 * @example boxFromXyxy(10, 20, 40, 60) // { x: 10, y: 20, w: 30, h: 40 }
 */
export function boxFromXyxy(x1: number, y1: number, x2: number, y2: number): Box {
  return { x: x1, y: y1, w: x2 - x1, h: y2 - y1 };
}

/**
 * Corners `[x1, y1, x2, y2]` of a box (pixels).
 * @example boxToXyxy({ x: 10, y: 20, w: 30, h: 40 }) // [10, 20, 40, 60]
 */
export function boxToXyxy(b: Box): [number, number, number, number] {
  return [b.x, b.y, b.x + b.w, b.y + b.h];
}

/**
 * Builds a box from its centre and size (YOLO's layout, pixels).
 * @example boxFromCxcywh(25, 40, 30, 40) // { x: 10, y: 20, w: 30, h: 40 }
 */
export function boxFromCxcywh(cx: number, cy: number, w: number, h: number): Box {
  return { x: cx - w / 2, y: cy - h / 2, w, h };
}

/**
 * Area in square pixels (w·h, continuous convention, as COCO). Negative sizes count as 0.
 * @example boxArea({ x: 0, y: 0, w: 32, h: 32 }) // 1024
 */
export function boxArea(b: Box): number {
  return b.w > 0 && b.h > 0 ? b.w * b.h : 0;
}

/**
 * Reorders corners so that w and h are ≥ 0 (a box drawn from bottom-right to top-left).
 * @example normalizeBox({ x: 10, y: 10, w: -5, h: 5 }) // { x: 5, y: 10, w: 5, h: 5 }
 */
export function normalizeBox(b: Box): Box {
  const x = b.w < 0 ? b.x + b.w : b.x;
  const y = b.h < 0 ? b.y + b.h : b.y;
  return { x, y, w: Math.abs(b.w), h: Math.abs(b.h) };
}

/**
 * Clips a box to an image of `widthPx` × `heightPx`; a box entirely outside gets size 0.
 * @example clampBox({ x: -5, y: 90, w: 20, h: 20 }, 100, 100) // { x: 0, y: 90, w: 15, h: 10 }
 */
export function clampBox(b: Box, widthPx: number, heightPx: number): Box {
  const x1 = Math.min(Math.max(b.x, 0), widthPx);
  const y1 = Math.min(Math.max(b.y, 0), heightPx);
  const x2 = Math.min(Math.max(b.x + b.w, 0), widthPx);
  const y2 = Math.min(Math.max(b.y + b.h, 0), heightPx);
  return { x: x1, y: y1, w: Math.max(0, x2 - x1), h: Math.max(0, y2 - y1) };
}

/**
 * Smallest distance in pixels from the box to any image edge (0 when it touches or crosses an edge).
 * @example borderDistancePx({ x: 3, y: 50, w: 10, h: 10 }, 100, 100) // 3
 */
export function borderDistancePx(b: Box, widthPx: number, heightPx: number): number {
  const d = Math.min(b.x, b.y, widthPx - (b.x + b.w), heightPx - (b.y + b.h));
  return d > 0 ? d : 0;
}

/**
 * Centre of a box in pixels.
 * @example boxCenter({ x: 0, y: 0, w: 10, h: 20 }) // { cx: 5, cy: 10 }
 */
export function boxCenter(b: Box): { cx: number; cy: number } {
  return { cx: b.x + b.w / 2, cy: b.y + b.h / 2 };
}
