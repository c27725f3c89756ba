import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { LabelEdit, LabelInfo, PredictionDecision, ProjectInfo, ReviewPrediction, ReviewTaskInfo } from "../../../src-preload/api";
import { imageUrl } from "../../store/media";
import { applyLabelEdits, errorMessage, getImage, reviewPredictions } from "../../store/requests";
import type { PersistInfo, SessionHistoryStore } from "../../canvas/doc-store";
import { ReviewStage, type ReviewStageHandle } from "../../canvas/konva/ReviewStage";
import { detectPlatform } from "../../canvas/konva/pointer";
import { fittedSize, preloadPreview } from "../../canvas/konva/image-cache";
import { FIT_PADDING_PX } from "../../canvas/doc-store";
import { CanvasToolbar } from "./CanvasToolbar";
import { loadKeymap } from "../../canvas/keymap/conflicts";
import { DEFAULT_KEYMAP } from "../../canvas/keymap/keymap";
import type { PredictionInput } from "../../canvas/model/doc";
import { asBoxId, predictionsOf } from "../../canvas/model/doc";
import { acceptImageCommand } from "../../canvas/model/commands";
import type { TaskEdit } from "../../store/slices/review-slice";
import { useLoupe } from "../../store/index";
import { selectKeymapOverrides, selectReviewScoreThreshold } from "../../store/selectors";
import { useElementSize } from "./useElementSize";

/** Canvas box ids of predictions are `p<stored id>`, so they never collide with label UUIDs. */
const predictionBoxId = (id: number): string => `p${id}`;
const storedPredictionId = (boxId: string): number | null => (/^p\d+$/.test(boxId) ? Number(boxId.slice(1)) : null);

function toPredictionInputs(predictions: ReviewPrediction[]): PredictionInput[] {
  return predictions
    .filter((p): p is ReviewPrediction & { classId: number } => p.classId !== null) // classes the project does not map are not shown
    .map((p) => ({ id: predictionBoxId(p.id), classId: p.classId, box: p.box, score: p.score, status: p.status, acceptedAs: p.acceptedAs }));
}

interface Loaded {
  imageId: number;
  labels: LabelInfo[];
  predictions: PredictionInput[];
  isEmpty: boolean;
}

/** Loads what the canvas needs for one image: its labels and, when the batch has a model, its predictions. */
async function loadTaskData(imageId: number, modelId: string | null): Promise<Loaded> {
  const [r, preds] = await Promise.all([getImage({ imageId }), modelId ? reviewPredictions({ modelId, imageId }) : Promise.resolve([])]);
  return { imageId, labels: r.labels, predictions: toPredictionInputs(preds), isEmpty: r.image.status === "empty" };
}

/** How many tasks ahead are prefetched (data and decoded image). */
const PREFETCH_AHEAD = 2;

/**
 * The Konva review canvas for the current task: loads the image's labels, mounts a fresh stage per image (sharing
 * the session's undo history), saves every committed edit through labels.applyEdits, and maps the review keys
 * (Enter, S, Shift+F, A/D) onto the queue.
 */
