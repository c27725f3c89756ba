import { describe, expect, it } from "vitest";
import { formatRoute, intParam, parseRoute } from "../../../../src-renderer/store/route";

describe("the route in the URL hash", () => {
  it.each([
    ["#/review?batch=3&task=12", { view: "review", params: { batch: "3", task: "12" } }],
    ["#/models", { view: "models", params: {} }],
    ["#/errors?evaluation=7&kind=fp", { view: "errors", params: { evaluation: "7", kind: "fp" } }],
    ["", { view: "dashboard", params: {} }],
    ["#/nowhere?x=1", { view: "dashboard", params: {} }],
    ["#/review?bad-key=1&batch=", { view: "review", params: {} }],
  ])("reads %s", (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it("writes parameters in a stable order and reads back what it wrote", () => {
    const hash = formatRoute({ view: "review", params: { task: "4", batch: "2" } });
    expect(hash).toBe("#/review?batch=2&task=4");
    expect(parseRoute(hash)).toEqual({ view: "review", params: { batch: "2", task: "4" } });
    expect(formatRoute({ view: "dashboard", params: {} })).toBe("#/dashboard");
  });

  it("reads integer parameters and refuses anything else", () => {
    const r = parseRoute("#/review?batch=3&task=x1");
    expect(intParam(r, "batch")).toBe(3);
    expect(intParam(r, "task")).toBeNull();
    expect(intParam(r, "missing")).toBeNull();
  });
});
