/**
 * The single keydown listener of the review view. It
 * - ignores keys typed into inputs, textareas, selects and editable content, keys while an IME composes, and
 *   every key while a modal dialog is open (CVAT, Label Studio, tldraw);
 * - finds the bindings of the active scopes that match; runs the action only when exactly ONE matches, and logs
 *   the ambiguity otherwise (Excalidraw) — a conflicting user keymap does nothing rather than the wrong thing;
 * - drops auto-repeat for actions that do not allow it, and calls `release` on key-up for held actions (Space).
 * The decision (`resolveKey`) is pure and unit-tested; only `attach` touches the DOM.
 */
import type { ActionRegistry } from "./actions";
import type { Chord, KeyEventLike, Platform } from "./chord";
import { matchChord, parseChord } from "./chord";
import type { ActionId, KeymapEntry, KeyScope } from "./keymap";
import { activeScopes, keysFor } from "./keymap";

export interface CompiledKeymap {
  platform: Platform;
  bindings: { entry: KeymapEntry; chords: Chord[] }[];
}

/** Parses every chord of the keymap once (invalid chords are skipped; conflicts.ts reports them). */
export function compileKeymap(keymap: readonly KeymapEntry[], platform: Platform): CompiledKeymap {
  return {
    platform,
    bindings: keymap.map((entry) => ({
      entry,
      chords: keysFor(entry, platform).flatMap((k) => {
        const c = parseChord(k, platform);
        return c ? [c] : [];
      }),
    })),
  };
}

export type KeyResolution = { kind: "none" } | { kind: "ambiguous"; ids: ActionId[] } | { kind: "action"; entry: KeymapEntry };

/** Which action a key event means in the given innermost scope. */
export function resolveKey(event: KeyEventLike, compiled: CompiledKeymap, scope: KeyScope): KeyResolution {
  const scopes = activeScopes(scope);
  const hits = compiled.bindings.filter((b) => scopes.includes(b.entry.scope) && b.chords.some((c) => matchChord(event, c)));
  const first = hits[0];
  if (!first) return { kind: "none" };
  if (hits.length > 1) return { kind: "ambiguous", ids: hits.map((h) => h.entry.id) };
  return { kind: "action", entry: first.entry };
}

interface TargetLike {
  tagName?: string;
  isContentEditable?: boolean;
  type?: string;
}

const NON_TEXT_INPUTS = new Set(["button", "checkbox", "radio", "range", "color", "file", "submit", "reset", "image"]);

/** Whether typing into this event target must not fire shortcuts (text fields, selects, editable content). */
export function isEditableTarget(target: unknown): boolean {
  if (typeof target !== "object" || target === null) return false;
  const t = target as TargetLike;
  if (t.isContentEditable) return true;
  const tag = (t.tagName ?? "").toUpperCase();
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") return !NON_TEXT_INPUTS.has((t.type ?? "text").toLowerCase());
  return false;
}

/** Whether a modal dialog is open in the document (native <dialog open> or an ARIA modal). */
export function hasOpenDialog(doc: Pick<Document, "querySelector">): boolean {
  return doc.querySelector('dialog[open], [role="dialog"][aria-modal="true"], [role="alertdialog"][aria-modal="true"]') !== null;
}

export interface DispatcherOptions<Ctx> {
  keymap: readonly KeymapEntry[];
  platform: Platform;
  registry: ActionRegistry<Ctx>;
  getContext(): Ctx;
  /** The innermost active scope (canvas while the review canvas is shown). */
  scope(): KeyScope;
  /** Extra blocker (e.g. a menu open); open modal dialogs always block. */
  isBlocked?(): boolean;
  log?(message: string): void;
}

type KeyEventIn = KeyEventLike & { target: unknown; repeat: boolean; isComposing?: boolean; preventDefault(): void };

export interface KeyDispatcher {
  onKeyDown(e: KeyEventIn): void;
  onKeyUp(e: KeyEventIn): void;
  /** Releases every held action (window blur). */
  releaseAll(): void;
  /** Listens on a window (or element); returns the function that stops listening. */
  attach(target: Window): () => void;
}

/** Creates the dispatcher; call `attach(window)` once per review view. */
export function createKeyDispatcher<Ctx>(options: DispatcherOptions<Ctx>): KeyDispatcher {
  const compiled = compileKeymap(options.keymap, options.platform);
  const held = new Map<string, ActionId>();
  const log = options.log ?? ((m: string) => console.warn(m));

  const release = (code: string): void => {
    const id = held.get(code);
    if (id === undefined) return;
    held.delete(code);
    options.registry.get(id)?.release?.(options.getContext());
  };

  const dispatcher: KeyDispatcher = {
    onKeyDown(e) {
      if (e.isComposing || isEditableTarget(e.target)) return;
      if (typeof document !== "undefined" && hasOpenDialog(document)) return;
      if (options.isBlocked?.()) return;
      const r = resolveKey(e, compiled, options.scope());
      if (r.kind === "none") return;
      if (r.kind === "ambiguous") {
        log(`shortcut ignored: it matches ${r.ids.join(", ")}; fix the keymap`);
        return;
      }
      const { entry } = r;
      const def = options.registry.get(entry.id);
      if (!def) return;
      const ctx = options.getContext();
      if (!(def.isEnabled?.(ctx) ?? true)) return;
      e.preventDefault();
      if (e.repeat && (!entry.repeat || entry.hold)) return;
      if (entry.hold) held.set(e.code, entry.id);
      def.run(ctx, "kbd");
    },
    onKeyUp(e) {
      release(e.code);
    },
    releaseAll() {
      for (const code of [...held.keys()]) release(code);
    },
    attach(target) {
      const down = (e: KeyboardEvent): void => dispatcher.onKeyDown(e);
      const up = (e: KeyboardEvent): void => dispatcher.onKeyUp(e);
      const blur = (): void => dispatcher.releaseAll();
      target.addEventListener("keydown", down);
      target.addEventListener("keyup", up);
      target.addEventListener("blur", blur);
      return () => {
        dispatcher.releaseAll();
        target.removeEventListener("keydown", down);
        target.removeEventListener("keyup", up);
        target.removeEventListener("blur", blur);
      };
    },
  };
  return dispatcher;
}
