/**
 * The viewport maps image pixels to the stage and back. It is the ONLY place that converts between coordinate
 * spaces, which are told apart at the type level:
 * - ImagePoint: image pixels, where boxes live (0..width, 0..height);
 * - StagePoint: CSS pixels inside the stage element (what Konva's getPointerPosition returns);
 * - ScreenPoint: CSS pixels of the window (a pointer event's clientX/clientY).
 * stage = image × scale + (x, y); screen = stage + the stage element's top-left corner on screen.
 */
import type { BoxPx } from "../../../src-preload/api";
import type { Size } from "./rect";
import { clamp } from "./rect";

declare const space: unique symbol;
export type ImagePoint = { readonly x: number; readonly y: number; readonly [space]: "image" };
export type StagePoint = { readonly x: number; readonly y: number; readonly [space]: "stage" };
export type ScreenPoint = { readonly x: number; readonly y: number; readonly [space]: "screen" };

/** Tags raw numbers as a point of one space (at the edges: event handlers, tests). */
export const imagePoint = (x: number, y: number): ImagePoint => ({ x, y }) as ImagePoint;
export const stagePoint = (x: number, y: number): StagePoint => ({ x, y }) as StagePoint;
export const screenPoint = (x: number, y: number): ScreenPoint => ({ x, y }) as ScreenPoint;

export interface Viewport {
  /** Stage pixels per image pixel (1 = 100 %). */
  scale: number;
  /** Stage position of the image's top-left corner. */
  x: number;
  y: number;
}

export interface ZoomLimits {
  minScale: number;
  maxScale: number;
}

/** From 2 % to 6400 %: a 20000-px image fits a small window, and one pixel can fill 64 screen pixels. */
export const DEFAULT_ZOOM_LIMITS: ZoomLimits = { minScale: 0.02, maxScale: 64 };

/** The stage point showing image point p. Example: scale 2, offset (10, 20): (5, 5) → (20, 30). */
export function imageToStage(vp: Viewport, p: ImagePoint): StagePoint {
  return stagePoint(p.x * vp.scale + vp.x, p.y * vp.scale + vp.y);
}

/** The image point under stage point p (inverse of imageToStage). */
export function stageToImage(vp: Viewport, p: StagePoint): ImagePoint {
  return imagePoint((p.x - vp.x) / vp.scale, (p.y - vp.y) / vp.scale);
}

/** Screen → stage, given where the stage element's top-left corner is on screen. */
export function screenToStage(p: ScreenPoint, stageOrigin: ScreenPoint): StagePoint {
  return stagePoint(p.x - stageOrigin.x, p.y - stageOrigin.y);
}

/** Stage → screen (inverse of screenToStage). */
export function stageToScreen(p: StagePoint, stageOrigin: ScreenPoint): ScreenPoint {
  return screenPoint(p.x + stageOrigin.x, p.y + stageOrigin.y);
}

/** An image rectangle in stage pixels. */
export function imageRectToStage(vp: Viewport, r: BoxPx): BoxPx {
  return { x: r.x * vp.scale + vp.x, y: r.y * vp.scale + vp.y, w: r.w * vp.scale, h: r.h * vp.scale };
}

/** A length in stage (screen) pixels expressed in image pixels at this zoom. Example: 8 px at scale 4 → 2. */
export function stageLengthToImage(vp: Viewport, lengthPx: number): number {
  return lengthPx / vp.scale;
}

/**
 * Sets the scale to `scale` (clamped to the limits) keeping the image point under `anchor` where it is — zoom to
 * cursor. Example: scale 1 → 2 about stage (100, 100) from offset (0, 0) gives offset (-100, -100).
 */
export function zoomTo(vp: Viewport, anchor: StagePoint, scale: number, limits: ZoomLimits = DEFAULT_ZOOM_LIMITS): Viewport {
  const next = clamp(scale, limits.minScale, limits.maxScale);
  const under = stageToImage(vp, anchor);
  return { scale: next, x: anchor.x - under.x * next, y: anchor.y - under.y * next };
}

/** Multiplies the scale by `factor` about `anchor` (see zoomTo). */
export function zoomBy(vp: Viewport, anchor: StagePoint, factor: number, limits: ZoomLimits = DEFAULT_ZOOM_LIMITS): Viewport {
  return zoomTo(vp, anchor, vp.scale * factor, limits);
}

