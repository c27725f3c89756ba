import { IMAGE_STATUSES, SPLITS } from "../../../src-preload/api";
import { useLoupe } from "../../store/index";

/** The project in numbers: images per split and status, labels per class. */
export function ProjectCounts() {
  const status = useLoupe((s) => s.status);
  if (!status) return <p className="muted">Loading…</p>;
  return (
    <section className="project-counts" aria-label="Project counts">
      <div className="stats">
        <div className="stat">
          <span className="stat-value" data-testid="image-count">{status.imageCount}</span>
          <span className="stat-label">images</span>
        </div>
        <div className="stat">
          <span className="stat-value" data-testid="label-count">{status.labelCount}</span>
          <span className="stat-label">labels</span>
        </div>
        <div className="stat">
          <span className="stat-value">{status.project.classes.length}</span>
          <span className="stat-label">classes</span>
        </div>
      </div>
      <div className="dashboard-grid">
        <table className="table" aria-label="Images by split and status">
          <thead>
            <tr>
              <th>split</th>
              {IMAGE_STATUSES.map((s) => (
                <th key={s}>{s}</th>
              ))}
              <th>total</th>
            </tr>
          </thead>
          <tbody>
            {SPLITS.map((sp) => (
              <tr key={sp}>
                <td>{sp}</td>
                {IMAGE_STATUSES.map((st) => (
                  <td key={st}>{status.bySplitAndStatus[sp][st]}</td>
                ))}
                <td>{status.bySplit[sp]}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="table" aria-label="Labels by class">
          <thead>
            <tr>
              <th>class</th>
              <th>labels</th>
            </tr>
          </thead>
          <tbody>
            {status.labelsByClass.length === 0 && (
              <tr>
                <td colSpan={2} className="muted">
                  No classes yet.
                </td>
              </tr>
            )}
            {status.labelsByClass.map((c) => {
              const color = status.project.classes.find((k) => k.id === c.classId)?.color ?? "#888";
              return (
                <tr key={c.classId}>
                  <td>
                    <span className="swatch" style={{ background: color }} />
                    {c.name}
                  </td>
                  <td>{c.count}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
