import { useEffect, useMemo, useState } from "react";
import { SPLITS, TASK_STATUSES, type ProjectInfo, type Split, type TaskStatus } from "../../../src-preload/api";
import { createSessionHistory } from "../../canvas/doc-store";
import type { ReviewStageHandle } from "../../canvas/konva/ReviewStage";
import { useLoupe } from "../../store/index";
import { selectAnnotatorName } from "../../store/selectors";
import type { QueueOwner } from "../../store/slices/review-slice";
import { AssignPanel } from "./AssignPanel";
import { NamePrompt } from "./NamePrompt";
import { QueueList } from "./QueueList";
import { TaskCanvas } from "./TaskCanvas";
import { TaskPanel } from "./TaskPanel";
import "./review.css";

const ownerValue = (o: QueueOwner): string => (o.kind === "person" ? `person:${o.name}` : o.kind);
const ownerOf = (v: string): QueueOwner => (v.startsWith("person:") ? { kind: "person", name: v.slice(7) } : v === "unassigned" ? { kind: "unassigned" } : { kind: "all" });

/** The review workspace: the queue on the left, the image in the middle, the task, its objects and outcome on the right. */
export function ReviewView({ project }: { project: ProjectInfo }) {
  const batches = useLoupe((s) => s.batches);
  const batchId = useLoupe((s) => s.batchId);
  const mode = useLoupe((s) => s.mode);
  const statusFilter = useLoupe((s) => s.statusFilter);
  const queueOwner = useLoupe((s) => s.queueOwner);
  const tasks = useLoupe((s) => s.tasks);
  const taskIndex = useLoupe((s) => s.taskIndex);
  const tasksOffset = useLoupe((s) => s.tasksOffset);
  const tasksTotal = useLoupe((s) => s.tasksTotal);
  const error = useLoupe((s) => s.reviewError);
  const annotatorName = useLoupe(selectAnnotatorName);
  const settingsLoaded = useLoupe((s) => s.settings !== null);
  const { loadBatches, selectBatch, setMode, setStatusFilter, setQueueOwner, createBatchFromFilter, goToTask, goToQueuePosition } = useLoupe.getState();
  const [newSplit, setNewSplit] = useState<Split | "">("pool");
  const models = useLoupe((s) => s.modelList);
  const [newModel, setNewModel] = useState<string>("");
  const [handle, setHandle] = useState<ReviewStageHandle | null>(null);
  // One undo history per review session, shared by every image so undo crosses images.
  const history = useMemo(() => createSessionHistory(), []);

  useEffect(() => {
    void loadBatches();
  }, [loadBatches]);

  const batch = batches.find((b) => b.id === batchId) ?? null;
  const task = tasks[taskIndex] ?? null;
  const finished = batch ? batch.total - batch.byStatus.pending : 0;
  const people = batch ? batch.byAssignee.flatMap((p) => (p.assignee ? [p.assignee] : [])) : [];
  const hasUnassigned = batch?.byAssignee.some((p) => p.assignee === null) ?? false;

  return (
    <div className="review">
      {settingsLoaded && !annotatorName && <NamePrompt />}
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
          <div className="filter-row">
            <label>
              Status
              <select value={statusFilter ?? ""} onChange={(e) => void setStatusFilter((e.target.value || null) as TaskStatus | "all" | null)} aria-label="Status filter">
                <option value="">{mode === "review" ? "to approve" : "all"}</option>
                {mode === "review" && <option value="all">all</option>}
                {TASK_STATUSES.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </label>
            {(people.length > 0 || annotatorName) && (
              <label>
                Queue
                <select value={ownerValue(queueOwner)} onChange={(e) => void setQueueOwner(ownerOf(e.target.value))} aria-label="Whose tasks">
                  <option value="all">all</option>
                  {annotatorName && !people.includes(annotatorName) && <option value={`person:${annotatorName}`}>mine</option>}
                  {people.map((p) => (
                    <option key={p} value={`person:${p}`}>
                      {p === annotatorName ? "mine" : p}
                    </option>
                  ))}
                  {hasUnassigned && <option value="unassigned">nobody's</option>}
                </select>
              </label>
            )}
          </div>
          {batch && (
            <div className="progress-line" aria-label="Progress">
              <progress max={Math.max(1, batch.total)} value={finished} />
              <span>
                {finished}/{batch.total} finished · {batch.byStatus.approved} approved
              </span>
            </div>
          )}
          {batch && <AssignPanel batch={batch} />}
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
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <QueueList tasks={tasks} current={taskIndex} offset={tasksOffset} total={tasksTotal} onPick={goToTask} onJump={goToQueuePosition} />
      </aside>
      <section className="review-stage" aria-label="Image">
        {task ? <TaskCanvas project={project} task={task} history={history} onHandle={setHandle} /> : <p className="muted center">No task selected.</p>}
      </section>
      <aside className="review-side" aria-label="Task">
        {task && (
          <TaskPanel
            task={task}
            batch={batch}
            mode={mode}
            total={tasksTotal}
            index={tasksOffset + taskIndex}
            handle={handle && handle.store.getState().doc.imageId === task.image.id ? handle : null}
            classes={project.classes}
          />
        )}
      </aside>
    </div>
  );
}
