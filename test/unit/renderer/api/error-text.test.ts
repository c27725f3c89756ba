import { describe, expect, it } from "vitest";
import { humanizeError } from "../../../../src-renderer/api/error-text";

describe("error messages for people", () => {
  it.each([
    ["review.createBatch: no images to review", "No images to review."],
    ["labels.applyEdits: invalid request: edits.0.box.w: must be ≥ 0", "Edits.0.box.w: must be ≥ 0."],
    ["ENOENT: no such file or directory, scandir '/data/field'", "/data/field was not found."],
    ["/data/x.onnx: cannot read: EACCES: permission denied, open '/data/x.onnx'", "/data/x.onnx: cannot read: Loupe may not open /data/x.onnx (permission denied)."],
    ["There is no review task 4.", "There is no review task 4."],
  ])("%s → %s", (raw, human) => {
    expect(humanizeError(raw)).toBe(human);
  });
});
