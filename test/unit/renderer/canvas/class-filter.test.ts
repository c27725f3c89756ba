import { describe, expect, it } from "vitest";
import { filterClasses } from "../../../../src-renderer/canvas/ui/class-filter";

const classes = [
  { id: 10, name: "weed", color: "#f00", position: 0 },
  { id: 11, name: "crop row", color: "#0f0", position: 1 },
  { id: 12, name: "tractor", color: "#00f", position: 2 },
  { id: 13, name: "dead_crop", color: "#ff0", position: 3 },
];

describe("class palette search", () => {
  it("lists every class in palette order for an empty query", () => {
    expect(filterClasses(classes, " ").map((c) => c.id)).toEqual([10, 11, 12, 13]);
  });

  it("ranks a name prefix before a word prefix before a substring", () => {
    expect(filterClasses(classes, "cro").map((c) => c.name)).toEqual(["crop row", "dead_crop"]);
    expect(filterClasses(classes, "ro").map((c) => c.name)).toEqual(["crop row", "dead_crop"]);
    expect(filterClasses(classes, "RAC").map((c) => c.name)).toEqual(["tractor"]);
  });

  it("a digit picks the class on that key first", () => {
    expect(filterClasses(classes, "3")[0]?.name).toBe("tractor");
  });

  it("finds nothing for an unknown name", () => {
    expect(filterClasses(classes, "zebra")).toEqual([]);
  });
});
