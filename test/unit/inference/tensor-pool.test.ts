import { describe, expect, it } from "vitest";
import { TensorPool } from "../../../src-main/inference/tensor-pool";

describe("TensorPool", () => {
  it("hands a released buffer out again for the same type and length, and a fresh one otherwise", () => {
    const pool = new TensorPool();
    const a = pool.acquire("float32", 12);
    pool.release(a);
    expect(pool.acquire("float16", 12)).toBeInstanceOf(Uint16Array);
    expect(pool.acquire("float32", 24)).not.toBe(a);
    expect(pool.acquire("float32", 12)).toBe(a);
    expect(pool.acquire("float32", 12)).not.toBe(a); // not handed out twice
  });

  it("keeps at most maxFree buffers and forgets them on clear", () => {
    const pool = new TensorPool(1);
    const a = pool.acquire("float32", 3);
    const b = pool.acquire("float32", 3);
    pool.release(a);
    pool.release(b);
    expect(pool.acquire("float32", 3)).toBe(a);
    pool.release(a);
    pool.clear();
    expect(pool.acquire("float32", 3)).not.toBe(a);
  });
});
