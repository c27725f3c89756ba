/**
 * The objects panel's rows (pure): every box of the document with its class, source, score and state, and the
 * counts ("3 pending, 5 accepted, 1 drawn"). An accepted prediction is listed once, as the label it became.
 */
import type { BoxId, DocBox, ReviewDoc } from "./doc";

export type ObjectState = "pending" | "accepted" | "drawn" | "kept" | "rejected";

export interface ObjectRow {
  id: BoxId;
  classId: number;
  state: ObjectState;
  /** "model" for predictions and labels made from them, "person" for drawn boxes, "import" otherwise. */
  source: "model" | "person" | "import";
  score: number | null;
}

export const OBJECT_STATES: readonly ObjectState[] = ["pending", "accepted", "drawn", "kept", "rejected"];

function rowOf(b: DocBox): ObjectRow | null {
  if (b.source === "prediction") {
    if (b.status === "accepted") return null; // its label stands for it
    return { id: b.id, classId: b.classId, state: b.status === "pending" ? "pending" : "rejected", source: "model", score: b.score };
  }
  const state: ObjectState = b.origin === "prediction" ? "accepted" : b.origin === "manual" ? "drawn" : "kept";
  return { id: b.id, classId: b.classId, state, source: b.origin === "prediction" ? "model" : b.origin === "manual" ? "person" : "import", score: b.score };
}

/** Rows in order: pending first (highest score first), then labels, then rejected predictions. */
export function objectRows(doc: ReviewDoc): ObjectRow[] {
  const rank: Record<ObjectState, number> = { pending: 0, accepted: 1, drawn: 1, kept: 1, rejected: 2 };
  return doc.boxes
    .map(rowOf)
    .filter((r): r is ObjectRow => r !== null)
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank[a.r.state] - rank[b.r.state] || (a.r.state === "pending" ? (b.r.score ?? 0) - (a.r.score ?? 0) : a.i - b.i))
    .map(({ r }) => r);
}

/** Counts per state, every state present. */
export function countObjects(rows: readonly ObjectRow[]): Record<ObjectState, number> {
  const out = { pending: 0, accepted: 0, drawn: 0, kept: 0, rejected: 0 };
  for (const r of rows) out[r.state] += 1;
  return out;
}

/** "3 pending, 5 accepted, 1 drawn" — states with a count of zero left out; "no boxes" for none. */
export function describeCounts(counts: Record<ObjectState, number>): string {
  const parts = OBJECT_STATES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length ? parts.join(", ") : "no boxes";
}
