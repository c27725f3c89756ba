import { useEffect, useState } from "react";
import { CHANGE_KINDS, type ChangeKind, type ReviewTaskInfo, type TaskChanges } from "../../../src-preload/api";
import { errorMessage, reviewChanges } from "../../store/requests";
import { durationText } from "../../components/duration-text";

const WORDS: Record<ChangeKind, string> = {
  accepted: "accepted",
  moved: "moved",
  reclassified: "reclassified",
  rejected: "rejected",
  pending: "left pending",
  drawn: "drawn",
  kept: "kept",
};

/** For the reviewer: what the annotator changed against the model (accepted, rejected, drawn, moved, reclassified), who and how long. */
export function ChangesPanel({ task }: { task: ReviewTaskInfo }) {
  const [changes, setChanges] = useState<TaskChanges | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    reviewChanges({ taskId: task.id }).then(
      (c) => live && (setChanges(c), setError(null)),
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [task.id, task.updatedAt]);
  if (error) return <p className="error">{error}</p>;
  if (!changes) return <p className="muted small">Loading the changes…</p>;
  const kinds = CHANGE_KINDS.filter((k) => changes.counts[k] > 0);
  return (
    <section className="changes" aria-label="Changes">
      <h3>What changed</h3>
      <p className="muted small">
        {changes.annotator ? `by ${changes.annotator}` : "not finished yet"} · {durationText(changes.timeSpentMs)} on the task
      </p>
      {kinds.length === 0 ? (
        <p className="muted small">No boxes on this image.</p>
      ) : (
        <ul className="change-counts">
          {kinds.map((k) => (
            <li key={k} className={`change ${k}`}>
              <strong>{changes.counts[k]}</strong> {WORDS[k]}
            </li>
          ))}
        </ul>
      )}
      <ol className="change-items">
        {changes.items
          .filter((i) => i.kind !== "accepted" && i.kind !== "kept")
          .map((i) => (
            <li key={`${i.predictionId ?? ""}:${i.labelId ?? ""}`} className={`change ${i.kind}`}>
              <span className={`badge ${i.kind}`}>{WORDS[i.kind]}</span> {i.fromClassName ? `${i.fromClassName} → ${i.className}` : i.className}
              {i.score !== null && <span className="muted"> {i.score.toFixed(2)}</span>}
            </li>
          ))}
      </ol>
    </section>
  );
}
