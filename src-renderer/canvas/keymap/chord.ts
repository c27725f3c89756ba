/**
 * Key chords ("Mod+Shift+Z", "R", "1", "Space", "?") parsed once and matched against keyboard events. Pure.
 *
 * Matching rules (DESIGN 7.6):
 * - letters match on the CHARACTER typed, so R means rectangle on any Latin layout (AZERTY, Dvorak…); when the
 *   key produces no ASCII letter (Cyrillic, Greek, macOS Option+letter) the physical key code is used instead;
 * - digits, arrows and Space match on the physical CODE, the numeric keypad counting as the digit row, so
 *   Shift+1 stays "1" on every layout;
 * - other single characters ("?", "+", "[") match on the character and ignore Shift, which the character implies;
 * - named keys (Enter, Escape, Delete, Backspace, Tab, …) match on the key name;
 * - modifiers must match exactly; "Mod" is Cmd on macOS and Ctrl elsewhere.
 */

export type Platform = "mac" | "other";

/** The parts of a KeyboardEvent a chord looks at. */
export interface KeyEventLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export type KeySpec =
  | { type: "letter"; letter: string }
  | { type: "digit"; digit: string }
  | { type: "code"; code: string }
  | { type: "char"; char: string }
  | { type: "named"; name: string };

export interface Chord {
  ctrl: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
  key: KeySpec;
}

