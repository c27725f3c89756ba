import { describe, expect, it } from "vitest";
import { postprocess } from "../../../../src-main/core/decode/postprocess";
import { computeLetterbox } from "../../../../src-main/core/geometry/letterbox";

describe("postprocess", () => {
  it("decodes v8, suppresses duplicates and maps boxes back to a 128×64 image letterboxed to 64×64", () => {
    // three anchors, one class: two near-identical boxes around input centre (32, 32) and a weak one
    const data = Float32Array.from([
      [32, 32.5, 10], // cx
      [32, 32, 10], // cy
      [16, 16, 4], // w
      [16, 16, 4], // h
      [0.9, 0.8, 0.1], // class 0
    ].flat());
    const dets = postprocess({ data, dims: [1, 5, 3] }, { layout: "yolov8", confThreshold: 0.25, letterbox: computeLetterbox(128, 64, 64, 64) });
    // scale 0.5, image pasted at y = 16: input (24, 24)-(40, 40) → image (48, 16)-(80, 48)
    expect(dets).toHaveLength(1);
    expect(dets[0]).toMatchObject({ x1: 48, y1: 16, x2: 80, y2: 48, classIndex: 0 });
    expect(dets[0]?.score).toBeCloseTo(0.9, 6);
  });

  it("keeps end-to-end duplicates with different classes and runs no NMS", () => {
    const data = Float32Array.from([
      [10, 10, 20, 20, 0.6, 1],
      [10, 10, 20, 20, 0.9, 2],
    ].flat());
    const dets = postprocess({ data, dims: [1, 2, 6] }, { layout: "end-to-end", confThreshold: 0.25, letterbox: computeLetterbox(64, 64, 64, 64) });
    expect(dets.map((d) => [d.classIndex, Number(d.score.toFixed(3))])).toEqual([
      [2, 0.9],
      [1, 0.6],
    ]);
  });

  it("clips boxes to the image", () => {
    const data = Float32Array.from([[0, 0, 20, 20, 0.9, 0]].flat());
    const dets = postprocess({ data, dims: [1, 1, 6] }, { layout: "end-to-end", confThreshold: 0.25, letterbox: computeLetterbox(64, 32, 64, 64) });
    expect(dets[0]).toMatchObject({ x1: 0, y1: 0, x2: 20, y2: 4 }); // y: (0 − 16) → 0, (20 − 16) = 4
  });
});
