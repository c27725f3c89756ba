import { useState } from "react";
import type { ReviewBatchInfo } from "../../../src-preload/api";
import { useLoupe } from "../../store/index";
import { durationText } from "../../components/duration-text";

/** Per-person progress of the batch, and splitting its pending tasks among named annotators. */
export function AssignPanel({ batch }: { batch: ReviewBatchInfo }) {
  const assignBatch = useLoupe((s) => s.assignBatch);
  const [names, setNames] = useState("");
  const [mode, setMode] = useState<"round-robin" | "counts">("round-robin");
  const [counts, setCounts] = useState("");
  const people = names.split(",").map((n) => n.trim()).filter(Boolean);
  const parsedCounts = counts.split(",").map((c) => Number(c.trim())).filter((c) => Number.isInteger(c) && c >= 0);
  const assigned = batch.byAssignee.some((p) => p.assignee !== null);
  return (
    <details className="assign" open={assigned || undefined}>
      <summary>People {assigned ? `(${batch.byAssignee.filter((p) => p.assignee !== null).length})` : ""}</summary>
      {assigned && (
        <table className="assignees" aria-label="Progress per annotator">
          <tbody>
            {batch.byAssignee.map((p) => (
              <tr key={p.assignee ?? ""}>
                <td>{p.assignee ?? <span className="muted">nobody</span>}</td>
                <td>
                  {p.finished}/{p.total}
                </td>
                <td className="muted">{durationText(p.timeSpentMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="assign-form"
        onSubmit={(e) => {
          e.preventDefault();
          void assignBatch(people, mode, mode === "counts" ? parsedCounts : undefined);
        }}
      >
        <input value={names} onChange={(e) => setNames(e.target.value)} placeholder="ada, bo, cy" aria-label="Annotators" />
        <select value={mode} onChange={(e) => setMode(e.target.value as typeof mode)} aria-label="How to split">
          <option value="round-robin">in turn</option>
          <option value="counts">by count</option>
        </select>
        {mode === "counts" && <input value={counts} onChange={(e) => setCounts(e.target.value)} placeholder="10, 5, 5" aria-label="Tasks per annotator" />}
        <button type="submit" disabled={people.length === 0}>
          Split pending tasks
        </button>
      </form>
    </details>
  );
}
