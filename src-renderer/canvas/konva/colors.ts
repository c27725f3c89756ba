/**
 * Class colours for the canvas: the project's colour per class id, a stable fallback for unknown ids, and the
 * translucent fill of a label. Pure.
 */
import type { ClassInfo } from "../../../src-preload/api";

const FALLBACK = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#bfef45", "#fabed4", "#469990"];

/** Colour lookup by class id; unknown ids get a stable palette colour. */
export function classColors(classes: readonly ClassInfo[]): (classId: number) => string {
  const byId = new Map(classes.map((c) => [c.id, c.color]));
  return (classId) => byId.get(classId) ?? FALLBACK[Math.abs(classId) % FALLBACK.length] ?? "#ffffff";
}

/** `#rrggbb` with an alpha (0..1) as `#rrggbbaa`; other strings are returned unchanged. */
export function withAlpha(color: string, alpha: number): string {
  if (!/^#[0-9a-fA-F]{6}$/.test(color)) return color;
  const a = Math.round(Math.min(Math.max(alpha, 0), 1) * 255)
    .toString(16)
    .padStart(2, "0");
  return `${color}${a}`;
}

/** Class names by id, for score tags and tooltips. */
export function classNames(classes: readonly ClassInfo[]): (classId: number) => string {
  const byId = new Map(classes.map((c) => [c.id, c.name]));
  return (classId) => byId.get(classId) ?? `class ${classId}`;
}

/** Black or white, whichever reads better on `#rrggbb` (WCAG relative luminance); white for other strings. */
export function readableTextOn(color: string): string {
  const m = /^#([0-9a-fA-F]{2})([0-9a-fA-F]{2})([0-9a-fA-F]{2})$/.exec(color);
  if (!m) return "#ffffff";
  const lin = (h: string) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(m[1]!) + 0.7152 * lin(m[2]!) + 0.0722 * lin(m[3]!);
  return l > 0.179 ? "#000000" : "#ffffff";
}
