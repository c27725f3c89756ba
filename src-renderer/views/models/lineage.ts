import type { ModelInfo } from "../../../src-preload/api";

export interface LineageRow {
  model: ModelInfo;
  /** 0 for a model without a (known) parent, parent depth + 1 otherwise. */
  depth: number;
  /** The parent's name, when the parent is in the list. */
  parentName: string | null;
}

/**
 * Models as a lineage tree, flattened: each root (no parent, or a parent not in the list) newest first, its children
 * right below it (newest first), indented by depth. Every model appears once, even in a (corrupt) parent cycle.
 * @example lineageRows([child(parent p), p]) // [{ model: p, depth: 0 }, { model: child, depth: 1 }]
 */
export function lineageRows(models: readonly ModelInfo[]): LineageRow[] {
  const byId = new Map(models.map((m) => [m.id, m]));
  const children = new Map<string, ModelInfo[]>();
  const roots: ModelInfo[] = [];
  for (const m of models) {
    if (m.parentModelId && byId.has(m.parentModelId) && m.parentModelId !== m.id) children.set(m.parentModelId, [...(children.get(m.parentModelId) ?? []), m]);
    else roots.push(m);
  }
  const newest = (a: ModelInfo, b: ModelInfo) => b.createdAt - a.createdAt;
  const out: LineageRow[] = [];
  const seen = new Set<string>();
  const visit = (m: ModelInfo, depth: number) => {
    if (seen.has(m.id)) return;
    seen.add(m.id);
    out.push({ model: m, depth, parentName: m.parentModelId ? (byId.get(m.parentModelId)?.name ?? null) : null });
    for (const c of [...(children.get(m.id) ?? [])].sort(newest)) visit(c, depth + 1);
  };
  for (const r of [...roots].sort(newest)) visit(r, 0);
  for (const m of models) visit(m, 0); // cycles: whatever no root reached
  return out;
}
