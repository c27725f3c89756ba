import { describe, expect, it } from "vitest";
import { parsePythonLiteral, PythonLiteralError } from "../../../../src-main/core/decode/python-literal";

describe("parsePythonLiteral", () => {
  it("reads an Ultralytics names dict", () => {
    expect(parsePythonLiteral("{0: 'person', 1: 'bicycle', 2: 'traffic light'}")).toEqual({
      kind: "dict",
      entries: [
        [0, "person"],
        [1, "bicycle"],
        [2, "traffic light"],
      ],
    });
  });

  it.each([
    { name: "a comma and a colon inside quotes", text: "'a, b: c'", want: "a, b: c" },
    { name: "an apostrophe (repr switches to double quotes)", text: `"it's"`, want: "it's" },
    { name: "both quote kinds (repr escapes the single quote)", text: `'say "hi" \\'now\\''`, want: `say "hi" 'now'` },
    { name: "a backslash", text: "'C:\\\\data\\\\x'", want: "C:\\data\\x" },
    { name: "non-ASCII kept as is", text: "'Ünïcødé 猫 🐈'", want: "Ünïcødé 猫 🐈" },
    { name: "\\x, \\u and \\U escapes", text: "'\\x41\\u00e9\\U0001F408'", want: "Aé🐈" },
    { name: "control escapes", text: "'tab\\there\\nnew'", want: "tab\there\nnew" },
    { name: "braces and brackets inside quotes", text: "'{0: [x]}'", want: "{0: [x]}" },
    { name: "adjacent literals concatenated", text: "'ab' \"cd\"", want: "abcd" },
  ])("reads a string with $name", ({ text, want }) => {
    expect(parsePythonLiteral(text)).toBe(want);
  });

  it("reads lists, tuples, numbers, booleans and None", () => {
    expect(parsePythonLiteral("[640, 480]")).toEqual([640, 480]);
    expect(parsePythonLiteral("(1, -2.5, 1e-3, 0x10,)")).toEqual([1, -2.5, 0.001, 16]);
    expect(parsePythonLiteral("True")).toBe(true);
    expect(parsePythonLiteral("None")).toBe(null);
  });

  it("reads the export args dict with nested values", () => {
    const v = parsePythonLiteral("{'batch': 1, 'half': False, 'nms': True, 'data': None, 'imgsz': [640, 640]}");
    expect(v).toEqual({
      kind: "dict",
      entries: [
        ["batch", 1],
        ["half", false],
        ["nms", true],
        ["data", null],
        ["imgsz", [640, 640]],
      ],
    });
  });

  it.each([
    { name: "a function call", text: "__import__('os').system('x')" },
    { name: "a bare name", text: "person" },
    { name: "an unterminated string", text: "{0: 'cat}" },
    { name: "trailing text", text: "[1, 2] + [3]" },
    { name: "a missing comma", text: "{0: 'a' 1: 'b'}" },
  ])("refuses $name, without evaluating anything", ({ text }) => {
    expect(() => parsePythonLiteral(text)).toThrow(PythonLiteralError);
  });
});
