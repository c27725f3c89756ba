import { describe, expect, it } from "vitest";
import { formatYoloLine, parseYoloLabels } from "../../../../src-main/datasets/parse/yolo-labels";

const ctx = { names: ["cat", "dog"], width: 200, height: 100 };
const parse = (text: string) => parseYoloLabels(text, "labels/a.txt", ctx);

describe("parseYoloLabels", () => {
  it("turns a normalised centre box into a top-left pixel box", () => {
    expect(parse("1 0.5 0.5 0.2 0.4\n")).toEqual({
      value: [{ className: "dog", box: { x: 80, y: 30, w: 40, h: 40 }, flags: {} }],
      issues: [],
    });
  });

  it("reads an empty file as no boxes and no issues (a confirmed-empty image)", () => {
    expect(parse("")).toEqual({ value: [], issues: [] });
    expect(parse("\n\r\n")).toEqual({ value: [], issues: [] });
  });

  it("accepts tabs, CRLF line ends and several spaces between fields", () => {
    expect(parse("0\t0.5  0.5 0.1 0.1\r\n").value).toHaveLength(1);
  });

  it.each([
    ["0 0.5 0.5 0.1", "expected 5 fields (class cx cy w h), found 4"],
    ["0 0.5 0.5 0.1 0.1 0.9", "expected 5 fields (class cx cy w h), found 6"],
    ["0 0.5 abc 0.1 0.1", 'field 3 is not a number: "abc"'],
    ["0 NaN 0.5 0.1 0.1", 'field 2 is not a number: "NaN"'],
    ["0 0.5 0.5 Infinity 0.1", 'field 4 is not a number: "Infinity"'],
    ["7 0.5 0.5 0.1 0.1", "unknown class id 7 (data.yaml names 2 classes)"],
    ["1.5 0.5 0.5 0.1 0.1", 'class id must be a whole number ≥ 0, found "1.5"'],
    ["-1 0.5 0.5 0.1 0.1", 'class id must be a whole number ≥ 0, found "-1"'],
    ["0 0.5 0.5 -0.1 0.1", "negative width or height (-0.1, 0.1)"],
    ["0 1.5 0.5 0.1 0.1", "box lies outside the image (corner 0.5500 beyond 0..1; more than 0.01 is rejected)"],
  ])("rejects %j naming the file and line: %s", (line, message) => {
    const res = parse(`0 0.5 0.5 0.1 0.1\n${line}\n`);
    expect(res.value).toHaveLength(1);
    expect(res.issues).toEqual([{ file: "labels/a.txt", line: 2, severity: "error", message }]);
  });

  it("clips a box slightly outside the image and warns", () => {
    // x from 0.995 to 1.005: 0.005 beyond the right edge.
    const res = parse("0 1.0 0.5 0.01 0.2\n");
    expect(res.value[0]?.box.x).toBeCloseTo(199, 9);
    expect(res.value[0]?.box.w).toBeCloseTo(1, 9);
    expect(res.issues).toEqual([{ file: "labels/a.txt", line: 1, severity: "warning", message: "box clipped to the image (a corner was 0.0050 beyond 0..1)" }]);
  });

  it("leaves out a zero-area box with a warning instead of dividing by zero", () => {
    const res = parse("0 0.5 0.5 0 0.2\n");
    expect(res.value).toEqual([]);
    expect(res.issues).toEqual([{ file: "labels/a.txt", line: 1, severity: "warning", message: "zero-area box left out" }]);
  });

  it("drops an exact duplicate line with a warning, as Ultralytics does", () => {
    const res = parse("0 0.5 0.5 0.1 0.1\n0  0.5 0.5 0.1 0.1\n");
    expect(res.value).toHaveLength(1);
    expect(res.issues[0]).toMatchObject({ line: 2, severity: "warning", message: "duplicate of line 1; left out" });
  });
});

describe("formatYoloLine", () => {
  it("writes class, centre and size normalised to 6 decimals", () => {
    expect(formatYoloLine(1, { x: 80, y: 30, w: 40, h: 40 }, 200, 100)).toBe("1 0.500000 0.500000 0.200000 0.400000");
  });

  it("gives back the same 6-decimal line after a parse (the round trip is lossless)", () => {
    const line = "0 0.475215 0.524656 0.884800 0.873787";
    const box = parseYoloLabels(line, "x", { names: ["cat"], width: 375, height: 500 }).value[0]?.box;
    expect(box && formatYoloLine(0, box, 375, 500)).toBe(line);
  });
});
