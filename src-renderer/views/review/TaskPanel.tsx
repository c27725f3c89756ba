import { useStore } from "zustand";
import type { BoxPx, ClassInfo, ReviewBatchInfo, ReviewTaskInfo } from "../../../src-preload/api";
import type { ReviewStageHandle } from "../../canvas/konva/ReviewStage";
import { summarizeAcceptImage } from "../../canvas/model/commands";
import { predictionsOf } from "../../canvas/model/doc";
import { enterNote } from "../../canvas/model/enter-note";
import { clampRectToImage } from "../../canvas/model/rect";
import { visibleImageRect } from "../../canvas/model/viewport";
import type { ReviewMode } from "../../store/slices/review-slice";
import { useLoupe } from "../../store/index";
import { ChangesPanel } from "./ChangesPanel";
import { ObjectsPanel } from "./ObjectsPanel";
import { durationText } from "../../components/duration-text";
import { scoreText } from "./task-words";

interface Props {
  task: ReviewTaskInfo;
  batch: ReviewBatchInfo | null;
  mode: ReviewMode;
  total: number;
  index: number;
  handle: ReviewStageHandle | null;
  classes: readonly ClassInfo[];
}

/** Why the task is here, what is on the image, what the reviewer said, and the buttons that finish or decide it. */
export function TaskPanel({ task, batch, mode, total, index, handle, classes }: Props) {
  const finishTask = useLoupe((s) => s.finishTask);
  const decideTask = useLoupe((s) => s.decideTask);
  const comment = useLoupe((s) => s.commentDraft);
  const setComment = useLoupe((s) => s.setCommentDraft);
  const warningFor = useLoupe((s) => s.approveWarningTaskId);
  const score = scoreText(task.score, batch?.scoreMeaning);
  return (
    <div className="task-panel">
      <h2>
        Task {index + 1} of {total}
      </h2>
      <p className="task-file" title={task.image.relPath}>
        <bdi>{task.image.fileName}</bdi>
      </p>
      <p className="muted small task-size">
        {task.image.width}×{task.image.height} px · {task.image.split}
      </p>
      <p className="task-meta">
        <span className={`badge ${task.status}`}>{task.status}</span>
        {score && <span className="muted"> {score}</span>}
        {task.assignee && <span className="muted"> · for {task.assignee}</span>}
      </p>
      {task.reasons.length > 0 && (
        <ul className="reasons" aria-label="Why this image">
          {task.reasons.map((r, i) => (
            <li key={r}>
              {r}
              {i === 0 && task.roi && <span className="framed"> — framed on the canvas (Z: whole image)</span>}
            </li>
          ))}
        </ul>
      )}
      {task.reviewComment && (
        <p className="review-comment" role="note">
          <strong>{task.reviewer ?? "Reviewer"}:</strong> {task.reviewComment}
          {task.reviewRegion && <span className="muted"> (the red box on the image)</span>}
        </p>
      )}
      {task.comment && mode === "review" && (
        <p className="muted">
          <strong>{task.annotator}:</strong> {task.comment}
        </p>
      )}
      {mode === "review" && <ChangesPanel task={task} />}
      {handle && <ObjectsPanel handle={handle} classes={classes} />}
      <label className="comment">
        Comment
        <textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={2} />
      </label>
      {mode === "annotate" ? (
        <div className="actions">
          {handle ? <DoneButton handle={handle} /> : <button type="button" className="primary" onClick={() => void finishTask("done")}>Done</button>}
          <button type="button" onClick={() => void finishTask("skipped")}>
            Skip
          </button>
          <button type="button" onClick={() => void finishTask("flagged")}>
            Flag
          </button>
        </div>
      ) : (
        <ApproveActions handle={handle} task={task} warning={warningFor === task.id} decide={decideTask} />
      )}
      <p className="muted small">Time on task so far: {durationText(task.timeSpentMs)}</p>
    </div>
  );
}

/** Done (Enter), saying what it will accept and reject on this image. */
function DoneButton({ handle }: { handle: ReviewStageHandle }) {
  const doc = useStore(handle.store, (s) => s.doc);
  const threshold = useStore(handle.store, (s) => s.scoreThreshold);
  const note = enterNote(summarizeAcceptImage(doc, threshold));
  return (
    <button type="button" className="primary done" title={note} onClick={() => handle.run("review.acceptAndNext", "toolbar")}>
      Done <span className="done-note">{note.replace(/^Enter /, "")}</span>
    </button>
  );
}

/** Approve or reject; a rejection can be pinned to the selected box or to what is on screen. */
function ApproveActions({
  handle,
  task,
  warning,
  decide,
}: {
  handle: ReviewStageHandle | null;
  task: ReviewTaskInfo;
  warning: boolean;
  decide(decision: "approved" | "rejected", region?: BoxPx | null): Promise<void>;
}) {
  const pin = useLoupe((s) => s.issuePin);
  const setPin = useLoupe((s) => s.setIssuePin);
  const draft = useLoupe((s) => s.issueDraft);
  const region = (): BoxPx | null => {
    if (!handle) return null;
    const s = handle.store.getState();
    if (pin === "selected" && s.selectedId !== null) return s.doc.boxes.find((b) => b.id === s.selectedId)?.rect ?? null;
    if (pin === "view") return clampRectToImage(visibleImageRect(s.viewport, s.viewSize), s.doc);
    if (pin === "drawn") return draft;
    return null;
  };
  return (
    <>
      {handle && <PendingWarning handle={handle} warning={warning} />}
      <label className="pin">
        Pin a rejection to
        <select
          value={pin}
          onChange={(e) => {
            const next = e.target.value as typeof pin;
            setPin(next);
            if (next === "drawn") handle?.run("canvas.toolDraw", "toolbar");
          }}
          aria-label="Pin the rejection to"
        >
          <option value="selected">the selected box</option>
          <option value="drawn">an area I draw (R)</option>
          <option value="view">what is on screen</option>
          <option value="none">nothing (whole image)</option>
        </select>
      </label>
      {pin === "drawn" && <p className="muted small">{draft ? "The red area goes with the rejection." : "Drag on the image to mark the area."}</p>}
      <div className="actions">
        <button type="button" className="primary" onClick={() => (handle ? handle.run("review.acceptAndNext", "toolbar") : void decide("approved"))}>
          Approve
        </button>
        <button type="button" onClick={() => void decide("rejected", region())} disabled={task.status === "pending"}>
          Reject
        </button>
      </div>
    </>
  );
}

/** Predictions nobody decided on are a warning before approval; after a held Enter it says how to go on. */
function PendingWarning({ handle, warning }: { handle: ReviewStageHandle; warning: boolean }) {
  const doc = useStore(handle.store, (s) => s.doc);
  const pending = predictionsOf(doc).filter((p) => p.status === "pending").length;
  if (pending === 0) return null;
  return (
    <p className={warning ? "warning strong" : "warning"} role="alert">
      {pending} prediction{pending === 1 ? " was" : "s were"} neither accepted nor rejected.{warning ? " Press Enter again to approve anyway." : ""}
    </p>
  );
}