/**
 * Zoom factor for one wheel event: deltaY < 0 (wheel up, pinch out) zooms in. Smooth for trackpads, about ×1.2
 * per classic mouse notch (deltaY = ±100 px). Example: wheelZoomFactor(-100) ≈ 1.2; wheelZoomFactor(100) ≈ 1/1.2.
 */
export function wheelZoomFactor(deltaY: number): number {
  const perPx = Math.log(1.2) / 100;
  return Math.exp(-clamp(deltaY, -500, 500) * perPx);
}

/** Moves the image by (dx, dy) stage pixels. */
export function panBy(vp: Viewport, dx: number, dy: number): Viewport {
  return { ...vp, x: vp.x + dx, y: vp.y + dy };
}

/**
 * The viewport that shows image rectangle `r` as large as possible, centred in a view of `view` stage pixels
 * with `paddingPx` free on each side; the scale is clamped to the limits.
 * Example: r = 0,0,200×100 in an 800×600 view, padding 0 → scale 4, offset (0, 100).
 */
export function fitRect(r: BoxPx, view: Size, paddingPx = 0, limits: ZoomLimits = DEFAULT_ZOOM_LIMITS): Viewport {
  const availW = Math.max(1, view.width - 2 * paddingPx);
  const availH = Math.max(1, view.height - 2 * paddingPx);
  const raw = Math.min(availW / Math.max(r.w, 1e-9), availH / Math.max(r.h, 1e-9));
  const scale = clamp(raw, limits.minScale, limits.maxScale);
  return {
    scale,
    x: view.width / 2 - (r.x + r.w / 2) * scale,
    y: view.height / 2 - (r.y + r.h / 2) * scale,
  };
}

/** The viewport showing the whole image centred (the F key). */
export function fitImage(image: Size, view: Size, paddingPx = 0, limits: ZoomLimits = DEFAULT_ZOOM_LIMITS): Viewport {
  return fitRect({ x: 0, y: 0, w: image.width, h: image.height }, view, paddingPx, limits);
}

/** The image rectangle visible in a view of `view` stage pixels. */
export function visibleImageRect(vp: Viewport, view: Size): BoxPx {
  const tl = stageToImage(vp, stagePoint(0, 0));
  return { x: tl.x, y: tl.y, w: view.width / vp.scale, h: view.height / vp.scale };
}

/** How crop-first review frames a region: with context around it, never zoomed past `maxScale`. */
export interface RegionFraming {
  /** The shown area is at least this many times the region's width and height (1 = the region alone). */
  contextFactor: number;
  /** Stage pixels per image pixel, at most. */
  maxScale: number;
}

export const DEFAULT_REGION_FRAMING: RegionFraming = { contextFactor: 3, maxScale: 4 };

/**
 * The viewport for crop-first review: the region grown to `contextFactor` × its size about its centre (kept inside
 * the image, never larger than it), fitted to the view and capped at `maxScale`; never zoomed out past the whole
 * image. The region itself is always fully on screen. Example: a 60×60 region at (500, 400) of a 2000×1500 image in
 * an 800×600 view → a 180×180 context → scale min(552/180, 4) ≈ 3.07, centred on the region.
 */
export function frameRegion(region: BoxPx, image: Size, view: Size, paddingPx = 0, framing: RegionFraming = DEFAULT_REGION_FRAMING): Viewport {
  const w = Math.min(image.width, Math.max(region.w * framing.contextFactor, region.w));
  const h = Math.min(image.height, Math.max(region.h * framing.contextFactor, region.h));
  const cx = region.x + region.w / 2;
  const cy = region.y + region.h / 2;
  const context = {
    x: clamp(cx - w / 2, 0, Math.max(0, image.width - w)),
    y: clamp(cy - h / 2, 0, Math.max(0, image.height - h)),
    w,
    h,
  };
  const whole = fitImage(image, view, paddingPx);
  const fitted = fitRect(context, view, paddingPx);
  const scale = Math.max(whole.scale, Math.min(fitted.scale, framing.maxScale));
  // Centre on the context, then slide so no more of the outside shows than the zoom forces.
  const centre = { x: context.x + context.w / 2, y: context.y + context.h / 2 };
  const place = (c: number, viewLen: number, imageLen: number): number => {
    const offset = viewLen / 2 - c * scale;
    const shown = imageLen * scale;
    if (shown <= viewLen) return (viewLen - shown) / 2; // the image fits: centre it
    return clamp(offset, viewLen - shown, 0);
  };
  return { scale, x: place(centre.x, view.width, image.width), y: place(centre.y, view.height, image.height) };
}
