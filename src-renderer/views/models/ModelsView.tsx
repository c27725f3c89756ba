import { PathInput } from "../../components/PathInput";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { MODEL_LAYOUTS, type EvaluationReport, type ModelInfo, type ModelLayout, type ProjectInfo } from "../../../src-preload/api";
import { call, errorMessage } from "../../api/client";
import { useLoupe } from "../../store/index";

/** The project's models: add an ONNX file, check and fix its class mapping, predict, evaluate, choose hard examples. */
export function ModelsView({ project }: { project: ProjectInfo }) {
  const [models, setModels] = useState<ModelInfo[]>([]);
  const [path, setPath] = useState("");
  const [layout, setLayout] = useState<ModelLayout | "">("");
  const [message, setMessage] = useState<string | null>(null);
  const [evals, setEvals] = useState<Record<string, EvaluationReport>>({});
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useLoupe((s) => (jobId ? s.jobs[jobId] : undefined));
  const load = useCallback(() => {
    call("models", "list", {})
      .then(setModels)
      .catch((err: unknown) => setMessage(errorMessage(err)));
  }, []);
  useEffect(load, [load]);

  const guard = (work: Promise<unknown>) => work.catch((err: unknown) => setMessage(errorMessage(err)));
  const add = (e: FormEvent) => {
    e.preventDefault();
    void guard(call("models", "add", { path: path.trim(), ...(layout ? { layout } : {}) }).then(() => (setPath(""), setMessage(null), load())));
  };
  const mapClass = (m: ModelInfo, classIndex: number, value: string) => {
    const map: Record<string, number | null> = {};
    for (const c of m.classMapping) if (c.how === "explicit") map[String(c.modelIndex)] = c.classId;
    map[String(classIndex)] = value === "" ? null : Number(value);
    void guard(call("models", "setClassMap", { modelId: m.id, map }).then(load));
  };

  return (
    <div className="models-view">
      <form className="card inline-form" onSubmit={add} aria-label="Add a model">
        <label>
          Add an ONNX model (Ultralytics export or Loupe's own)
          <PathInput kind="file" extensions={["onnx"]} title="Add an ONNX model" value={path} onChange={setPath} placeholder="/path/to/best.onnx" name="modelPath" />
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
      {message && <p className="error">{message}</p>}
      {job && (
        <p className="muted">
          {job.title}: {job.state === "running" ? `${job.phase} ${job.done}/${job.total}` : job.state}
          {job.error ? ` — ${job.error.message}` : ""}
        </p>
      )}
      {models.length === 0 && <p className="muted">No models yet: add an ONNX file, or train one.</p>}
      {models.map((m) => {
        const ev = evals[m.id];
        return (
          <section key={m.id} className="card model" aria-label={`Model ${m.name}`}>
            <h2>
              {m.name} <span className="muted small">{m.id.slice(0, 8)}</span>
            </h2>
            <p className="muted">
              {m.layout} ({m.layoutReason}) · input {m.inputWidth}×{m.inputHeight} {m.inputType} · {m.classNames.length} classes
              {m.parentModelId ? ` · warm-started from ${m.parentModelId.slice(0, 8)}` : ""}
            </p>
            {!m.classesMatchProject && (
              <details open={m.unmatchedModelClasses.length > 0 && m.unmatchedModelClasses.length <= 20}>
                <summary>
                  The model's classes differ from the project's: {m.classMapping.filter((c) => c.classId !== null).length} mapped,{" "}
                  {m.unmatchedModelClasses.length} not mapped
                </summary>
                <table className="table mapping" aria-label={`Class mapping of ${m.name}`}>
                  <tbody>
                    {m.classMapping.map((c) => (
                      <tr key={c.modelIndex}>
                        <td>{c.modelName}</td>
                        <td>
                          <select value={c.classId ?? ""} onChange={(e) => mapClass(m, c.modelIndex, e.target.value)} aria-label={`Project class for ${c.modelName}`}>
                            <option value="">(not mapped)</option>
                            {project.classes.map((k) => (
                              <option key={k.id} value={k.id}>
                                {k.name}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td className="muted">{c.how ?? ""}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            )}
            <div className="actions">
              {(["val", "pool"] as const).map((split) => (
                <button key={split} type="button" onClick={() => void guard(call("inference", "run", { modelId: m.id, split, confThreshold: 0.001 }).then((j) => setJobId(j.id)))}>
                  Predict {split}
                </button>
              ))}
              <button type="button" onClick={() => void guard(call("evaluation", "run", { modelId: m.id, split: "val" }).then((r) => setEvals((x) => ({ ...x, [m.id]: r }))))}>
                Evaluate on val
              </button>
              <button
                type="button"
                onClick={() =>
                  void guard(
                    call("selection", "run", { modelId: m.id, budget: 20, batchName: `hard examples of ${m.name}` }).then((r) =>
                      setMessage(`chose ${r.chosen.length} of ${r.poolSize} pool images: review batch "${r.batch?.name ?? ""}"`),
                    ),
                  )
                }
              >
                Choose 20 hard examples
              </button>
            </div>
            {ev && (
              <p className="eval-line" aria-label={`Evaluation of ${m.name}`}>
                mAP50-95 {ev.coco.AP?.toFixed(3)} · mAP50 {ev.coco.AP50?.toFixed(3)} · VOC mAP50 {ev.vocMap50.toFixed(3)} · F1 {ev.prf.atOptimal.f1.toFixed(3)} at{" "}
                {ev.prf.atOptimal.confidence.toFixed(2)} · {ev.errors.fn.total} missed, {ev.errors.fp.total} false
              </p>
            )}
          </section>
        );
      })}
    </div>
  );
}
