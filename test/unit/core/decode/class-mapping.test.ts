import { describe, expect, it } from "vitest";
import { buildClassMapping, looseClassName } from "../../../../src-main/core/decode/class-mapping";

describe("buildClassMapping", () => {
  it("maps identical class lists one to one and says so", () => {
    const m = buildClassMapping(["crop", "weed"], [{ id: 5, name: "crop" }, { id: 6, name: "weed" }]);
    expect(m.toProject).toEqual([5, 6]);
    expect(m.identical).toBe(true);
    expect(m.unmatchedModel).toEqual([]);
  });

  it("maps by name whatever the order, and never by position", () => {
    const m = buildClassMapping(["weed", "crop", "stone"], [{ id: 5, name: "crop" }, { id: 6, name: "weed" }, { id: 7, name: "soil" }]);
    expect(m.toProject).toEqual([6, 5, null]);
    expect(m.identical).toBe(false);
    expect(m.unmatchedModel).toEqual([{ modelIndex: 2, modelName: "stone" }]);
    expect(m.unmatchedProject).toEqual([{ id: 7, name: "soil" }]);
  });

  it("matches loosely (case, spaces, underscores) and reports how", () => {
    const m = buildClassMapping(["potted plant", "Cat"], [{ id: 1, name: "Potted_Plant" }, { id: 2, name: "cat" }]);
    expect(m.matched.map((x) => [x.modelName, x.className, x.how])).toEqual([
      ["potted plant", "Potted_Plant", "loose"],
      ["Cat", "cat", "loose"],
    ]);
  });

  it("prefers an exact match over a loose one and refuses ambiguous loose matches", () => {
    const m = buildClassMapping(["Dog", "dog", "car"], [{ id: 1, name: "dog" }, { id: 2, name: "CAR" }, { id: 3, name: "Car" }]);
    expect(m.toProject).toEqual([null, 1, null]); // "Dog" has no exact match and "dog" is taken; "car" fits two
    expect(m.unmatchedProject.map((c) => c.name)).toEqual(["CAR", "Car"]);
  });

  it("applies explicit choices first, including dropping a class, and reports bad ones", () => {
    const m = buildClassMapping(["bear", "cat", "dog"], [{ id: 9, name: "raccoon" }, { id: 4, name: "cat" }], { 0: 9, 2: null, 7: 9, 1: 99 });
    expect(m.toProject).toEqual([9, 4, null]);
    expect(m.matched.map((x) => x.how)).toEqual(["explicit", "exact"]);
    expect(m.problems).toEqual([
      'project class id 99 (chosen for model class "cat") does not exist',
      "model class index 7 does not exist (the model has 3 classes)",
    ]);
  });

  it("folds names loosely", () => {
    expect(looseClassName("  Traffic__Light-Red ")).toBe("traffic light red");
  });
});
