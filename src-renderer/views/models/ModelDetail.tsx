import { useEffect, useMemo, useState } from "react";
import type { EvaluationSummary, ModelInfo, ProjectInfo } from "../../../src-preload/api";
import { CompareTable } from "../../charts/CompareTable";
import { ConfusionMatrix } from "../../charts/ConfusionMatrix";
import { formatMetric } from "../../charts/data";
import { PerClassTable } from "../../charts/PerClassTable";
import { PrCurveChart } from "../../charts/PrCurveChart";
import { classColors, classNames } from "../../canvas/konva/colors";
import { useLoupe } from "../../store/index";
import { ClassMapping } from "./ClassMapping";
import { PromoteButton } from "./PromoteButton";

/** One model: lineage, actions, its stored evaluations, and for the chosen one the curves, confusion and per-class table. */
export function ModelDetail({ model, project }: { model: ModelInfo; project: ProjectInfo }) {
  const all = useLoupe((s) => s.evaluations);
  const models = useLoupe((s) => s.modelList);
  const evals = useMemo(() => all.filter((e) => e.modelId === model.id), [all, model.id]);
  const [evalId, setEvalId] = useState<number | null>(null);
  const chosen = evals.find((e) => e.id === evalId) ?? evals.find((e) => e.split === "val") ?? evals[0] ?? null;
  const detail = useLoupe((s) => (chosen ? s.evaluationDetails[chosen.id] : undefined));
  const best = models.find((m) => m.isBest) ?? null;
  const bestEval = best && best.id !== model.id && chosen ? (all.find((e) => e.modelId === best.id && e.split === chosen.split) ?? null) : null;
  const nameOf = useMemo(() => classNames(project.classes), [project.classes]);
  const colorOf = useMemo(() => classColors(project.classes), [project.classes]);
  const parent = models.find((m) => m.id === model.parentModelId) ?? null;
  const { predictSplit, evaluateModel, chooseHardExamples, showView } = useLoupe.getState();

  useEffect(() => {
    if (chosen) void useLoupe.getState().loadEvaluationDetail(chosen.id);
  }, [chosen]);

  return (
    <section className="card model-detail" aria-label={`Model ${model.name}`}>
      <header className="model-head">
        <div>
          <h2>
            {model.name} {model.isBest && <span className="badge best">best</span>}
          </h2>
          <p className="muted small">
            {model.layout} ({model.layoutReason}) · input {model.inputWidth}×{model.inputHeight} {model.inputType} · {model.classNames.length} classes · {model.id.slice(0, 8)}
          </p>
        </div>
        <div className="actions">
          <button type="button" onClick={() => void predictSplit(model.id, "val")}>Predict val</button>
          <button type="button" onClick={() => void predictSplit(model.id, "pool")}>Predict pool</button>
          <button type="button" onClick={() => void evaluateModel(model.id, "val").then((id) => id !== null && setEvalId(id))}>Evaluate on val</button>
          <button type="button" onClick={() => void chooseHardExamples(model.id, 20, `hard examples of ${model.name}`)}>Choose 20 hard examples</button>
          <PromoteButton model={model} />
        </div>
      </header>
      <dl className="lineage" aria-label="Lineage">
        <div>
          <dt>parent</dt>
          <dd>{parent ? parent.name : model.parentModelId ? model.parentModelId.slice(0, 8) : "—"}</dd>
        </div>
        <div>
          <dt>iteration</dt>
          <dd>{model.training?.iteration ?? "—"}</dd>
        </div>
        <div>
          <dt>trainer</dt>
          <dd>{model.training ? `${model.training.adapter}, ${model.training.epochs} epochs at ${model.training.imgsz} px, ${Math.round(model.training.seconds)} s` : "added ONNX file"}</dd>
        </div>
        <div>
          <dt>trained on</dt>
          <dd>{model.training ? `${model.training.trainImages} images, ${model.training.labelCount} labels (val ${model.training.valImages})` : "—"}</dd>
        </div>
        <div className="wide">
          <dt>dataset manifest</dt>
          <dd className="path">{model.training?.datasetManifest ?? "—"}</dd>
        </div>
      </dl>
      {!model.classesMatchProject && <ClassMapping model={model} project={project} />}
      <h3 className="section-title">Evaluations</h3>
      {evals.length === 0 ? (
        <p className="muted">Not evaluated yet: predict the val split, then Evaluate on val. Every evaluation is stored with its curves.</p>
      ) : (
        <table className="metric-table evals" aria-label={`Evaluations of ${model.name}`}>
          <thead>
            <tr>
              <th>when</th>
              <th>split</th>
              <th>iteration</th>
              <th>images</th>
              <th>mAP50-95</th>
              <th>mAP50</th>
              <th>F1</th>
              <th>missed</th>
              <th>false</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {evals.map((e) => (
              <EvaluationRow key={e.id} e={e} chosen={e.id === chosen?.id} onChoose={() => setEvalId(e.id)} onErrors={() => showView("errors", { evaluation: String(e.id) })} />
            ))}
          </tbody>
        </table>
      )}
      {chosen && (
        <div className="eval-detail">
          <div className="chart-grid">
            <PrCurveChart curves={detail?.prCurves ?? null} nameOf={nameOf} colorOf={colorOf} title={`Precision–recall, evaluation ${chosen.id}`} />
            <ConfusionMatrix confusion={detail?.confusion ?? null} nameOf={nameOf} confidence={chosen.confidence} />
          </div>
          <div className="chart-grid">
            <div className="card">
              <h3 className="chart-title">Per class</h3>
              <PerClassTable evaluation={chosen} colorOf={colorOf} />
            </div>
            <div className="card">
              <h3 className="chart-title">Against the best model</h3>
              {best && best.id !== model.id ? (
                bestEval ? (
                  <CompareTable candidate={chosen} best={bestEval} candidateName={model.name} bestName={best.name} />
                ) : (
                  <p className="muted">{best.name} has no evaluation on {chosen.split} to compare with.</p>
                )
              ) : (
                <p className="muted">{model.isBest ? "This is the best model." : "No best model yet."}</p>
              )}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}

function EvaluationRow({ e, chosen, onChoose, onErrors }: { e: EvaluationSummary; chosen: boolean; onChoose(): void; onErrors(): void }) {
  return (
    <tr className={chosen ? "chosen" : undefined} aria-selected={chosen}>
      <td>
        <button type="button" className="link small" onClick={onChoose}>
          {new Date(e.createdAt).toLocaleString()}
        </button>
      </td>
      <td>{e.split}</td>
      <td>{e.iteration ?? "—"}</td>
      <td>{e.imageCount}</td>
      <td>{formatMetric(e.coco.AP)}</td>
      <td>{formatMetric(e.coco.AP50)}</td>
      <td>{formatMetric(e.prf?.atOptimal.f1)}</td>
      <td>{e.errors.fn.total}</td>
      <td>{e.errors.fp.total}</td>
      <td>
        {e.hasErrorReport && (
          <button type="button" onClick={onErrors}>
            Errors
          </button>
        )}
      </td>
    </tr>
  );
}
