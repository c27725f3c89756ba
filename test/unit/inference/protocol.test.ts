import { describe, expect, it } from "vitest";
import { PROTOCOL_VERSION, fromWorkerMessage, toWorkerMessage } from "../../../src-main/inference/protocol";

describe("the worker protocol", () => {
  it("accepts a result with detections as 6-tuples", () => {
    const msg = { v: PROTOCOL_VERSION, type: "result", itemId: 3, widthPx: 500, heightPx: 375, detections: [[1, 2, 3, 4, 0.9, 15]], timingMs: { prepare: 1, run: 2, decode: 0.5 } };
    expect(fromWorkerMessage.parse(msg)).toEqual(msg);
  });

  it("refuses messages of another protocol version", () => {
    expect(fromWorkerMessage.safeParse({ v: PROTOCOL_VERSION + 1, type: "ready", pid: 1 }).success).toBe(false);
    expect(toWorkerMessage.safeParse({ v: 0, type: "cancel" }).success).toBe(false);
  });

  it("refuses unknown layouts and out-of-range thresholds", () => {
    const threads = { intraOpThreads: 2, interOpThreads: 1, executionMode: "sequential", graphOptimizationLevel: "all", imageThreads: 1, allowSpinning: false };
    expect(toWorkerMessage.safeParse({ v: PROTOCOL_VERSION, type: "load", requestId: 1, modelPath: "m.onnx", layout: "yolov9", threads }).success).toBe(false);
    expect(toWorkerMessage.safeParse({ v: PROTOCOL_VERSION, type: "infer", items: [], options: { confThreshold: 2, iouThreshold: 0.7, maxDetections: 300 } }).success).toBe(false);
  });

  it("carries per-image errors in the contract's error shape", () => {
    const bad = { v: PROTOCOL_VERSION, type: "itemFailed", itemId: 1, error: { code: "E_NOPE", message: "x" } };
    expect(fromWorkerMessage.safeParse(bad).success).toBe(false);
    expect(fromWorkerMessage.safeParse({ ...bad, error: { code: "E_IO", message: "x.jpg: missing", file: "x.jpg" } }).success).toBe(true);
  });
});
