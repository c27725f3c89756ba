import { describe, expect, it } from "vitest";
import { layoutTags } from "../../../../src-renderer/canvas/model/tag-layout";

describe("class tags that never cover each other", () => {
  it("puts a tag above its box, stacks a second tag at the same corner one row lower, and fades one with no room", () => {
    const box = { x: 100, y: 100, w: 50, h: 50 };
    const tags = layoutTags(
      [
        { id: "a", box, width: 40, height: 14 },
        { id: "b", box, width: 40, height: 14 },
        { id: "c", box, width: 40, height: 14 },
      ],
      1,
    );
    expect(tags).toEqual([
      { id: "a", x: 100, y: 86, faded: false },
      { id: "b", x: 100, y: 100, faded: false },
      { id: "c", x: 100, y: 86, faded: true },
    ]);
  });

  it("puts the tag inside the box when the box touches the top of the view", () => {
    expect(layoutTags([{ id: "a", box: { x: 0, y: 5, w: 50, h: 50 }, width: 40, height: 14 }])[0]).toEqual({ id: "a", x: 0, y: 5, faded: false });
  });
});
