/**
 * What Enter will do on the image on screen, in words (pure), for the Done button and the shortcut sheet.
 */
import type { AcceptImageSummary } from "./commands";

/**
 * @example enterNote({ accept: 9, reject: 2, marksEmpty: false }) // → "Enter accepts 9 boxes, rejects 2"
 * @example enterNote({ accept: 0, reject: 0, marksEmpty: true }) // → "Enter marks the image empty (no boxes)"
 */
export function enterNote(s: AcceptImageSummary): string {
  const boxes = (n: number) => `${n} box${n === 1 ? "" : "es"}`;
  const parts: string[] = [];
  if (s.accept > 0) parts.push(`accepts ${boxes(s.accept)}`);
  if (s.reject > 0) parts.push(`rejects ${s.reject}`);
  if (s.marksEmpty) parts.push(parts.length ? "and marks the image empty" : "marks the image empty (no boxes)");
  return parts.length ? `Enter ${parts.join(", ").replace(", and", " and")}` : "Enter keeps the boxes as they are";
}