const NAMED_KEYS: Record<string, string> = {
  enter: "Enter",
  return: "Enter",
  escape: "Escape",
  esc: "Escape",
  delete: "Delete",
  del: "Delete",
  backspace: "Backspace",
  tab: "Tab",
  home: "Home",
  end: "End",
  pageup: "PageUp",
  pagedown: "PageDown",
  ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i + 1}`, `F${i + 1}`])),
};
const CODE_KEYS: Record<string, string> = {
  space: "Space",
  arrowleft: "ArrowLeft",
  arrowright: "ArrowRight",
  arrowup: "ArrowUp",
  arrowdown: "ArrowDown",
};
const MODIFIERS = new Set(["mod", "ctrl", "control", "cmd", "meta", "alt", "option", "shift"]);

/**
 * Parses a chord for a platform; null when it is not a valid chord (unknown key name, repeated key, no key).
 * Example: parseChord("Mod+Shift+Z", "mac") → { meta: true, shift: true, key: letter "z", … }.
 */
export function parseChord(text: string, platform: Platform): Chord | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  // A trailing "+" is the plus key itself: "+" or "Mod++".
  const endsWithPlus = trimmed.endsWith("+") && (trimmed === "+" || trimmed.endsWith("++"));
  const body = endsWithPlus ? trimmed.slice(0, trimmed.length === 1 ? 0 : -2) : trimmed;
  const parts = body === "" ? [] : body.split("+").map((p) => p.trim());
  const keyToken = endsWithPlus ? "+" : parts.pop();
  if (keyToken === undefined || keyToken === "") return null;
  const chord: Chord = { ctrl: false, meta: false, alt: false, shift: false, key: { type: "char", char: "" } };
  for (const raw of parts) {
    const m = raw.toLowerCase();
    if (!MODIFIERS.has(m)) return null;
    if (m === "mod") {
      if (platform === "mac") chord.meta = true;
      else chord.ctrl = true;
    } else if (m === "ctrl" || m === "control") chord.ctrl = true;
    else if (m === "cmd" || m === "meta") chord.meta = true;
    else if (m === "alt" || m === "option") chord.alt = true;
    else chord.shift = true;
  }
  const key = parseKey(keyToken);
  if (!key) return null;
  chord.key = key;
  return chord;
}

function parseKey(token: string): KeySpec | null {
  const lower = token.toLowerCase();
  if (/^[a-z]$/.test(lower)) return { type: "letter", letter: lower };
  if (/^[0-9]$/.test(token)) return { type: "digit", digit: token };
  const digitCode = /^(?:digit|numpad)([0-9])$/.exec(lower);
  if (digitCode?.[1]) return { type: "digit", digit: digitCode[1] };
  const code = CODE_KEYS[lower];
  if (code) return { type: "code", code };
  const named = NAMED_KEYS[lower];
  if (named) return { type: "named", name: named };
  if ([...token].length === 1) return { type: "char", char: token };
  return null;
}

/** Whether a keyboard event presses this chord. */
export function matchChord(event: KeyEventLike, chord: Chord): boolean {
  const ignoresShift = chord.key.type === "char";
  if (event.ctrlKey !== chord.ctrl || event.metaKey !== chord.meta || event.altKey !== chord.alt) return false;
  if (!ignoresShift && event.shiftKey !== chord.shift) return false;
  const k = chord.key;
  switch (k.type) {
    case "letter": {
      const typed = event.key.length === 1 ? event.key.toLowerCase() : "";
      if (/^[a-z]$/.test(typed)) return typed === k.letter;
      return event.code === `Key${k.letter.toUpperCase()}`;
    }
    case "digit":
      return event.code === `Digit${k.digit}` || event.code === `Numpad${k.digit}`;
    case "code":
      return event.code === k.code;
    case "char":
      return event.key === k.char;
    case "named":
      return event.key === k.name || (k.name === "Enter" && event.code === "NumpadEnter");
  }
}

/**
 * Whether the event presses the chord written as text (see parseChord); false for an invalid chord.
 * Example: matchKey({ key: "!", code: "Digit1", shiftKey: true, … }, "Shift+1", "other") → true.
 */
export function matchKey(event: KeyEventLike, binding: string, platform: Platform): boolean {
  const chord = parseChord(binding, platform);
  return chord !== null && matchChord(event, chord);
}

/** A canonical form: two chords are the same keystroke on this platform exactly when their canonical forms are equal. */
export function canonicalChord(chord: Chord): string {
  const k = chord.key;
  const key =
    k.type === "letter" ? `letter:${k.letter}` : k.type === "digit" ? `digit:${k.digit}` : k.type === "code" ? `code:${k.code}` : k.type === "char" ? `char:${k.char}` : `named:${k.name}`;
  const shift = chord.shift && k.type !== "char";
  return [chord.ctrl && "ctrl", chord.meta && "meta", chord.alt && "alt", shift && "shift", key].filter(Boolean).join("+");
}

/** How a chord is shown in menus and the shortcut sheet: "⌘⇧Z" on macOS, "Ctrl+Shift+Z" elsewhere. */
export function formatChord(chord: Chord, platform: Platform): string {
  const k = chord.key;
  const names: Record<string, [string, string]> = {
    Enter: ["↩", "Enter"],
    Escape: ["Esc", "Esc"],
    Delete: ["⌦", "Del"],
    Backspace: ["⌫", "Backspace"],
    Tab: ["⇥", "Tab"],
    Space: ["Space", "Space"],
    ArrowLeft: ["←", "←"],
    ArrowRight: ["→", "→"],
    ArrowUp: ["↑", "↑"],
    ArrowDown: ["↓", "↓"],
  };
  const raw = k.type === "letter" ? k.letter.toUpperCase() : k.type === "digit" ? k.digit : k.type === "code" ? k.code : k.type === "char" ? k.char : k.name;
  const pair = names[raw];
  const keyText = pair ? (platform === "mac" ? pair[0] : pair[1]) : raw;
  const shift = chord.shift && k.type !== "char";
  if (platform === "mac") {
    return `${chord.ctrl ? "⌃" : ""}${chord.alt ? "⌥" : ""}${shift ? "⇧" : ""}${chord.meta ? "⌘" : ""}${keyText}`;
  }
  return [chord.ctrl && "Ctrl", chord.meta && "Win", chord.alt && "Alt", shift && "Shift", keyText].filter(Boolean).join("+");
}
