/**
 * The default keymap, as data: action id → keys (with a macOS variant where it differs), description, scope,
 * whether key repeat fires it again, and whether it is held (Space to pan). Toolbar, menus, the shortcut sheet
 * and the keyboard dispatcher all read this table; nothing else names a key. Pure.
 */
import type { Platform } from "./chord";

/** Nested scopes: global ⊃ review (the review view) ⊃ canvas (the review canvas). */
export type KeyScope = "global" | "review" | "canvas";

export const CLASS_SLOTS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
export type ClassSlot = (typeof CLASS_SLOTS)[number];

export const ACTION_IDS = [
  "help.shortcuts",
  "history.undo",
  "history.redo",
  "review.prevImage",
  "review.nextImage",
  "review.acceptAndNext",
  "review.skip",
  "review.flag",
  "review.jumpTo",
  "canvas.toolSelect",
  "canvas.toolDraw",
  "canvas.panHold",
  "canvas.cancel",
  "canvas.deleteSelection",
  "canvas.acceptPrediction",
  "canvas.rejectPrediction",
  "canvas.acceptAllAbove",
  "canvas.markEmpty",
  "canvas.selectNext",
  "canvas.selectPrev",
  "canvas.nudgeLeft",
  "canvas.nudgeRight",
  "canvas.nudgeUp",
  "canvas.nudgeDown",
  "canvas.nudgeLeftFast",
  "canvas.nudgeRightFast",
  "canvas.nudgeUpFast",
  "canvas.nudgeDownFast",
  ...CLASS_SLOTS.map((n) => `canvas.setClass${n}` as const),
  "canvas.classPalette",
  "canvas.togglePredictions",
  "canvas.thresholdDown",
  "canvas.thresholdUp",
  "canvas.fit",
  "canvas.toggleRegionZoom",
  "canvas.zoomIn",
  "canvas.zoomOut",
  "canvas.toggleCrosshair",
] as const;
export type ActionId = (typeof ACTION_IDS)[number];

export interface KeymapEntry {
  id: ActionId;
  /** Chords (see chord.ts), e.g. "Mod+Shift+Z". Empty: the action has no shortcut. */
  keys: readonly string[];
  /** Chords on macOS where they differ from `keys`. */
  macKeys?: readonly string[];
  description: string;
  scope: KeyScope;
  /** Whether holding the key down fires the action again (auto-repeat). */
  repeat: boolean;
  /** Active while the key is held (keydown starts, keyup ends), e.g. Space to pan. */
  hold?: boolean;
  /** Heading in the shortcut sheet. */
  group: "General" | "Navigation" | "Tools" | "Edit" | "Classes" | "View";
}

type E = Omit<KeymapEntry, "repeat"> & { repeat?: boolean };
const entry = (e: E): KeymapEntry => ({ repeat: false, ...e });

const nudges = (
  [
    ["Left", "ArrowLeft", "left"],
    ["Right", "ArrowRight", "right"],
    ["Up", "ArrowUp", "up"],
    ["Down", "ArrowDown", "down"],
  ] as const
).flatMap(([dir, key, word]) => [
  entry({ id: `canvas.nudge${dir}`, keys: [key], description: `Move the selected box 1 px ${word}`, scope: "canvas", repeat: true, group: "Edit" }),
  entry({ id: `canvas.nudge${dir}Fast`, keys: [`Shift+${key}`], description: `Move the selected box 10 px ${word}`, scope: "canvas", repeat: true, group: "Edit" }),
]);

const classKeys = CLASS_SLOTS.map((n) =>
  entry({ id: `canvas.setClass${n}`, keys: [String(n)], description: `Set class ${n} (selected box, or class of new boxes)`, scope: "canvas", group: "Classes" }),
);

