/**
 * Keymap checks, pure: user overrides (validated, then REPLACING an action's default keys — never merged with
 * them) and the conflict detector (two actions on the same keystroke in scopes that can be active together).
 * Run by a unit test over the defaults and at load over the user's overrides.
 */
import type { Platform } from "./chord";
import { canonicalChord, formatChord, parseChord } from "./chord";
import type { ActionId, KeymapEntry } from "./keymap";
import { ACTION_IDS, keysFor, scopesOverlap } from "./keymap";

/** Per action, the chords that replace its defaults (an empty list unbinds it). */
export interface KeyOverride {
  keys: readonly string[];
  macKeys?: readonly string[];
}
export type KeymapOverrides = Partial<Record<ActionId, KeyOverride>>;

export interface KeyConflict {
  /** The keystroke as shown to the user on this platform. */
  chord: string;
  actions: ActionId[];
}

export interface KeymapIssue {
  actionId: string;
  message: string;
}

/**
 * Every keystroke bound to more than one action whose scopes overlap, on one platform. An action listing the
 * same keystroke twice is not a conflict. Example: D → review.nextImage and canvas.toolDraw → one conflict "D".
 */
export function findConflicts(keymap: readonly KeymapEntry[], platform: Platform): KeyConflict[] {
  const byChord = new Map<string, { shown: string; entries: KeymapEntry[] }>();
  for (const e of keymap) {
    for (const text of keysFor(e, platform)) {
      const chord = parseChord(text, platform);
      if (!chord) continue;
      const canon = canonicalChord(chord);
      const slot = byChord.get(canon) ?? { shown: formatChord(chord, platform), entries: [] };
      if (!slot.entries.includes(e)) slot.entries.push(e);
      byChord.set(canon, slot);
    }
  }
  const conflicts: KeyConflict[] = [];
  for (const { shown, entries } of byChord.values()) {
    const clashing = entries.filter((a) => entries.some((b) => b !== a && scopesOverlap(a.scope, b.scope)));
    if (clashing.length > 1) conflicts.push({ chord: shown, actions: clashing.map((e) => e.id) });
  }
  return conflicts;
}

/** Chords of the keymap that do not parse (a typo in the defaults or in an override). */
export function findInvalidChords(keymap: readonly KeymapEntry[], platform: Platform): KeymapIssue[] {
  return keymap.flatMap((e) =>
    keysFor(e, platform)
      .filter((k) => parseChord(k, platform) === null)
      .map((k) => ({ actionId: e.id, message: `"${k}" is not a valid key chord` })),
  );
}

/**
 * Checks user overrides read from settings (untrusted JSON): unknown action ids, non-string chords and chords
 * that do not parse are reported and left out; the rest is returned.
 */
export function validateOverrides(raw: unknown): { overrides: KeymapOverrides; issues: KeymapIssue[] } {
  const overrides: KeymapOverrides = {};
  const issues: KeymapIssue[] = [];
  if (raw === null || raw === undefined) return { overrides, issues };
  if (typeof raw !== "object" || Array.isArray(raw)) {
    return { overrides, issues: [{ actionId: "", message: "keymap overrides must be an object of action id → { keys }" }] };
  }
  const known = new Set<string>(ACTION_IDS);
  for (const [id, value] of Object.entries(raw)) {
    if (!known.has(id)) {
      issues.push({ actionId: id, message: `unknown action "${id}"` });
      continue;
    }
    const keys = chordList(value, "keys");
    const macKeys = chordList(value, "macKeys");
    if (!keys.ok || !macKeys.ok) {
      issues.push({ actionId: id, message: `expected { keys: string[], macKeys?: string[] }` });
      continue;
    }
    const bad = [...keys.list, ...(macKeys.list ?? [])].filter((k) => parseChord(k, "other") === null || parseChord(k, "mac") === null);
    if (bad.length > 0) {
      issues.push({ actionId: id, message: `invalid key chord(s): ${bad.map((b) => `"${b}"`).join(", ")}` });
      continue;
    }
    overrides[id as ActionId] = macKeys.list ? { keys: keys.list, macKeys: macKeys.list } : { keys: keys.list };
  }
  return { overrides, issues };
}

function chordList(value: unknown, field: "keys"): { ok: boolean; list: string[] };
function chordList(value: unknown, field: "macKeys"): { ok: boolean; list: string[] | undefined };
function chordList(value: unknown, field: "keys" | "macKeys"): { ok: boolean; list: string[] | undefined } {
  if (typeof value !== "object" || value === null) return { ok: false, list: [] };
  const list: unknown = (value as Record<string, unknown>)[field];
  if (list === undefined) return field === "keys" ? { ok: false, list: [] } : { ok: true, list: undefined };
  if (!Array.isArray(list) || !list.every((k): k is string => typeof k === "string")) return { ok: false, list: [] };
  return { ok: true, list };
}

/**
 * The keymap with overrides applied: an overridden action gets exactly the override's keys (and macKeys, or none
 * — its default macOS variant is dropped too), never a merge with its defaults.
 */
export function applyOverrides(defaults: readonly KeymapEntry[], overrides: KeymapOverrides): KeymapEntry[] {
  return defaults.map((e) => {
    const o = overrides[e.id];
    if (!o) return e;
    const { macKeys: _dropped, ...rest } = e;
    return o.macKeys ? { ...rest, keys: [...o.keys], macKeys: [...o.macKeys] } : { ...rest, keys: [...o.keys] };
  });
}

/**
 * Loads the effective keymap from the defaults and raw user overrides: validation issues plus conflicts the
 * overrides create. The keymap is returned even with conflicts (the dispatcher refuses ambiguous keys; the
 * settings UI shows the conflicts so the user can fix them).
 */
export function loadKeymap(
  defaults: readonly KeymapEntry[],
  rawOverrides: unknown,
  platform: Platform,
): { keymap: KeymapEntry[]; issues: KeymapIssue[]; conflicts: KeyConflict[] } {
  const { overrides, issues } = validateOverrides(rawOverrides);
  const keymap = applyOverrides(defaults, overrides);
  return { keymap, issues, conflicts: findConflicts(keymap, platform) };
}
