/**
 * The shortcut sheet (the ? overlay), generated from the keymap so it is always right. Pure.
 */
import type { Platform } from "./chord";
import { formatChord, parseChord } from "./chord";
import type { ActionId, KeymapEntry } from "./keymap";
import { keysFor } from "./keymap";

export interface SheetRow {
  id: ActionId;
  description: string;
  /** Keys as shown on this platform, e.g. ["⌘⇧Z"] or ["Ctrl+Shift+Z", "Ctrl+Y"]. */
  keys: string[];
}

export interface SheetGroup {
  title: KeymapEntry["group"];
  rows: SheetRow[];
}

const GROUP_ORDER: KeymapEntry["group"][] = ["General", "Navigation", "Tools", "Edit", "Classes", "View"];

/** Groups of rows in a fixed group order, keymap order within a group; actions without keys are left out. */
export function shortcutSheet(keymap: readonly KeymapEntry[], platform: Platform): SheetGroup[] {
  return GROUP_ORDER.map((title) => ({
    title,
    rows: keymap
      .filter((e) => e.group === title)
      .map((e) => ({ id: e.id, description: e.description, keys: shortcutLabels(e, platform) }))
      .filter((r) => r.keys.length > 0),
  })).filter((g) => g.rows.length > 0);
}

/** The keys of one action as shown on this platform (for tooltips: "Undo (⌘Z)"). */
export function shortcutLabels(e: KeymapEntry, platform: Platform): string[] {
  return keysFor(e, platform).flatMap((k) => {
    const chord = parseChord(k, platform);
    return chord ? [formatChord(chord, platform)] : [];
  });
}
