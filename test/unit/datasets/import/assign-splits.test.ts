import { describe, expect, it } from "vitest";
import { assignSplits } from "../../../../src-main/datasets/import/assign-splits";

const paths = Array.from({ length: 10 }, (_, i) => `/d/img_${i}.jpg`);

describe("assignSplits", () => {
  it("cuts 10 images 0.7/0.2/0.1 into exactly 7, 2 and 1", () => {
    const counts: Record<string, number> = {};
    for (const s of assignSplits(paths, { train: 0.7, val: 0.2, test: 0.1 }, 42).values()) counts[s] = (counts[s] ?? 0) + 1;
    expect(counts).toEqual({ train: 7, val: 2, test: 1 });
  });

  it("gives the same answer whatever order the files come in, and another for another seed", () => {
    const a = assignSplits(paths, { train: 0.5, val: 0.5, test: 0 }, 1);
    const b = assignSplits([...paths].reverse(), { train: 0.5, val: 0.5, test: 0 }, 1);
    expect([...b.entries()].sort()).toEqual([...a.entries()].sort());
    const c = assignSplits(paths, { train: 0.5, val: 0.5, test: 0 }, 2);
    expect([...c.entries()].sort()).not.toEqual([...a.entries()].sort());
  });

  it("gives the largest remainders the leftover images (3 images at 1/3 each: one per split)", () => {
    const s = assignSplits(["a", "b", "c"], { train: 1, val: 1, test: 1 }, 7);
    expect([...s.values()].sort()).toEqual(["test", "train", "val"]);
  });
});