export function TaskCanvas({
  project,
  task,
  history,
  onHandle,
}: {
  project: ProjectInfo;
  task: ReviewTaskInfo;
  history: SessionHistoryStore;
  /** The stage's handle, for the side panel (objects, Done's counts). */
  onHandle?(handle: ReviewStageHandle): void;
}) {
  const [box, ref] = useElementSize<HTMLDivElement>();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  // Prefetched task data, used once: a task opened again is read fresh. `ready` holds what has arrived, so the
  // next task renders in the same frame as the key press.
  const prefetched = useRef(new Map<number, Promise<Loaded>>());
  const ready = useRef(new Map<number, Loaded>());
  const [error, setError] = useState<string | null>(null);
  const threshold = useLoupe(selectReviewScoreThreshold);
  const mode = useLoupe((s) => s.mode);
  const tasks = useLoupe((s) => s.tasks);
  const taskIndex = useLoupe((s) => s.taskIndex);
  const { goToTask, finishTask, decideTask, submitTask, reopenTask, holdApproval, openTaskOfImage } = useLoupe.getState();
  const approveWarningTaskId = useLoupe((s) => s.approveWarningTaskId);
  const drawsIssue = useLoupe((s) => s.mode === "review" && s.issuePin === "drawn");
  const issueDraft = useLoupe((s) => s.issueDraft);
  // What Enter stored with each task it finished: time on the task, the threshold, the comment.
  const finishing = useRef(new Map<number, { timeSpentMs: number; acceptAbove: number; comment: string }>());
  const modelId = useLoupe((s) => s.batches.find((b) => b.id === s.batchId)?.modelId ?? null);
  const pendingHistory = useRef<"undo" | "redo" | null>(null);
  const onHandleRef = useRef(onHandle);
  onHandleRef.current = onHandle;
  const [handle, setHandle] = useState<ReviewStageHandle | null>(null);
  const platform = detectPlatform(navigator);
  const overrides = useLoupe(selectKeymapOverrides);
  const keymap = useMemo(() => loadKeymap(DEFAULT_KEYMAP, overrides, platform).keymap, [overrides, platform]);

  useEffect(() => {
    let live = true;
    const imageId = task.image.id;
    const cache = prefetched.current;
    const arrived = ready.current.get(imageId);
    const pending = cache.get(imageId);
    cache.delete(imageId);
    ready.current.delete(imageId);
    if (arrived) {
      setLoaded(arrived); // already on screen through `ready`; keep it when `ready` forgets it
    } else {
      (pending ?? loadTaskData(imageId, modelId)).then(
        (data) => live && (setLoaded(data), setError(null)),
        (err: unknown) => live && setError(errorMessage(err)),
      );
    }
    // Prefetch the next tasks while the annotator works on this one.
    for (const next of tasks.slice(taskIndex + 1, taskIndex + 1 + PREFETCH_AHEAD)) {
      const nextId = next.image.id;
      if (!cache.has(nextId)) {
        const p = loadTaskData(nextId, modelId);
        cache.set(nextId, p);
        p.then((d) => cache.get(nextId) === p && ready.current.set(nextId, d), () => undefined);
      }
    }
    return () => {
      live = false;
    };
  }, [task.image.id, modelId]);

  // Decoded, fitted-size previews of the next images, remade when the stage changes size.
  const ahead = tasks.slice(taskIndex + 1, taskIndex + 1 + PREFETCH_AHEAD);
  const aheadKey = ahead.map((t) => t.image.id).join(",");
  useEffect(() => {
    if (box.width <= 0 || box.height <= 0) return;
    for (const next of ahead) {
      const size = fittedSize(next.image.width, next.image.height, box.width, box.height, FIT_PADDING_PX);
      void preloadPreview(imageUrl(project.id, next.image.id), size.width, size.height);
    }
    // `ahead` is identified by aheadKey
  }, [aheadKey, box.width, box.height, project.id]);

  const onReady = useCallback((h: ReviewStageHandle) => {
    setHandle(h);
    onHandleRef.current?.(h);
    const dir = pendingHistory.current;
    pendingHistory.current = null;
    if (dir) h.run(dir === "undo" ? "history.undo" : "history.redo");
  }, []);

  // Every committed edit, undo and redo: the label edits and the decisions on predictions, in one transaction.
  const persist = useCallback(
    async (edits: LabelEdit[], info: PersistInfo) => {
      const decisions: PredictionDecision[] = info.predictions.flatMap((u) => {
        const predictionId = storedPredictionId(u.predictionId);
        return predictionId === null ? [] : [{ predictionId, status: u.status, acceptedAs: u.acceptedAs }];
      });
      // an edit (or an undo reaching another image) makes prefetched data stale
      prefetched.current.delete(info.imageId);
      ready.current.delete(info.imageId);
      // Enter's edit goes with the task's status, in one transaction: done on do and redo, pending again on undo.
      const finishTag = /^finish:(\d+)$/.exec(info.tag ?? "");
      if (finishTag) {
        const taskId = Number(finishTag[1]);
        const edit: TaskEdit = { edits, predictionDecisions: modelId ? decisions : [] };
        if (info.kind === "undo") await reopenTask(taskId, edit);
        else await submitTask(taskId, edit, finishing.current.get(taskId) ?? { timeSpentMs: 0, acceptAbove: threshold, comment: "" });
        return;
      }
      if (edits.length === 0 && (decisions.length === 0 || !modelId)) return;
      await applyLabelEdits({ edits, ...(modelId && decisions.length ? { predictionDecisions: { modelId, decisions } } : {}) });
    },
    [modelId, threshold, submitTask, reopenTask],
  );

  // What the stage shows: the loaded data of this task, or the prefetched data that is already here.
  const data = loaded?.imageId === task.image.id ? loaded : (ready.current.get(task.image.id) ?? null);

  const review = {
    prevImage: () => goToTask(taskIndex - 1),
    nextImage: () => goToTask(taskIndex + 1),
    acceptAndNext: () => {
      const s = handle?.store.getState();
      if (mode === "review") {
        // Pending predictions on an image are a warning before approval: the first Enter holds, the second approves.
        const pending = s ? predictionsOf(s.doc).filter((p) => p.status === "pending").length : 0;
        if (pending > 0 && approveWarningTaskId !== task.id) return holdApproval(task.id);
        return void decideTask("approved", null, s?.flush());
      }
      const command = s ? acceptImageCommand(s.doc, s.scoreThreshold, () => asBoxId(crypto.randomUUID())) : null;
      // Nothing left to decide here: finish once this image's saves are stored (the server settles from them).
      if (!s || !command) return void finishTask("done", s?.flush());
      const { taskOpenedAt, commentDraft, setCommentDraft } = useLoupe.getState();
      finishing.current.set(task.id, { timeSpentMs: Date.now() - taskOpenedAt, acceptAbove: s.scoreThreshold, comment: commentDraft.trim() });
      setCommentDraft("");
      // Open the next image first: the accept-image edit then runs on a store no longer on screen (no extra
      // render), queued after this image's other saves, and stores the task's status with it.
      goToTask(taskIndex + 1);
      s.execute(command, { tag: `finish:${task.id}`, label: "Accept image" });
    },
    skip: () => void finishTask("skipped"),
    flag: () => void finishTask("flagged"),
    jumpTo: () => (document.querySelector<HTMLInputElement>("input[aria-label='Go to task number']")?.focus()),
    openImageForHistory: (imageId: number, direction: "undo" | "redo") => {
      // on another page of the queue too: Enter on a page's last task opened the next page
      pendingHistory.current = direction;
      void openTaskOfImage(imageId).then((shown) => {
        if (!shown) pendingHistory.current = null;
      });
    },
  };

  return (
    <div className="task-canvas-wrap">
      {handle && data && <CanvasToolbar handle={handle} platform={platform} keymap={keymap} />}
      <div className="task-canvas" ref={ref}>
        {error && <p className="error">{error}</p>}
        {data && box.width > 0 && box.height > 0 && (
          <ReviewStage
            imageId={task.image.id}
            imageUrl={imageUrl(project.id, task.image.id)}
            imageWidth={task.image.width}
            imageHeight={task.image.height}
            width={box.width}
            height={box.height}
            labels={data.labels}
            predictions={data.predictions}
            isEmpty={data.isEmpty}
            classes={project.classes}
            history={history}
            persist={persist}
            regionOfInterest={task.roi}
            issueRegion={issueDraft ?? (task.status === "rejected" || mode === "review" ? task.reviewRegion : null)}
            interceptDrawn={(rect) => drawsIssue && (useLoupe.getState().setIssueDraft(rect), true)}
            scoreThreshold={threshold}
            review={review}
            keymap={keymap}
            platform={platform}
            onReady={onReady}
            onError={setError}
          />
        )}
      </div>
    </div>
  );
}
