import type { EvaluationSummary } from "../../src-preload/api";
import { compareEvaluations, formatMetric } from "./data";

/** A model's evaluation beside the best model's, metric by metric, with the difference. */
export function CompareTable({ candidate, best, candidateName, bestName }: { candidate: EvaluationSummary | null; best: EvaluationSummary | null; candidateName: string; bestName: string }) {
  const rows = compareEvaluations(candidate, best);
  return (
    <table className="metric-table" aria-label="Candidate and best side by side">
      <thead>
        <tr>
          <th>metric</th>
          <th>{candidateName}</th>
          <th>{bestName}</th>
          <th>difference</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.metric}>
            <td>{r.metric}</td>
            <td>{formatMetric(r.candidate)}</td>
            <td>{formatMetric(r.best)}</td>
            <td className={r.delta === null ? "" : r.delta > 0 ? "delta up" : r.delta < 0 ? "delta down" : ""}>
              {r.delta === null ? "—" : `${r.delta > 0 ? "+" : ""}${r.delta.toFixed(3)}`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
