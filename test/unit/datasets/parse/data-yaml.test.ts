import { describe, expect, it } from "vitest";
import { formatDataYaml, parseDataYaml } from "../../../../src-main/datasets/parse/data-yaml";

describe("parseDataYaml", () => {
  it("reads path, splits and names as a list", () => {
    const res = parseDataYaml("path: ../ds\ntrain: images/train\nval: [images/val, extra.txt]\nnames: [cat, dog]\n", "data.yaml");
    expect(res).toEqual({ value: { path: "../ds", splits: { train: ["images/train"], val: ["images/val", "extra.txt"] }, names: ["cat", "dog"] }, issues: [] });
  });

  it("reads names as a map of id → name and turns YAML booleans into text", () => {
    const res = parseDataYaml("train: a\nnames:\n  0: person\n  1: true\n", "d.yaml");
    expect(res.value.names).toEqual(["person", "true"]);
    expect(res.issues).toEqual([]);
  });

  it("reads Loupe's own pool key beside train/val/test", () => {
    expect(parseDataYaml("train: a\npool: images/pool\nnames: [x]\n", "d.yaml").value.splits).toEqual({ train: ["a"], pool: ["images/pool"] });
  });

  it.each([
    ["train: a\n", "names is missing", undefined],
    ["names: [a]\n", "none of train, val or test is given", undefined],
    ["train: a\nnc: 3\nnames: [a, b]\n", "nc is 3 but names lists 2", 2],
    ["train: a\nnames:\n  0: a\n  2: c\n", "names has no entry for class id 1 (ids must run 0, 1, 2, … without gaps)", 2],
  ])("reports %j as an error: %s", (text, message, line) => {
    const res = parseDataYaml(text, "d.yaml");
    expect(res.issues).toContainEqual({ file: "d.yaml", line, severity: "error", message });
  });

  it.each([
    ["train: a\nnames: {0: cat, 30000000: dog}\n", "names: class id 30000000 is out of range (ids run from 0 to 9999)"],
    ["train: a\nnames: [[a, b], {x: 1}]\n", "names [0]: a class name must be text, found a list"],
    ["train: a\nnames: [cat, null]\n", "names [1]: a class name must be text, found null"],
    ['train: a\nnames: ["a\\tb"]\n', 'names [0]: class name "a\\tb" contains a control character (a newline, tab or NUL)'],
    ["train: a\nnc: 1e9\nnames: [a]\n", "nc must be a whole number from 0 to 10000, found 1000000000"],
    ["train: a\nnames: {0: a, x: b}\n", 'names key "x" is not a class id'],
  ])("refuses %j before it sizes anything: %s", (text, message) => {
    const res = parseDataYaml(text, "d.yaml");
    expect(res.issues.filter((i) => i.severity === "error").map((i) => i.message)).toContain(message);
  });

  it("refuses a YAML alias bomb with an error instead of expanding it", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]", "train: a", "names: *c", ""].join("\n");
    const res = parseDataYaml(bomb, "d.yaml");
    expect(res.issues).toEqual([{ file: "d.yaml", severity: "error", message: "YAML: Excessive alias count indicates a resource exhaustion attack" }]);
  });

  it("warns when two class ids share a name (they import as one class)", () => {
    const res = parseDataYaml("train: a\nnames: [cat, dog, cat]\n", "d.yaml");
    expect(res.value.names).toEqual(["cat", "dog", "cat"]);
    expect(res.issues).toEqual([{ file: "d.yaml", line: 2, severity: "warning", message: 'names: "cat" is given to class ids 0 and 2; both import as one class' }]);
  });

  it("reports a YAML syntax error with its line", () => {
    const res = parseDataYaml("train: a\nnames: [a, b\n", "d.yaml");
    expect(res.issues[0]).toMatchObject({ file: "d.yaml", severity: "error" });
    expect(res.issues[0]?.message).toMatch(/^YAML: /);
  });
});

describe("formatDataYaml", () => {
  it("writes an absolute path, the splits present and quoted names (yes/no stay text)", () => {
    expect(formatDataYaml("/data/out", { train: "images/train", val: "images/val" }, ["cat", "no"])).toBe(
      'path: "/data/out"\ntrain: "images/train"\nval: "images/val"\nnc: 2\nnames:\n  0: "cat"\n  1: "no"\n',
    );
  });

  it("is read back as it was written", () => {
    const text = formatDataYaml("/d", { train: "images/train", pool: "images/pool" }, ["a b", "yes"]);
    expect(parseDataYaml(text, "d").value).toEqual({ path: "/d", splits: { train: ["images/train"], pool: ["images/pool"] }, names: ["a b", "yes"] });
  });
});
