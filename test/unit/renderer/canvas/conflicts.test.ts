import { describe, expect, it } from "vitest";
import { applyOverrides, findConflicts, findInvalidChords, loadKeymap, validateOverrides } from "../../../../src-renderer/canvas/keymap/conflicts";
import type { KeymapEntry } from "../../../../src-renderer/canvas/keymap/keymap";
import { DEFAULT_KEYMAP, keysFor } from "../../../../src-renderer/canvas/keymap/keymap";

const entry = (over: Partial<KeymapEntry> & Pick<KeymapEntry, "id" | "keys">): KeymapEntry => ({
  description: over.id,
  scope: "canvas",
  repeat: false,
  group: "Edit",
  ...over,
});

describe("keymap conflicts", () => {
  it.each(["mac", "other"] as const)("the defaults have no conflicts and no invalid chords on %s", (platform) => {
    expect(findConflicts(DEFAULT_KEYMAP, platform)).toEqual([]);
    expect(findInvalidChords(DEFAULT_KEYMAP, platform)).toEqual([]);
  });

  it("finds two actions on one key in nested scopes", () => {
    const keymap = [entry({ id: "review.nextImage", keys: ["D"], scope: "review" }), entry({ id: "canvas.toolDraw", keys: ["d"] })];
    expect(findConflicts(keymap, "other")).toEqual([{ chord: "D", actions: ["review.nextImage", "canvas.toolDraw"] }]);
  });

  it("sees the keypad digit and the row digit as one key", () => {
    const keymap = [entry({ id: "canvas.setClass1", keys: ["1"] }), entry({ id: "canvas.setClass2", keys: ["Numpad1"] })];
    expect(findConflicts(keymap, "other")).toHaveLength(1);
  });

  it("sees Mod+Z and Cmd+Z as one key on macOS only", () => {
    const keymap = [entry({ id: "history.undo", keys: ["Mod+Z"] }), entry({ id: "history.redo", keys: ["Cmd+Z"] })];
    expect(findConflicts(keymap, "mac")).toHaveLength(1);
    expect(findConflicts(keymap, "other")).toEqual([]);
  });

  it("an action listing the same key twice does not conflict with itself", () => {
    expect(findConflicts([entry({ id: "canvas.fit", keys: ["F", "f"] })], "other")).toEqual([]);
  });
});

describe("user overrides", () => {
  it("an override replaces the defaults of that action instead of merging with them (regression)", () => {
    const keymap = applyOverrides(DEFAULT_KEYMAP, { "history.redo": { keys: ["Mod+Y"] } });
    const redo = keymap.find((e) => e.id === "history.redo")!;
    expect(keysFor(redo, "other")).toEqual(["Mod+Y"]);
    // The default macOS variant is dropped too: the user's keys apply everywhere.
    expect(keysFor(redo, "mac")).toEqual(["Mod+Y"]);
  });

  it("an empty list unbinds an action", () => {
    const keymap = applyOverrides(DEFAULT_KEYMAP, { "canvas.toolDraw": { keys: [] } });
    expect(keymap.find((e) => e.id === "canvas.toolDraw")?.keys).toEqual([]);
  });

  it("moving next image to R conflicts with the draw tool, and the load reports it", () => {
    const { conflicts, issues } = loadKeymap(DEFAULT_KEYMAP, { "review.nextImage": { keys: ["R"] } }, "other");
    expect(issues).toEqual([]);
    expect(conflicts).toEqual([{ chord: "R", actions: ["review.nextImage", "canvas.toolDraw"] }]);
  });

  it("moving the draw tool away from R, then next image onto it, is fine", () => {
    const { conflicts } = loadKeymap(DEFAULT_KEYMAP, { "canvas.toolDraw": { keys: ["B"] }, "review.nextImage": { keys: ["R"] } }, "other");
    expect(conflicts).toEqual([]);
  });

  it("reports unknown actions, wrong shapes and bad chords, and keeps the good overrides", () => {
    const { overrides, issues } = validateOverrides({
      "canvas.fit": { keys: ["Shift+F1"] },
      "canvas.teleport": { keys: ["T"] },
      "canvas.toolDraw": { keys: "R" },
      "canvas.toolSelect": { keys: ["Hyper+V"] },
    });
    expect(overrides).toEqual({ "canvas.fit": { keys: ["Shift+F1"] } });
    expect(issues.map((i) => i.actionId)).toEqual(["canvas.teleport", "canvas.toolDraw", "canvas.toolSelect"]);
  });

  it("treats missing overrides as none and a non-object as one issue", () => {
    expect(validateOverrides(undefined)).toEqual({ overrides: {}, issues: [] });
    expect(validateOverrides([1, 2]).issues).toHaveLength(1);
  });
});