/** The default keymap. Unit-tested to be free of conflicts on both platforms. */
export const DEFAULT_KEYMAP: readonly KeymapEntry[] = [
  entry({ id: "help.shortcuts", keys: ["?"], description: "Show keyboard shortcuts", scope: "global", group: "General" }),
  entry({ id: "history.undo", keys: ["Mod+Z"], description: "Undo", scope: "review", repeat: true, group: "General" }),
  entry({ id: "history.redo", keys: ["Mod+Shift+Z", "Ctrl+Y"], macKeys: ["Mod+Shift+Z"], description: "Redo", scope: "review", repeat: true, group: "General" }),
  entry({ id: "review.prevImage", keys: ["A"], description: "Previous image", scope: "review", group: "Navigation" }),
  entry({ id: "review.nextImage", keys: ["D"], description: "Next image", scope: "review", group: "Navigation" }),
  entry({ id: "review.acceptAndNext", keys: ["Enter"], description: "Done: predictions at or above the threshold become labels, the rest are rejected; save and go to the next", scope: "review", group: "Navigation" }),
  entry({ id: "review.skip", keys: ["S"], description: "Skip this image", scope: "review", group: "Navigation" }),
  entry({ id: "review.flag", keys: ["Shift+F"], description: "Flag this image for a second look", scope: "review", group: "Navigation" }),
  entry({ id: "review.jumpTo", keys: ["G"], description: "Go to task number…", scope: "review", group: "Navigation" }),
  entry({ id: "canvas.toolSelect", keys: ["V"], description: "Select tool", scope: "canvas", group: "Tools" }),
  entry({ id: "canvas.toolDraw", keys: ["R"], description: "Draw box tool", scope: "canvas", group: "Tools" }),
  entry({ id: "canvas.panHold", keys: ["Space"], description: "Pan while held", scope: "canvas", hold: true, group: "Tools" }),
  entry({ id: "canvas.cancel", keys: ["Escape"], description: "Cancel the current drag or drawing, else deselect", scope: "canvas", group: "Tools" }),
  entry({ id: "canvas.deleteSelection", keys: ["Delete", "Backspace"], description: "Delete the selected box (rejects a prediction)", scope: "canvas", group: "Edit" }),
  entry({ id: "canvas.acceptPrediction", keys: ["E"], description: "Accept the selected prediction", scope: "canvas", group: "Edit" }),
  entry({ id: "canvas.rejectPrediction", keys: ["X"], description: "Reject the selected prediction", scope: "canvas", group: "Edit" }),
  entry({ id: "canvas.acceptAllAbove", keys: ["Shift+E"], description: "Accept all predictions above the confidence threshold", scope: "canvas", group: "Edit" }),
  entry({ id: "canvas.markEmpty", keys: ["M"], description: "Mark the image confirmed-empty", scope: "canvas", group: "Edit" }),
  entry({ id: "canvas.selectNext", keys: ["Tab"], description: "Select the next box", scope: "canvas", repeat: true, group: "Edit" }),
  entry({ id: "canvas.selectPrev", keys: ["Shift+Tab"], description: "Select the previous box", scope: "canvas", repeat: true, group: "Edit" }),
  ...nudges,
  ...classKeys,
  entry({ id: "canvas.classPalette", keys: ["Mod+K"], description: "Search classes", scope: "canvas", group: "Classes" }),
  entry({ id: "canvas.togglePredictions", keys: ["H"], description: "Hide or show predictions", scope: "canvas", group: "View" }),
  entry({ id: "canvas.thresholdDown", keys: ["["], description: "Lower the confidence threshold", scope: "canvas", repeat: true, group: "View" }),
  entry({ id: "canvas.thresholdUp", keys: ["]"], description: "Raise the confidence threshold", scope: "canvas", repeat: true, group: "View" }),
  entry({ id: "canvas.fit", keys: ["F"], description: "Fit the whole image", scope: "canvas", group: "View" }),
  entry({ id: "canvas.toggleRegionZoom", keys: ["Z"], description: "Toggle between the region of interest and the whole image", scope: "canvas", group: "View" }),
  entry({ id: "canvas.zoomIn", keys: ["=", "+"], description: "Zoom in", scope: "canvas", repeat: true, group: "View" }),
  entry({ id: "canvas.zoomOut", keys: ["-"], description: "Zoom out", scope: "canvas", repeat: true, group: "View" }),
  entry({ id: "canvas.toggleCrosshair", keys: ["C"], description: "Show or hide the crosshair", scope: "canvas", group: "View" }),
];

/** The chords of an entry on a platform (the macOS variant where there is one). */
export function keysFor(e: KeymapEntry, platform: Platform): readonly string[] {
  return platform === "mac" && e.macKeys ? e.macKeys : e.keys;
}

/** The scopes active in a scope (itself and the ones around it). Example: canvas → global, review, canvas. */
export function activeScopes(innermost: KeyScope): KeyScope[] {
  return innermost === "global" ? ["global"] : innermost === "review" ? ["global", "review"] : ["global", "review", "canvas"];
}

/** Whether bindings in two scopes can be active at once (one scope contains the other). */
export function scopesOverlap(a: KeyScope, b: KeyScope): boolean {
  return activeScopes(a).includes(b) || activeScopes(b).includes(a);
}

/** The action id of class slot n (1–9). */
export function setClassAction(n: ClassSlot): ActionId {
  return `canvas.setClass${n}`;
}
