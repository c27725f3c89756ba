/**
 * The class palette's search, pure: classes matching a query, best first. A query matches a class when it is a
 * prefix of the name (best), of a word in the name, or a substring; a number matches the class's 1–9 key slot.
 * Case-insensitive; an empty query lists every class in palette order.
 */
import type { ClassInfo } from "../../../src-preload/api";

/** Classes matching `query`, ranked; ties keep palette order (position). */
export function filterClasses(classes: readonly ClassInfo[], query: string): ClassInfo[] {
  const q = query.trim().toLowerCase();
  const ordered = [...classes].sort((a, b) => a.position - b.position);
  if (q === "") return ordered;
  const rank = (c: ClassInfo): number => {
    const name = c.name.toLowerCase();
    if (/^[1-9]$/.test(q) && c.position === Number(q) - 1) return 0;
    if (name.startsWith(q)) return 1;
    if (name.split(/[\s_\-./]+/).some((w) => w.startsWith(q))) return 2;
    if (name.includes(q)) return 3;
    return -1;
  };
  return ordered
    .map((c) => ({ c, r: rank(c) }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r)
    .map((x) => x.c);
}
