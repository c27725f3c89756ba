import { describe, expect, it } from "vitest";
import { assignTasks } from "../../../../src-main/core/review/assignment";

describe("splitting a batch among annotators", () => {
  it.each<[string, number, Parameters<typeof assignTasks>[1], (string | null)[]]>([
    ["round-robin gives task i to annotator i mod k", 5, { annotators: ["ada", "bo"] }, ["ada", "bo", "ada", "bo", "ada"]],
    ["counts give blocks in order and leave the rest unassigned", 5, { annotators: ["ada", "bo"], mode: "counts", counts: [1, 2] }, ["ada", "bo", "bo", null, null]],
    ["a name given twice (or with spaces) is one person", 3, { annotators: ["ada", " ada ", "bo"] }, ["ada", "bo", "ada"]],
    ["an empty list unassigns every task", 2, { annotators: [] }, [null, null]],
    ["a count of zero gives that person nothing", 2, { annotators: ["ada", "bo"], mode: "counts", counts: [0, 2] }, ["bo", "bo"]],
  ])("%s", (_name, n, plan, expected) => {
    expect(assignTasks(n, plan)).toEqual(expected);
  });

  it("refuses counts that do not match the annotators or exceed the tasks", () => {
    expect(() => assignTasks(3, { annotators: ["ada", "bo"], mode: "counts", counts: [3] })).toThrow("give one count per annotator (2 annotators, 1 counts)");
    expect(() => assignTasks(3, { annotators: ["ada", "bo"], mode: "counts", counts: [2, 2] })).toThrow("the counts add up to 4 tasks but there are only 3 to assign");
  });
});
