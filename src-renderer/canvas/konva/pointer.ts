/**
 * DOM pointer events → tool pointers: the only place the canvas reads clientX/clientY. The stage element's
 * bounding box gives the screen origin; the viewport gives image pixels.
 */
import type { Platform } from "../keymap/chord";
import { screenPoint, screenToStage, stageToImage } from "../model/viewport";
import type { Viewport } from "../model/viewport";
import type { ToolPointer } from "../tools/types";

export interface PointerEventLike {
  clientX: number;
  clientY: number;
  button: number;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

/** Converts a pointer event over the stage element whose top-left corner is at (originLeft, originTop) on screen. */
export function toToolPointer(e: PointerEventLike, origin: { left: number; top: number }, vp: Viewport, platform: Platform): ToolPointer {
  const stage = screenToStage(screenPoint(e.clientX, e.clientY), screenPoint(origin.left, origin.top));
  return {
    image: stageToImage(vp, stage),
    stage,
    button: e.button,
    shiftKey: e.shiftKey,
    altKey: e.altKey,
    modKey: platform === "mac" ? e.metaKey : e.ctrlKey,
  };
}

/** The platform of this renderer, for "Mod" in shortcuts. */
export function detectPlatform(nav: { platform?: string; userAgent?: string } | undefined): Platform {
  const text = `${nav?.platform ?? ""} ${nav?.userAgent ?? ""}`;
  return /Mac|iPhone|iPad/i.test(text) ? "mac" : "other";
}
