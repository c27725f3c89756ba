import { useEffect, useMemo, useState } from "react";
import type { ErrorItemFilter, ErrorItemInfo, ErrorKind, ProjectInfo } from "../../../src-preload/api";
import { classColors } from "../../canvas/konva/colors";
import { useLoupe } from "../../store/index";
import { cropUrl } from "../../store/media";
import { intParam } from "../../store/route";
import "./errors.css";

/**
 * An evaluation's missed (FN) and false (FP) boxes as a grid of crops, filtered by kind, category, class and
 * confidence; a crop opens its image in Review framed on the error; the filtered images can become a review batch.
 */
export function ErrorsView({ project }: { project: ProjectInfo }) {
  const evaluations = useLoupe((s) => s.evaluations);
  const grid = useLoupe((s) => s.errorGrid);
  const error = useLoupe((s) => s.evaluationsError);
  const models = useLoupe((s) => s.modelList);
  const routeEval = useLoupe((s) => intParam(s.route, "evaluation"));
  const withReport = evaluations.filter((e) => e.hasErrorReport);
  const evaluation = withReport.find((e) => e.id === routeEval) ?? withReport[0] ?? null;
  const [kind, setKind] = useState<ErrorKind | "">("");
  const [category, setCategory] = useState("");
  const [classId, setClassId] = useState("");
  const [minScore, setMinScore] = useState("");
  const [maxScore, setMaxScore] = useState("");
  const colorOf = useMemo(() => classColors(project.classes), [project.classes]);

  useEffect(() => {
    const s = useLoupe.getState();
    void s.loadEvaluations();
    void s.loadModels();
  }, []);
  const filter = useMemo<ErrorItemFilter>(() => {
    const f: ErrorItemFilter = {};
    if (kind) f.kind = kind;
    if (category) f.category = category;
    if (classId) f.classId = Number(classId);
    if (minScore.trim() !== "" && Number.isFinite(Number(minScore))) f.minScore = Math.min(1, Math.max(0, Number(minScore)));
    if (maxScore.trim() !== "" && Number.isFinite(Number(maxScore))) f.maxScore = Math.min(1, Math.max(0, Number(maxScore)));
    return f;
  }, [kind, category, classId, minScore, maxScore]);
  const evaluationId = evaluation?.id ?? null;
  useEffect(() => {
    if (evaluationId !== null) void useLoupe.getState().loadErrors(evaluationId, filter);
  }, [evaluationId, filter]);

  if (evaluations.length > 0 && !evaluation) return <p className="muted">No evaluation has an error report yet: evaluate a model in Models (its crops are written with it).</p>;
  if (!evaluation) return <p className="muted">{error ?? "No evaluations yet: evaluate a model in Models, or let the loop run an iteration."}</p>;
  const modelName = (id: string) => models.find((m) => m.id === id)?.name ?? id.slice(0, 8);
  const facets = (grid?.categories ?? []).filter((c) => !kind || c.kind === kind);
  const { showView, openErrorInReview, sendErrorsToReview, openReview } = useLoupe.getState();
  const open = async (item: ErrorItemInfo) => {
    const batchId = await openErrorInReview(item);
    if (batchId !== null) await openReview(batchId);
  };
  const sendAll = async () => {
    const what = [kind === "fn" ? "missed" : kind === "fp" ? "false" : "errors", category.replaceAll("_", " ")].filter(Boolean).join(" ");
    const batchId = await sendErrorsToReview(`${what} of ${modelName(evaluation.modelId)} (evaluation ${evaluation.id})`);
    if (batchId !== null) await openReview(batchId);
  };

  return (
    <div className="errors-view">
      <div className="toolbar errors-filter" role="search" aria-label="Filter errors">
        <label>
          Evaluation
          <select value={evaluation.id} onChange={(e) => showView("errors", { evaluation: e.target.value })} aria-label="Evaluation">
            {withReport.map((e) => (
              <option key={e.id} value={e.id}>
                {e.id}: {modelName(e.modelId)} on {e.split}
                {e.iteration !== null ? `, iteration ${e.iteration}` : ""} ({e.errors.fn.total} missed, {e.errors.fp.total} false)
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind
          <select value={kind} onChange={(e) => (setKind(e.target.value as ErrorKind | ""), setCategory(""))} aria-label="Kind">
            <option value="">missed and false</option>
            <option value="fn">missed (FN)</option>
            <option value="fp">false (FP)</option>
          </select>
        </label>
        <label>
          Category
          <select value={category} onChange={(e) => setCategory(e.target.value)} aria-label="Category">
            <option value="">any</option>
            {facets.map((c) => (
              <option key={`${c.kind}:${c.category}`} value={c.category}>
                {kind ? "" : `${c.kind}: `}
                {c.category.replaceAll("_", " ")} ({c.count})
              </option>
            ))}
          </select>
        </label>
        <label>
          Class
          <select value={classId} onChange={(e) => setClassId(e.target.value)} aria-label="Class">
            <option value="">any</option>
            {project.classes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="score">
          Confidence from
          <input type="number" min={0} max={1} step={0.05} value={minScore} onChange={(e) => setMinScore(e.target.value)} placeholder="0" aria-label="Confidence from" />
        </label>
        <label className="score">
          to
          <input type="number" min={0} max={1} step={0.05} value={maxScore} onChange={(e) => setMaxScore(e.target.value)} placeholder="1" aria-label="Confidence to" />
        </label>
        <button type="button" disabled={!grid || grid.total === 0} onClick={() => void sendAll()}>
          Send these to review
        </button>
      </div>
      <p className="muted small" data-testid="errors-count">
        {grid?.loading ? "Loading…" : `${grid?.total ?? 0} errors${grid && grid.items.length < grid.total ? `, the first ${grid.items.length} shown` : ""}`}
        {" · missed boxes show the ground truth, false ones the prediction; score = the prediction's confidence (missed: the closest same-class one)"}
      </p>
      {error && <p className="error">{error}</p>}
      <ul className="crop-grid" aria-label="Error crops">
        {(grid?.items ?? []).map((i) => (
          <li key={`${i.kind}${i.index}`}>
            <button type="button" className={`crop ${i.kind}`} style={{ borderColor: colorOf(i.classId) }} onClick={() => void open(i)} title={`${i.fileName}: open in Review`} data-image-id={i.imageId}>
              {i.hasCrop ? <img src={cropUrl(project.id, evaluation.id, i.kind, i.index)} alt={`${i.kind === "fn" ? "missed" : "false"} ${i.className} in ${i.fileName}`} loading="lazy" decoding="async" /> : <span className="no-crop">no crop</span>}
              <span className="crop-caption">
                <span className={`kind-tag ${i.kind}`}>{i.kind === "fn" ? "missed" : "false"}</span> {i.className} · {i.category.replaceAll("_", " ")}
                {i.score !== null ? ` · ${i.score.toFixed(2)}` : ""}
              </span>
              <span className="crop-file">{i.fileName}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
