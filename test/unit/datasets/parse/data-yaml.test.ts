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
