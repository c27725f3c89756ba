/**
 * Reuses input tensor buffers between images: allocating (and zeroing) a fresh 4.9 MB Float32Array per 640×640
 * image costs more CPU than filling it. A buffer goes back to the pool only once onnxruntime is done with it.
 */
export class TensorPool {
  private readonly free: (Float32Array | Uint16Array)[] = [];

  constructor(private readonly maxFree = 4) {}

  /** A buffer of `length` elements (float32, or float16 bits), reused when one is free; contents are stale. */
  acquire(type: "float32" | "float16", length: number): Float32Array | Uint16Array {
    const want = type === "float32" ? Float32Array : Uint16Array;
    const i = this.free.findIndex((b) => b instanceof want && b.length === length);
    if (i >= 0) return this.free.splice(i, 1)[0] as Float32Array | Uint16Array;
    return type === "float32" ? new Float32Array(length) : new Uint16Array(length);
  }

  release(buffer: Float32Array | Uint16Array): void {
    if (this.free.length < this.maxFree && !this.free.includes(buffer)) this.free.push(buffer);
  }

  clear(): void {
    this.free.length = 0;
  }
}
