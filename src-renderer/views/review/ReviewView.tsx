import { useEffect, useMemo, useState } from "react";
import { SPLITS, TASK_STATUSES, type ProjectInfo, type Split, type TaskStatus } from "../../../src-preload/api";
import { createSessionHistory } from "../../canvas/doc-store";
import { useLoupe } from "../../store/index";
import { QueueList } from "./QueueList";
import { TaskCanvas } from "./TaskCanvas";
import { TaskPanel } from "./TaskPanel";

/** The review workspace: the queue on the left, the image in the middle, the task's reasons and outcome on the right. */
export function ReviewView({ project }: { project: ProjectInfo }) {
  const batches = useLoupe((s) => s.batches);
  const batchId = useLoupe((s) => s.batchId);
  const mode = useLoupe((s) => s.mode);
  const statusFilter = useLoupe((s) => s.statusFilter);
  const tasks = useLoupe((s) => s.tasks);
  const taskIndex = useLoupe((s) => s.taskIndex);
  const error = useLoupe((s) => s.reviewError);
  const { loadBatches, selectBatch, setMode, setStatusFilter, createBatchFromFilter, goToTask } = useLoupe.getState();
  const [newSplit, setNewSplit] = useState<Split | "">("pool");
  const models = useLoupe((s) => s.models);
  const [newModel, setNewModel] = useState<string>("");
  // One undo history per review session, shared by every image so undo crosses images.
  const history = useMemo(() => createSessionHistory(), []);

  useEffect(() => {
    void loadBatches();
  }, [loadBatches]);

  const batch = batches.find((b) => b.id === batchId) ?? null;
  const task = tasks[taskIndex] ?? null;
  const finished = batch ? batch.total - batch.byStatus.pending : 0;

  return (
    <div className="review">
      <aside className="review-queue" aria-label="Review queue">
        <div className="review-controls">
          <label>
            Batch
            <select value={batchId ?? ""} onChange={(e) => void selectBatch(Number(e.target.value))} aria-label="Batch">
              {batches.length === 0 && <option value="">no batches yet</option>}
              {batches.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name} ({b.total})
                </option>
              ))}
            </select>
          </label>
          <div className="segmented" role="group" aria-label="Mode">
            <button type="button" aria-pressed={mode === "annotate"} onClick={() => void setMode("annotate")}>
              Annotate
            </button>
            <button type="button" aria-pressed={mode === "review"} onClick={() => void setMode("review")}>
              Approve
            </button>
          </div>
          <label>
            Status
            <select value={statusFilter ?? ""} onChange={(e) => void setStatusFilter((e.target.value || null) as TaskStatus | null)} aria-label="Status filter">
              <option value="">{mode === "review" ? "done (to approve)" : "all"}</option>
              {TASK_STATUSES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          {batch && (
            <div className="progress-line" aria-label="Progress">
              <progress max={Math.max(1, batch.total)} value={finished} />
              <span>
                {finished}/{batch.total} finished · {batch.byStatus.approved} approved
              </span>
            </div>
          )}
          <form
            className="new-batch"
            onSubmit={(e) => {
              e.preventDefault();
              void createBatchFromFilter(`${newSplit || "all"} images`, newSplit || null, newModel || null);
            }}
          >
            <select value={newSplit} onChange={(e) => setNewSplit(e.target.value as Split | "")} aria-label="Split for a new batch">
              <option value="">all splits</option>
              {SPLITS.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
            <button type="submit">New batch</button>
          </form>
          {models.length > 0 && (
            <select value={newModel} onChange={(e) => setNewModel(e.target.value)} aria-label="Predictions for a new batch">
              <option value="">no predictions</option>
              {models.map((m) => (
                <option key={m.id} value={m.id}>
                  predictions of {m.name}
                </option>
              ))}
            </select>
          )}
        </div>
        {error && <p className="error">{error}</p>}
        <QueueList tasks={tasks} current={taskIndex} onPick={goToTask} />
      </aside>
      <section className="review-stage" aria-label="Image">
        {task ? <TaskCanvas project={project} task={task} history={history} /> : <p className="muted center">No task selected.</p>}
      </section>
      <aside className="review-side" aria-label="Task">
        {task && <TaskPanel task={task} mode={mode} total={tasks.length} index={taskIndex} />}
      </aside>
    </div>
  );
}
