import { useState } from "react";
import { LOOP_STEPS, type LoopStatusInfo, type LoopStep } from "../../../src-preload/api";
import { useLoupe } from "../../store/index";

const STATUS_WORDS: Record<LoopStatusInfo["status"], string> = {
  idle: "Not started",
  running: "Running",
  waiting: "Waiting",
  stopping: "Stopping…",
  stopped: "Stopped",
  converged: "Converged",
  failed: "Failed",
};

/** Where the loop is (iteration, step, what it waits for) and the buttons that drive it. */
export function LoopPanel() {
  const loop = useLoupe((s) => s.loop);
  const progress = useLoupe((s) => s.loopProgress);
  const busy = useLoupe((s) => s.loopBusy);
  const error = useLoupe((s) => s.loopError);
  // Unless the user ticks or unticks it, a resume keeps the loop's own dry-run setting.
  const [dryRunChoice, setDryRun] = useState<boolean | null>(null);
  if (!loop) return <section className="card loop-panel">{error ? <p className="error">{error}</p> : <p className="muted">Loading the loop…</p>}</section>;
  const dryRun = dryRunChoice ?? loop.dryRun;
  const { startLoop, pauseLoop, stopLoop, resumeLoop, openReview } = useLoupe.getState();
  const canStart = loop.status === "idle";
  // A converged loop stays converged (raise convergence.maxIterations or the target in the configuration to go on).
  const canResume = !canStart && (loop.status === "stopped" || loop.status === "waiting" || loop.status === "failed");
  const running = loop.status === "running";
  const showProgress = running && progress && progress.iteration === loop.iteration && progress.step === loop.step && progress.total > 0;
  return (
    <section className="card loop-panel" aria-label="Loop">
      <div className="loop-head">
        <span className={`loop-status status-${loop.status}`} data-testid="loop-status">
          {STATUS_WORDS[loop.status]}
          {loop.pauseRequested && running ? " · pausing after this step" : ""}
          {loop.dryRun ? " · dry run" : ""}
        </span>
        <span className="loop-where" data-testid="loop-where">
          {loop.iteration === null ? "no iteration yet" : `iteration ${loop.iteration}${loop.step && loop.step !== "done" ? ` · ${loop.step}` : loop.step === "done" ? " · done" : ""}`}
          {` · ${loop.iterationsDone} done`}
        </span>
      </div>
      <StepStrip current={loop.step} status={loop.status} />
      {loop.waitingFor && (
        <div className="loop-wait" role="status" data-testid="loop-wait">
          <span>
            Waiting for people: {loop.waitingFor.message}
            {loop.waitingFor.approval ? " (approval on)" : ""}
          </span>
          <button type="button" onClick={() => void openReview(loop.waitingFor!.batchId)}>
            Open Review
          </button>
        </div>
      )}
      {showProgress && (
        <div className="loop-progress">
          <span className="muted small">
            {progress.phase} {progress.done}/{progress.total}
          </span>
          <progress max={progress.total} value={progress.done} />
        </div>
      )}
      {loop.reason && !loop.waitingFor && <p className={loop.status === "failed" ? "error" : "muted"}>{loop.reason}</p>}
      {loop.locked && !running && <p className="muted small">Held by {loop.lockedBy ?? "another process"}.</p>}
      {error && <p className="error">{error}</p>}
      <div className="actions loop-actions">
        {canStart && (
          <button type="button" className="primary" disabled={busy} onClick={() => void startLoop(dryRun)}>
            {dryRun ? "Start dry run" : "Start the loop"}
          </button>
        )}
        {canResume && (
          <button type="button" className="primary" disabled={busy} onClick={() => void resumeLoop(dryRun)}>
            {dryRun ? "Resume as dry run" : "Resume"}
          </button>
        )}
        {running && (
          <button type="button" disabled={busy || loop.pauseRequested} onClick={() => void pauseLoop()}>
            Pause at the next step
          </button>
        )}
        {running && (
          <button type="button" className="danger" disabled={busy} onClick={() => void stopLoop()}>
            Stop
          </button>
        )}
        {loop.status === "waiting" && (
          <button type="button" disabled={busy} onClick={() => void stopLoop()} title="The loop no longer goes on by itself when the batch is done; Resume goes on">
            Stop waiting
          </button>
        )}
        {(canStart || canResume) && (
          <label className="check-inline" title="Every step but training: the current model stands in as the candidate">
            <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} /> dry run
          </label>
        )}
      </div>
    </section>
  );
}

function StepStrip({ current, status }: { current: LoopStep | "done" | null; status: LoopStatusInfo["status"] }) {
  const at = current === null || current === "done" ? -1 : LOOP_STEPS.indexOf(current);
  return (
    <ol className="step-strip" aria-label="Steps of the iteration">
      {LOOP_STEPS.map((step, i) => (
        <li key={step} className={i === at ? `step current ${status}` : i < at ? "step past" : "step"} aria-current={i === at ? "step" : undefined}>
          {step}
        </li>
      ))}
    </ol>
  );
}
