/**
 * Duplicate and near-duplicate images in the pool: the same content hash, or descriptors within a distance. One
 * budget never takes two images of one group; the first picked stands for the rest.
 */
import { descriptorDistance } from "./coverage";
import type { Descriptors } from "./types";

/** Default near-duplicate distance on 0..1 descriptors (≈ 2% mean per-value difference: re-encodes, resaves). */
export const NEAR_DUPLICATE_DISTANCE = 0.02;

/**
 * For each image, the other images of its duplicate group (empty when it has none). Hash groups are exact; near
 * duplicates are found by sorting on the descriptors' mean (two rows within distance d have means within d, since
 * |mean(a) − mean(b)| ≤ ‖a − b‖ / √dim) and comparing only inside that window.
 * @example duplicateGroups(["h1", "h1", "h2"], null, 0)[0] // [1]
 */
export function duplicateGroups(
  hashes: readonly (string | null | undefined)[],
  descriptors: Descriptors | null,
  maxDistance: number = NEAR_DUPLICATE_DISTANCE,
): number[][] {
  const n = hashes.length;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while ((parent[r] ?? r) !== r) r = parent[r] ?? r;
    let c = i;
    while ((parent[c] ?? c) !== r) {
      const next = parent[c] ?? c;
      parent[c] = r;
      c = next;
    }
    return r;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const byHash = new Map<string, number>();
  hashes.forEach((h, i) => {
    if (h === null || h === undefined || h === "") return;
    const first = byHash.get(h);
    if (first === undefined) byHash.set(h, i);
    else union(first, i);
  });
  if (descriptors !== null && maxDistance > 0 && descriptors.dim > 0) {
    const d = descriptors.dim;
    const mean = Float64Array.from({ length: n }, (_, i) => {
      let s = 0;
      for (let k = 0; k < d; k++) s += descriptors.values[i * d + k] ?? 0;
      return s / d;
    });
    const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => (mean[a] ?? 0) - (mean[b] ?? 0));
    for (let x = 0; x < n; x++) {
      const a = order[x] ?? 0;
      for (let y = x + 1; y < n; y++) {
        const b = order[y] ?? 0;
        if ((mean[b] ?? 0) - (mean[a] ?? 0) > maxDistance) break;
        if (descriptorDistance(descriptors, a, descriptors, b) <= maxDistance) union(a, b);
      }
    }
  }
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    const list = members.get(r);
    if (list === undefined) members.set(r, [i]);
    else list.push(i);
  }
  return Array.from({ length: n }, (_, i) => (members.get(find(i)) ?? [i]).filter((j) => j !== i));
}
