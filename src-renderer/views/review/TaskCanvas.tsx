import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { LabelEdit, LabelInfo, PredictionDecision, ProjectInfo, ReviewPrediction, ReviewTaskInfo } from "../../../src-preload/api";
import { call, errorMessage, imageUrl } from "../../api/client";
import type { PersistInfo, SessionHistoryStore } from "../../canvas/doc-store";
import { ReviewStage, type ReviewStageHandle } from "../../canvas/konva/ReviewStage";
import { detectPlatform } from "../../canvas/konva/pointer";
import { CanvasToolbar } from "./CanvasToolbar";
import { loadKeymap } from "../../canvas/keymap/conflicts";
import { DEFAULT_KEYMAP } from "../../canvas/keymap/keymap";
import type { PredictionInput } from "../../canvas/model/doc";
import { useLoupe } from "../../store/index";
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

/**
 * The Konva review canvas for the current task: loads the image's labels, mounts a fresh stage per image (sharing
 * the session's undo history), saves every committed edit through labels.applyEdits, and maps the review keys
 * (Enter, S, Shift+F, A/D) onto the queue.
 */
export function TaskCanvas({ project, task, history }: { project: ProjectInfo; task: ReviewTaskInfo; history: SessionHistoryStore }) {
  const [box, ref] = useElementSize<HTMLDivElement>();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const threshold = useLoupe((s) => s.reviewScoreThreshold);
  const mode = useLoupe((s) => s.mode);
  const tasks = useLoupe((s) => s.tasks);
  const taskIndex = useLoupe((s) => s.taskIndex);
  const { goToTask, finishTask, decideTask } = useLoupe.getState();
  const modelId = useLoupe((s) => s.batches.find((b) => b.id === s.batchId)?.modelId ?? null);
  const pendingHistory = useRef<"undo" | "redo" | null>(null);
  const [handle, setHandle] = useState<ReviewStageHandle | null>(null);
  const platform = detectPlatform(navigator);
  const overrides = useLoupe((s) => s.keymapOverrides);
  const keymap = useMemo(() => loadKeymap(DEFAULT_KEYMAP, overrides, platform).keymap, [overrides, platform]);

  useEffect(() => {
    let live = true;
    setLoaded(null);
    const imageId = task.image.id;
    Promise.all([call("images", "get", { imageId }), modelId ? call("review", "predictions", { modelId, imageId }) : Promise.resolve([])])
      .then(([r, preds]) => live && setLoaded({ imageId, labels: r.labels, predictions: toPredictionInputs(preds), isEmpty: r.image.status === "empty" }))
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [task.image.id, modelId]);

  const onReady = useCallback((h: ReviewStageHandle) => {
    setHandle(h);
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
      if (edits.length === 0 && (decisions.length === 0 || !modelId)) return;
      await call("labels", "applyEdits", { edits, ...(modelId && decisions.length ? { predictionDecisions: { modelId, decisions } } : {}) });
    },
    [modelId],
  );

  const review = {
    prevImage: () => goToTask(taskIndex - 1),
    nextImage: () => goToTask(taskIndex + 1),
    acceptAndNext: () => void (mode === "review" ? decideTask("approved") : finishTask("done")),
    skip: () => void finishTask("skipped"),
    flag: () => void finishTask("flagged"),
    jumpTo: () => (document.querySelector<HTMLInputElement>("input[aria-label='Go to task number']")?.focus()),
    openImageForHistory: (imageId: number, direction: "undo" | "redo") => {
      const index = tasks.findIndex((t) => t.image.id === imageId);
      if (index < 0) return;
      pendingHistory.current = direction;
      goToTask(index);
    },
  };

  return (
    <div className="task-canvas-wrap">
      {handle && loaded?.imageId === task.image.id && <CanvasToolbar handle={handle} platform={platform} keymap={keymap} />}
      <div className="task-canvas" ref={ref}>
        {error && <p className="error">{error}</p>}
        {loaded && loaded.imageId === task.image.id && box.width > 0 && box.height > 0 && (
          <ReviewStage
            key={task.image.id}
            imageId={task.image.id}
            imageUrl={imageUrl(project.id, task.image.id)}
            imageWidth={task.image.width}
            imageHeight={task.image.height}
            width={box.width}
            height={box.height}
            labels={loaded.labels}
            predictions={loaded.predictions}
            isEmpty={loaded.isEmpty}
            classes={project.classes}
            history={history}
            persist={persist}
            regionOfInterest={task.roi}
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
