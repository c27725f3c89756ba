import { useMemo } from "react";
import { useStore } from "zustand";
import type { ClassInfo } from "../../../src-preload/api";
import type { ReviewStageHandle } from "../../canvas/konva/ReviewStage";
import { countObjects, describeCounts, objectRows, type ObjectState } from "../../canvas/model/objects";

const STATE_WORDS: Record<ObjectState, string> = { pending: "pending", accepted: "accepted", drawn: "drawn", kept: "kept", rejected: "rejected" };
const SOURCE_WORDS = { model: "model", person: "drawn", import: "imported" } as const;

/** Every box of the image with its class, source, score and state; the counts on top; a click selects the box. */
export function ObjectsPanel({ handle, classes }: { handle: ReviewStageHandle; classes: readonly ClassInfo[] }) {
  const doc = useStore(handle.store, (s) => s.doc);
  const selectedId = useStore(handle.store, (s) => s.selectedId);
  const rows = useMemo(() => objectRows(doc), [doc]);
  const byId = useMemo(() => new Map(classes.map((c) => [c.id, c])), [classes]);
  return (
    <section className="objects" aria-label="Objects">
      <h3>
        Objects <span className="muted objects-counts">{describeCounts(countObjects(rows))}</span>
      </h3>
      <ol className="objects-list">
        {rows.map((r) => {
          const cls = byId.get(r.classId);
          return (
            <li key={r.id}>
              <button
                type="button"
                className={`object-row ${r.state}${r.id === selectedId ? " selected" : ""}`}
                aria-current={r.id === selectedId ? "true" : undefined}
                disabled={r.state === "rejected"}
                onClick={() => handle.store.getState().select(r.id)}
              >
                <span className="swatch" style={{ background: cls?.color ?? "#888" }} />
                <span className="object-class">{cls?.name ?? `class ${r.classId}`}</span>
                <span className="object-source muted">{SOURCE_WORDS[r.source]}</span>
                <span className="object-score">{r.score === null ? "" : r.score.toFixed(2)}</span>
                <span className={`badge ${r.state}`}>{STATE_WORDS[r.state]}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
