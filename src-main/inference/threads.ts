import { availableParallelism } from "node:os";
import type { ThreadSettings } from "./protocol";

/**
 * Default thread settings: onnxruntime gets every core for intra-op parallelism (sequential execution, one inter-op
 * thread) without spinning; libvips one thread per image operation, since decoding overlaps inference anyway.
 */
export function defaultThreadSettings(cores = availableParallelism()): ThreadSettings {
  return { intraOpThreads: Math.max(1, cores), interOpThreads: 1, executionMode: "sequential", graphOptimizationLevel: "all", imageThreads: 1, allowSpinning: false };
}
