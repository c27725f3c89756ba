/**
 * Choosing `budget` images by score, with optional per-class quotas, deterministically.
 *
 * Scores may shrink as images are chosen (the multi-factor strategy lowers the rarity of classes, sizes and
 * regions already covered this round) but never grow, so a lazy greedy pick is exact: pop the best cached score,
 * re-score that image, take it if its score did not change, otherwise push it back with the new score. Ties go to
 * the lower `tieRank` (a seeded permutation), so equal scores do not favour input order.
 */

export interface Scorer {
  /** Current score 0..1 of image i. */
  score(i: number): number;
  /** True when `onPick` can lower other images' scores. */
  dynamic: boolean;
  /** Called after image i is chosen. */
  onPick?(i: number): void;
}

export interface BudgetPick {
  imageIndex: number;
  score: number;
  /** The class whose quota this pick served, or null. */
  quotaClass: number | null;
}

export interface QuotaRequest {
  classId: number;
  images: number;
  /** Images (indices) containing that class. */
  members: Int32Array;
}

/** Max-heap of (id, key) with ties to the lower `tie`. */
class MaxHeap {
  private idx: Int32Array;
  private key: Float64Array;
  private tie: Float64Array;
  size = 0;
  constructor(capacity: number) {
    this.idx = new Int32Array(Math.max(1, capacity));
    this.key = new Float64Array(Math.max(1, capacity));
    this.tie = new Float64Array(Math.max(1, capacity));
  }
  private better(a: number, b: number): boolean {
    const ka = this.key[a] ?? 0;
    const kb = this.key[b] ?? 0;
    return ka > kb || (ka === kb && (this.tie[a] ?? 0) < (this.tie[b] ?? 0));
  }
  private swap(a: number, b: number): void {
    const i = this.idx[a] ?? 0;
    const k = this.key[a] ?? 0;
    const t = this.tie[a] ?? 0;
    this.idx[a] = this.idx[b] ?? 0;
    this.key[a] = this.key[b] ?? 0;
    this.tie[a] = this.tie[b] ?? 0;
    this.idx[b] = i;
    this.key[b] = k;
    this.tie[b] = t;
  }
  push(i: number, k: number, tie: number): void {
    if (this.size === this.idx.length) {
      const idx = new Int32Array(this.size * 2);
      idx.set(this.idx);
      const key = new Float64Array(this.size * 2);
      key.set(this.key);
      const ties = new Float64Array(this.size * 2);
      ties.set(this.tie);
      this.idx = idx;
      this.key = key;
      this.tie = ties;
    }
    let c = this.size++;
    this.idx[c] = i;
    this.key[c] = k;
    this.tie[c] = tie;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (!this.better(c, p)) break;
      this.swap(c, p);
      c = p;
    }
  }
  /** Removes the best entry; returns its image index and writes its key to `out[0]`. */
  pop(out: Float64Array): number {
    const top = this.idx[0] ?? -1;
    out[0] = this.key[0] ?? 0;
    this.size--;
    if (this.size > 0) {
      this.idx[0] = this.idx[this.size] ?? 0;
      this.key[0] = this.key[this.size] ?? 0;
      this.tie[0] = this.tie[this.size] ?? 0;
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        const r = l + 1;
        let m = c;
        if (l < this.size && this.better(l, m)) m = l;
        if (r < this.size && this.better(r, m)) m = r;
        if (m === c) break;
        this.swap(c, m);
        c = m;
      }
    }
    return top;
  }
}

/**
 * Optional structure a dynamic scorer can expose: images fall into groups that share the dynamic part of the
 * score, so score(i) = groupPart(group of i) + staticPart[i]. The pick then runs lazily over groups (each group's
 * images pre-sorted by static part), which stays fast when every pick touches most images' scores.
 */
export interface ScoreGroups {
  groupOf: Int32Array;
  count: number;
  groupPart(g: number): number;
  staticPart: Float64Array;
}

/** A source of the next best image among some candidates. */
interface Picker {
  next(picked: Uint8Array): { i: number; score: number } | null;
}

function imagePicker(candidates: Int32Array, scorer: Scorer, tieRank: ArrayLike<number>, picked: Uint8Array): Picker {
  const heap = new MaxHeap(candidates.length);
  for (const i of candidates) if (picked[i] === 0) heap.push(i, scorer.score(i), tieRank[i] ?? 0);
  const out = new Float64Array(1);
  return {
    next(p) {
      while (heap.size > 0) {
        const i = heap.pop(out);
        if (p[i] === 1) continue;
        const cached = out[0] ?? 0;
        if (scorer.dynamic) {
          const now = scorer.score(i);
          if (now !== cached) {
            heap.push(i, now, tieRank[i] ?? 0);
            continue;
          }
        }
        return { i, score: cached };
      }
      return null;
    },
  };
}

