import { useEffect, useMemo, useState, type FormEvent } from "react";
import { MODEL_LAYOUTS, type ModelLayout, type ProjectInfo } from "../../../src-preload/api";
import { formatMetric } from "../../charts/data";
import { useLoupe } from "../../store/index";
import { lineageRows } from "./lineage";
import { ModelDetail } from "./ModelDetail";
import { TrainPanel } from "./TrainPanel";
import "./models.css";

/** The project's models as a lineage tree; the chosen one in detail; add an ONNX file; train one. */
export function ModelsView({ project }: { project: ProjectInfo }) {
  const models = useLoupe((s) => s.modelList);
  const loaded = useLoupe((s) => s.modelsLoaded);
  const error = useLoupe((s) => s.modelsError);
  const notice = useLoupe((s) => s.modelsNotice);
  const evaluations = useLoupe((s) => s.evaluations);
  const routeModel = useLoupe((s) => (s.route.view === "models" ? (s.route.params.model ?? null) : null));
  const rows = useMemo(() => lineageRows(models), [models]);
  const chosen = models.find((m) => m.id === routeModel) ?? models.find((m) => m.isBest) ?? models[0] ?? null;

  useEffect(() => {
    const s = useLoupe.getState();
    void s.loadModels();
    void s.loadEvaluations();
  }, []);

  const latest = (modelId: string) => evaluations.find((e) => e.modelId === modelId && e.split === "val") ?? null;
  return (
    <div className="models-view">
      <div className="models-top">
        <AddModelForm />
        <TrainPanel warmFrom={chosen ? { id: chosen.id, name: chosen.name } : null} />
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {notice && <p className="notice" role="status">{notice}</p>}
      {loaded && models.length === 0 && <p className="muted">No models yet: add an ONNX file, train one, or start the loop (its baseline trains one).</p>}
      {models.length > 0 && (
        <div className="models-split">
          <nav className="card lineage-list" aria-label="Models">
            <h2>Lineage</h2>
            <ul>
              {rows.map(({ model, depth }) => {
                const ev = latest(model.id);
                return (
                  <li key={model.id} style={{ paddingLeft: depth * 16 }}>
                    <button
                      type="button"
                      className={model.id === chosen?.id ? "model-row active" : "model-row"}
                      aria-current={model.id === chosen?.id ? "true" : undefined}
                      onClick={() => useLoupe.getState().showView("models", { model: model.id })}
                    >
                      <span className="model-name">
                        {depth > 0 ? "└ " : ""}
                        {model.name}
                      </span>
                      <span className="model-tags">
                        {model.isBest && <span className="badge best">best</span>}
                        {model.training?.iteration !== undefined && model.training.iteration !== null && <span className="badge">it. {model.training.iteration}</span>}
                        <span className="muted small">{ev ? `mAP ${formatMetric(ev.coco.AP)}` : "not evaluated"}</span>
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </nav>
          {chosen && <ModelDetail key={chosen.id} model={chosen} project={project} />}
        </div>
      )}
    </div>
  );
}

function AddModelForm() {
  const [path, setPath] = useState("");
  const [layout, setLayout] = useState<ModelLayout | "">("");
  const add = (e: FormEvent) => {
    e.preventDefault();
    void useLoupe.getState().addModel(path.trim(), layout || null).then((ok) => ok && setPath(""));
  };
  return (
    <form className="card inline-form add-model" onSubmit={add} aria-label="Add a model">
      <label className="grow">
        Add an ONNX model (Ultralytics export or Loupe's own)
        <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/best.onnx" name="modelPath" />
      </label>
      <label>
        Layout
        <select value={layout} onChange={(e) => setLayout(e.target.value as ModelLayout | "")} aria-label="Model layout">
          <option value="">detect</option>
          {MODEL_LAYOUTS.map((l) => (
            <option key={l}>{l}</option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={!path.trim()}>
        Add
      </button>
    </form>
  );
}
