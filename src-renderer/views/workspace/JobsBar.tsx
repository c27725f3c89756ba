import { useLoupe } from "../../store/index";
import { selectProjectJobs } from "../../store/selectors";
import { useShallow } from "zustand/react/shallow";

/** The open project's running and recently finished jobs with their progress; running ones can be cancelled. */
export function JobsBar() {
  const list = useLoupe(useShallow(selectProjectJobs));
  const { cancelJob, dismissJob } = useLoupe.getState();
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
          {j.state === "running" || j.state === "queued" ? (
            <button type="button" onClick={() => void cancelJob(j.id)}>
              Cancel
            </button>
          ) : (
            <button type="button" aria-label={`Dismiss ${j.title}`} onClick={() => dismissJob(j.id)}>
              ×
            </button>
          )}
        </div>
      ))}
    </footer>
  );
}