function groupPicker(candidates: Int32Array, groups: ScoreGroups, tieRank: ArrayLike<number>, picked: Uint8Array): Picker {
  const st = groups.staticPart;
  const sorted = Int32Array.from(candidates).sort((a, b) => {
    const sa = st[a] ?? 0;
    const sb = st[b] ?? 0;
    return sa > sb ? -1 : sa < sb ? 1 : (tieRank[a] ?? 0) - (tieRank[b] ?? 0);
  });
  const start = new Int32Array(groups.count + 1);
  for (const i of sorted) start[(groups.groupOf[i] ?? 0) + 1] = (start[(groups.groupOf[i] ?? 0) + 1] ?? 0) + 1;
  for (let g = 0; g < groups.count; g++) start[g + 1] = (start[g + 1] ?? 0) + (start[g] ?? 0);
  const ptr = start.slice(0, groups.count);
  const members = new Int32Array(sorted.length);
  for (const i of sorted) {
    const g = groups.groupOf[i] ?? 0;
    members[ptr[g] ?? 0] = i;
    ptr[g] = (ptr[g] ?? 0) + 1;
  }
  ptr.set(start.subarray(0, groups.count));
  const top = (g: number, p: Uint8Array): number => {
    let k = ptr[g] ?? 0;
    while (k < (start[g + 1] ?? 0) && p[members[k] ?? 0] === 1) k++;
    ptr[g] = k;
    return k < (start[g + 1] ?? 0) ? (members[k] ?? -1) : -1;
  };
  const heap = new MaxHeap(groups.count);
  for (let g = 0; g < groups.count; g++) {
    const i = top(g, picked);
    if (i >= 0) heap.push(g, groups.groupPart(g) + (st[i] ?? 0), tieRank[i] ?? 0);
  }
  const out = new Float64Array(1);
  return {
    next(p) {
      while (heap.size > 0) {
        const g = heap.pop(out);
        const i = top(g, p);
        if (i < 0) continue;
        const now = groups.groupPart(g) + (st[i] ?? 0);
        if (now !== out[0]) {
          heap.push(g, now, tieRank[i] ?? 0);
          continue;
        }
        ptr[g] = (ptr[g] ?? 0) + 1;
        const after = top(g, p);
        if (after >= 0) heap.push(g, groups.groupPart(g) + (st[after] ?? 0), tieRank[after] ?? 0);
        return { i, score: now };
      }
      return null;
    },
  };
}

/** How a budget is spent and what a pick rules out. */
export interface BudgetOptions {
  /** What image i costs in budget units (default 1: the budget counts images). */
  cost?: (i: number) => number;
  /** Images that may no longer be chosen once image i is (its duplicates). */
  duplicatesOf?: (i: number) => readonly number[];
}

/**
 * Picks images of `imageCount` until `budget` is spent (in images, or in `cost` units): first each quota in order
 * (best images containing the class until enough chosen images contain it), then the best of the rest. A pick
 * rules out its duplicates. Returns the picks in order and unmet quotas.
 * @example pickWithBudget(3, 2, { score: (i) => [0.1, 0.9, 0.5][i] ?? 0, dynamic: false }, [0, 1, 2], [])
 * // picks images 1 then 2
 */
export function pickWithBudget(
  imageCount: number,
  budget: number,
  scorer: Scorer & { groups?: ScoreGroups },
  tieRank: ArrayLike<number>,
  quotas: readonly QuotaRequest[],
  options: BudgetOptions = {},
): { picks: BudgetPick[]; shortfalls: { classId: number; wanted: number; got: number }[] } {
  const picked = new Uint8Array(imageCount);
  const chosen = new Uint8Array(imageCount);
  const picks: BudgetPick[] = [];
  const shortfalls: { classId: number; wanted: number; got: number }[] = [];
  const limit = Math.max(0, options.cost === undefined ? Math.min(Math.floor(budget), imageCount) : budget);
  let spent = 0;
  const open = (): boolean => spent < limit;
  const picker = (candidates: Int32Array): Picker =>
    scorer.groups !== undefined
      ? groupPicker(candidates, scorer.groups, tieRank, picked)
      : imagePicker(candidates, scorer, tieRank, picked);
  const take = (i: number, score: number, quotaClass: number | null): void => {
    picked[i] = 1;
    chosen[i] = 1;
    picks.push({ imageIndex: i, score, quotaClass });
    spent += options.cost === undefined ? 1 : Math.max(1, options.cost(i));
    for (const d of options.duplicatesOf?.(i) ?? []) picked[d] = 1;
    scorer.onPick?.(i);
  };
  for (const q of quotas) {
    let have = 0;
    for (const i of q.members) if (chosen[i] === 1) have++;
    const source = picker(q.members);
    while (have < q.images && open()) {
      const next = source.next(picked);
      if (next === null) break;
      take(next.i, next.score, q.classId);
      have++;
    }
    if (have < q.images) shortfalls.push({ classId: q.classId, wanted: q.images, got: have });
  }
  if (open()) {
    const rest: number[] = [];
    for (let i = 0; i < imageCount; i++) if (picked[i] === 0) rest.push(i);
    const source = picker(Int32Array.from(rest));
    while (open()) {
      const next = source.next(picked);
      if (next === null) break;
      take(next.i, next.score, null);
    }
  }
  return { picks, shortfalls };
}
