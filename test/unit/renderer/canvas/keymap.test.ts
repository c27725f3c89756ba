import { describe, expect, it } from "vitest";
import type { KeyEventLike, Platform } from "../../../../src-renderer/canvas/keymap/chord";
import { formatChord, matchKey, parseChord } from "../../../../src-renderer/canvas/keymap/chord";
import { ACTION_IDS, DEFAULT_KEYMAP, keysFor } from "../../../../src-renderer/canvas/keymap/keymap";
import { shortcutSheet } from "../../../../src-renderer/canvas/keymap/sheet";

function key(k: string, code: string, mods: Partial<Omit<KeyEventLike, "key" | "code">> = {}): KeyEventLike {
  return { key: k, code, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods };
}

describe("matching keys", () => {
  it.each<[string, KeyEventLike, string, Platform, boolean]>([
    ["a letter matches its character", key("r", "KeyR"), "R", "other", true],
    ["a letter matches its character on AZERTY (A sits on KeyQ)", key("a", "KeyQ"), "A", "other", true],
    ["a letter does not match another letter on the same physical key", key("a", "KeyQ"), "Q", "other", false],
    ["a letter falls back to the physical key on a Cyrillic layout", key("к", "KeyR"), "R", "other", true],
    ["a letter with Shift needs Shift in the chord", key("E", "KeyE", { shiftKey: true }), "E", "other", false],
    ["Shift+E matches Shift and the letter", key("E", "KeyE", { shiftKey: true }), "Shift+E", "other", true],
    ["a digit matches the physical key", key("&", "Digit1"), "1", "other", true],
    ["the numeric keypad counts as the digit row", key("1", "Numpad1"), "1", "other", true],
    ["Mod is Ctrl on Windows and Linux", key("z", "KeyZ", { ctrlKey: true }), "Mod+Z", "other", true],
    ["Mod is Cmd on macOS", key("z", "KeyZ", { metaKey: true }), "Mod+Z", "mac", true],
    ["Ctrl is not Mod on macOS", key("z", "KeyZ", { ctrlKey: true }), "Mod+Z", "mac", false],
    ["modifiers must match exactly: Ctrl+Shift+Z is not Ctrl+Z", key("Z", "KeyZ", { ctrlKey: true, shiftKey: true }), "Mod+Z", "other", false],
    ["a symbol ignores the Shift it needs", key("?", "Slash", { shiftKey: true }), "?", "other", true],
    ["Space matches the physical key", key(" ", "Space"), "Space", "other", true],
    ["an arrow with Shift needs Shift in the chord", key("ArrowLeft", "ArrowLeft", { shiftKey: true }), "ArrowLeft", "other", false],
    ["the keypad Enter is Enter", key("Enter", "NumpadEnter"), "Enter", "other", true],
    ["Esc is an alias of Escape", key("Escape", "Escape"), "Esc", "other", true],
    ["the plus key can be bound", key("+", "Equal", { shiftKey: true }), "+", "other", true],
  ])("%s", (_name, event, binding, platform, expected) => {
    expect(matchKey(event, binding, platform)).toBe(expected);
  });

  it("rejects chords that do not parse", () => {
    expect(parseChord("Hyper+Z", "other")).toBeNull();
    expect(parseChord("Ctrl+", "other")).toBeNull();
    expect(parseChord("Shift+Wibble", "other")).toBeNull();
    expect(matchKey(key("z", "KeyZ"), "", "other")).toBe(false);
  });

  it("formats chords per platform", () => {
    expect(formatChord(parseChord("Mod+Shift+Z", "mac")!, "mac")).toBe("⇧⌘Z");
    expect(formatChord(parseChord("Mod+Shift+Z", "other")!, "other")).toBe("Ctrl+Shift+Z");
    expect(formatChord(parseChord("Delete", "other")!, "other")).toBe("Del");
  });
});

describe("the default keymap", () => {
  it("lists every action id exactly once", () => {
    expect(DEFAULT_KEYMAP.map((e) => e.id).sort()).toEqual([...ACTION_IDS].sort());
  });

  it("has the suggested defaults", () => {
    const keys = (id: string, p: Platform = "other") => keysFor(DEFAULT_KEYMAP.find((e) => e.id === id)!, p);
    expect(keys("review.prevImage")).toEqual(["A"]);
    expect(keys("review.nextImage")).toEqual(["D"]);
    expect(keys("review.acceptAndNext")).toEqual(["Enter"]);
    expect(keys("canvas.toolDraw")).toEqual(["R"]);
    expect(keys("canvas.toolSelect")).toEqual(["V"]);
    expect(keys("canvas.deleteSelection")).toEqual(["Delete", "Backspace"]);
    expect(keys("canvas.togglePredictions")).toEqual(["H"]);
    expect(keys("canvas.fit")).toEqual(["F"]);
    expect(keys("canvas.cancel")).toEqual(["Escape"]);
    expect(keys("canvas.setClass5")).toEqual(["5"]);
    expect(keys("history.undo")).toEqual(["Mod+Z"]);
    expect(keys("history.redo")).toEqual(["Mod+Shift+Z", "Ctrl+Y"]);
    expect(keys("history.redo", "mac")).toEqual(["Mod+Shift+Z"]);
    expect(keys("help.shortcuts")).toEqual(["?"]);
  });

  it("only arrows, nudges, undo/redo, Tab, zoom and threshold keys repeat", () => {
    const repeating = DEFAULT_KEYMAP.filter((e) => e.repeat).map((e) => e.id);
    expect(repeating).not.toContain("review.nextImage");
    expect(repeating).not.toContain("review.acceptAndNext");
    expect(repeating).toContain("canvas.nudgeLeft");
  });

  it("generates the shortcut sheet from the keymap", () => {
    const sheet = shortcutSheet(DEFAULT_KEYMAP, "mac");
    expect(sheet.map((g) => g.title)).toEqual(["General", "Navigation", "Tools", "Edit", "Classes", "View"]);
    const general = sheet[0]!;
    expect(general.rows.find((r) => r.id === "history.redo")?.keys).toEqual(["⇧⌘Z"]);
    const rows = sheet.flatMap((g) => g.rows);
    expect(rows).toHaveLength(DEFAULT_KEYMAP.length);
  });
});
