import { describe, expect, it } from "vitest";
import { scanCocoResults } from "../../../../src-main/core/metrics/coco-results-scan";

const scan = (text: string) => scanCocoResults(Buffer.from(text, "utf8"));
const row = (c: NonNullable<ReturnType<typeof scan>>, i: number) => [c.imageId[i], c.categoryId[i], c.x[i], c.y[i], c.w[i], c.h[i], c.score[i]];

describe("scanCocoResults", () => {
  it("reads a results list into columns in file order", () => {
    const c = scan('[{"image_id": 7, "category_id": 2, "bbox": [1, 2.5, 30, 40], "score": 0.9},\n {"score":0.25,"bbox":[0,0,4,5],"category_id":1,"image_id":3}]');
    expect(c?.n).toBe(2);
    expect(row(c!, 0)).toEqual([7, 2, 1, 2.5, 30, 40, 0.9]);
    expect(row(c!, 1)).toEqual([3, 1, 0, 0, 4, 5, 0.25]);
    expect(scan(" [ ] ")?.n).toBe(0);
  });

  it("skips other keys whatever they hold, and the last of a repeated key counts as in JSON.parse", () => {
    const c = scan('[{"id": 1, "segmentation": [[1, 2], {"a": "x\\"}]"}], "note": "é", "extra": null, "ok": true, "image_id": 1, "category_id": 1, "bbox": [1, 1, 2, 2], "score": 0.1, "score": 0.7}]');
    expect(row(c!, 0)).toEqual([1, 1, 1, 1, 2, 2, 0.7]);
  });

  it("gives the doubles JSON.parse gives, on short, long, exponent and negative numbers", () => {
    const nums = ["0.1", "0.3", "123.45678901234567", "1e-3", "2.5E+2", "-0", "-17.125", "0.000001", "9007199254740993", "640.0000000000001", "1.7976931348623157e308"];
    for (const n of nums) {
      const c = scan(`[{"image_id":1,"category_id":1,"bbox":[${n},0,1,1],"score":${n}}]`);
      expect(Object.is(c?.x[0], JSON.parse(n) as number)).toBe(true);
      expect(Object.is(c?.score[0], JSON.parse(n) as number)).toBe(true);
    }
  });

  it("returns null for anything but the plain shape, so the general parser names the problem", () => {
    const ok = '"category_id":1,"bbox":[0,0,1,1],"score":0.5';
    expect(scan(`[{"image_id":1,${ok}}]`)).not.toBeNull();
    expect(scan(`[{"image_id":"a.jpg",${ok}}]`)).toBeNull(); // string image ids
    expect(scan('[{"image_id":1,"category_id":1,"score":0.5}]')).toBeNull(); // no bbox
    expect(scan('[{"image_id":1,"category_id":1,"bbox":[0,0,1],"score":0.5}]')).toBeNull();
    expect(scan(`[{"image_id":01,${ok}}]`)).toBeNull(); // leading zero: invalid JSON
    expect(scan(`[{"image_id":1,${ok}},]`)).toBeNull(); // trailing comma
    expect(scan(`[{"image_id":1,${ok}}] x`)).toBeNull();
    expect(scan(`[{"image_id":1,${ok}}`)).toBeNull();
    expect(scan(`{"annotations":[]}`)).toBeNull();
    expect(scan(`\uFEFF[{"image_id":1,${ok}}]`)).toBeNull(); // a byte-order mark, which JSON.parse refuses too
    expect(scan(`[{"image_id":1,"note":"a\u0001b",${ok}}]`)).toBeNull(); // raw control character
  });
});
