import { describe, expect, it } from "vitest";
import type { ModelInfo } from "../../../../src-preload/api";
import { getAt, issuesByField, parseFieldInput, setAt } from "../../../../src-renderer/views/dashboard/config-fields";
import { lineageRows } from "../../../../src-renderer/views/models/lineage";

const model = (id: string, parentModelId: string | null, createdAt: number) => ({ id, name: `m-${id}`, parentModelId, createdAt }) as ModelInfo;

describe("lineageRows", () => {
  it("puts each child under its parent, newest first, with its depth", () => {
    const rows = lineageRows([model("a", null, 1), model("b", "a", 2), model("c", "b", 3), model("d", "a", 4), model("e", "gone", 5)]);
    expect(rows.map((r) => [r.model.id, r.depth, r.parentName])).toEqual([
      ["e", 0, null],
      ["a", 0, null],
      ["d", 1, "m-a"],
      ["b", 1, "m-a"],
      ["c", 2, "m-b"],
    ]);
  });

  it("lists every model once even when parents form a cycle", () => {
    expect(lineageRows([model("x", "y", 1), model("y", "x", 2)]).map((r) => r.model.id).sort()).toEqual(["x", "y"]);
  });
});

describe("the loop configuration form's fields", () => {
  it("reads and replaces values at dotted keys without touching the rest", () => {
    const c = { selection: { budget: 20, weights: { uncertainty: 0.2 } }, data: { pool: "pool" } };
    const next = setAt(c, "selection.weights.uncertainty", 0.5);
    expect(getAt(next, "selection.weights.uncertainty")).toBe(0.5);
    expect(next.data).toBe(c.data);
    expect(c.selection.weights.uncertainty).toBe(0.2);
  });

  it.each([
    [{ key: "k", label: "", kind: "int" as const }, "12", 12],
    [{ key: "k", label: "", kind: "number" as const }, "", ""],
    [{ key: "k", label: "", kind: "text" as const, nullable: true }, "  ", null],
    [{ key: "k", label: "", kind: "bool" as const }, true, true],
  ])("parses %o input %o as %o", (field, raw, value) => {
    expect(parseFieldInput(field, raw)).toEqual(value);
  });

  it("files each issue under its field, the rest apart", () => {
    const { byKey, other } = issuesByField([
      { key: "selection.budget", message: "must be at least 1" },
      { key: "selection.weights", message: "at least one weight must be above 0" },
    ]);
    expect(byKey.get("selection.budget")).toEqual(["must be at least 1"]);
    expect(other.map((i) => i.key)).toEqual(["selection.weights"]);
  });
});
