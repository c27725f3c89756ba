import { useState, type FormEvent } from "react";
import { TRAINER_ADAPTERS, type TrainerAdapterName } from "../../../src-preload/api";
import { TrainingCurveChart } from "../../charts/TrainingCurveChart";
import { durationText } from "../../components/duration-text";
import { useLoupe } from "../../store/index";

/** Train a model by hand: trainer, steps/epochs, image size, warm start; live progress and curves, cancel. */
export function TrainPanel({ warmFrom }: { warmFrom: { id: string; name: string } | null }) {
  const [adapter, setAdapter] = useState<TrainerAdapterName>("builtin");
  const [steps, setSteps] = useState("");
  const [epochs, setEpochs] = useState("");
  const [imgsz, setImgsz] = useState("320");
  const [warm, setWarm] = useState(true);
  const [command, setCommand] = useState("");
  const jobId = useLoupe((s) => s.modelJobId);
  const job = useLoupe((s) => (s.modelJobId ? s.jobs[s.modelJobId] : undefined));
  const progress = useLoupe((s) => (s.modelJobId ? s.trainingProgress[s.modelJobId] : undefined));
  const curve = useLoupe((s) => (s.modelJobId ? s.trainingCurves[s.modelJobId] : undefined));
  const isTraining = job?.kind === "training";
  const running = isTraining && (job.state === "running" || job.state === "queued");

  const start = (e: FormEvent) => {
    e.preventDefault();
    const n = (v: string) => (v.trim() === "" ? undefined : Number(v));
    void useLoupe.getState().trainModel({
      adapter,
      ...(n(steps) !== undefined ? { steps: n(steps) } : {}),
      ...(n(epochs) !== undefined ? { epochs: n(epochs) } : {}),
      ...(n(imgsz) !== undefined ? { imgsz: n(imgsz) } : {}),
      ...(warm && warmFrom ? { initModelId: warmFrom.id } : {}),
      ...(adapter === "command" && command.trim() ? { command: command.trim() } : {}),
    });
  };
  return (
    <section className="card train-panel" aria-label="Train a model">
      <h2>Train</h2>
      <form className="inline-form" onSubmit={start}>
        <label>
          Trainer
          <select value={adapter} onChange={(e) => setAdapter(e.target.value as TrainerAdapterName)} aria-label="Trainer">
            {TRAINER_ADAPTERS.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label>
          Steps <span className="hint">(min.)</span>
          <input type="number" min={1} value={steps} onChange={(e) => setSteps(e.target.value)} placeholder={warm && warmFrom ? "200" : "1500"} name="steps" />
        </label>
        <label>
          Epochs <span className="hint">(min.)</span>
          <input type="number" min={1} value={epochs} onChange={(e) => setEpochs(e.target.value)} placeholder={warm && warmFrom ? "5" : "30"} name="epochs" />
        </label>
        <label>
          Image size (px)
          <input type="number" min={32} step={32} value={imgsz} onChange={(e) => setImgsz(e.target.value)} name="imgsz" />
        </label>
        {adapter === "command" && (
          <label className="grow">
            Command <span className="hint">({"{data} {out} {epochs} {imgsz} {init}"})</span>
            <input value={command} onChange={(e) => setCommand(e.target.value)} name="command" />
          </label>
        )}
        <label className="check-inline" title={warmFrom ? `Start from ${warmFrom.name}'s checkpoint` : "No model to start from"}>
          <input type="checkbox" checked={warm && warmFrom !== null} disabled={!warmFrom} onChange={(e) => setWarm(e.target.checked)} /> warm start
          {warmFrom ? ` from ${warmFrom.name}` : ""}
        </label>
        <button type="submit" disabled={running}>
          Start training
        </button>
      </form>
      {isTraining && (
        <div className="train-progress" aria-label="Training progress">
          <p className="muted small" data-testid="train-status">
            {job.title}: {job.state === "running" ? (progress ? `${progress.phase} · epoch ${progress.epochsDone}/${progress.epochs} · step ${progress.step}/${progress.steps}${progress.loss !== null ? ` · loss ${progress.loss.toFixed(3)}` : ""}${progress.etaSec !== null ? ` · about ${durationText(Math.ceil(progress.etaSec) * 1000)} left` : ""}` : job.phase) : job.state}
            {job.error ? ` — ${job.error.message}` : ""}
          </p>
          {running && <progress max={Math.max(1, progress?.steps ?? job.total)} value={progress?.step ?? job.done} />}
          {running && jobId && (
            <button type="button" onClick={() => void useLoupe.getState().cancelJob(jobId)}>
              Cancel training
            </button>
          )}
          <TrainingCurveChart points={curve ?? []} running={running} title="Training curves" />
        </div>
      )}
    </section>
  );
}
