import { useLoupe } from "../../store/index";
import { call } from "../../api/client";

/** Running and recently finished jobs with their progress; running ones can be cancelled. */
export function JobsBar() {
  const jobs = useLoupe((s) => s.jobs);
  const list = Object.values(jobs)
    .sort((a, b) => b.startedAt - a.startedAt)
    .slice(0, 3);
  if (list.length === 0) return null;
  return (
    <footer className="jobs" aria-label="Jobs">
      {list.map((j) => (
        <div key={j.id} className={`job ${j.state}`}>
          <span className="job-title">{j.title}</span>
          <span className="job-phase">{j.state === "running" ? j.phase : j.state}</span>
          <progress max={Math.max(1, j.total)} value={j.done} />
          <span className="job-count">
            {j.done}/{j.total}
            {j.ratePerSec ? ` · ${j.ratePerSec.toFixed(1)}/s` : ""}
          </span>
          {j.error && <span className="error">{j.error.message}</span>}
          {j.state === "running" && (
            <button type="button" onClick={() => void call("jobs", "cancel", { jobId: j.id })}>
              Cancel
            </button>
          )}
        </div>
      ))}
    </footer>
  );
}
