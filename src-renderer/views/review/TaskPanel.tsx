import { useState } from "react";
import type { ReviewTaskInfo } from "../../../src-preload/api";
import type { ReviewMode } from "../../store/slices/review-slice";
import { useLoupe } from "../../store/index";

/** Why the task is here, what the reviewer said, and the buttons that finish or decide it. */
export function TaskPanel({ task, mode, total, index }: { task: ReviewTaskInfo; mode: ReviewMode; total: number; index: number }) {
  const finishTask = useLoupe((s) => s.finishTask);
  const decideTask = useLoupe((s) => s.decideTask);
  const [comment, setComment] = useState("");
  const submit = (run: () => Promise<void>) => {
    void run().then(() => setComment(""));
  };
  return (
    <div className="task-panel">
      <h2>
        Task {index + 1} of {total}
      </h2>
      <p className="task-file" title={task.image.relPath}>
        {task.image.fileName} · {task.image.width}×{task.image.height}
      </p>
      <p>
        <span className={`badge ${task.status}`}>{task.status}</span>
        {task.score !== null && <span className="muted"> score {task.score.toFixed(3)}</span>}
      </p>
      {task.reasons.length > 0 && (
        <ul className="reasons" aria-label="Why this image">
          {task.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      {task.reviewComment && (
        <p className="review-comment" role="note">
          <strong>{task.reviewer ?? "Reviewer"}:</strong> {task.reviewComment}
        </p>
      )}
      {task.comment && mode === "review" && (
        <p className="muted">
          <strong>{task.annotator}:</strong> {task.comment}
        </p>
      )}
      <label className="comment">
        Comment
        <textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={3} />
      </label>
      {mode === "annotate" ? (
        <div className="actions">
          <button type="button" className="primary" onClick={() => submit(() => finishTask("done", comment))}>
            Done
          </button>
          <button type="button" onClick={() => submit(() => finishTask("skipped", comment))}>
            Skip
          </button>
          <button type="button" onClick={() => submit(() => finishTask("flagged", comment))}>
            Flag
          </button>
        </div>
      ) : (
        <div className="actions">
          <button type="button" className="primary" onClick={() => submit(() => decideTask("approved", comment))}>
            Approve
          </button>
          <button type="button" onClick={() => submit(() => decideTask("rejected", comment))}>
            Reject
          </button>
        </div>
      )}
      <p className="muted small">Time on task so far: {(task.timeSpentMs / 1000).toFixed(0)} s</p>
    </div>
  );
}
