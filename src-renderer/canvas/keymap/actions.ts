/**
 * The action registry: each user command is registered once — label, `run(ctx)`, `isEnabled(ctx)` — and the
 * toolbar, menus, context menu, class palette and keyboard all call the same action (Excalidraw, tldraw).
 * The context type is the caller's (the review canvas passes its store and view callbacks). Pure.
 */
import type { ActionId } from "./keymap";

/** Where an action was triggered from (for logs and devtools action names). */
export type ActionSource = "kbd" | "toolbar" | "menu" | "context-menu" | "palette";

export interface ActionDef<Ctx> {
  id: ActionId;
  /** Short label for buttons and menus ("Undo", "Fit image"). */
  label: string;
  run(ctx: Ctx, source: ActionSource): void;
  /** Disabled actions are greyed out in menus and ignored by the keyboard. Default: enabled. */
  isEnabled?(ctx: Ctx): boolean;
  /** For hold actions (keymap `hold`): called when the key is released. */
  release?(ctx: Ctx): void;
}

export type ActionRegistry<Ctx> = ReadonlyMap<ActionId, ActionDef<Ctx>>;

/** Builds a registry; throws when an id is registered twice (a programming error caught by tests). */
export function createRegistry<Ctx>(defs: readonly ActionDef<Ctx>[]): ActionRegistry<Ctx> {
  const map = new Map<ActionId, ActionDef<Ctx>>();
  for (const d of defs) {
    if (map.has(d.id)) throw new Error(`action ${d.id} is registered twice`);
    map.set(d.id, d);
  }
  return map;
}

/** Whether the action exists and is enabled in this context. */
export function isActionEnabled<Ctx>(registry: ActionRegistry<Ctx>, id: ActionId, ctx: Ctx): boolean {
  const def = registry.get(id);
  return def !== undefined && (def.isEnabled?.(ctx) ?? true);
}

/** Runs an action if it is registered and enabled; returns whether it ran. */
export function runAction<Ctx>(registry: ActionRegistry<Ctx>, id: ActionId, ctx: Ctx, source: ActionSource): boolean {
  const def = registry.get(id);
  if (!def || !(def.isEnabled?.(ctx) ?? true)) return false;
  def.run(ctx, source);
  return true;
}
