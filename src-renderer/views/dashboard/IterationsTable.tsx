import type { IterationInfo } from "../../../src-preload/api";
import { formatMetric } from "../../charts/data";

/** Every iteration in a row: where it is, what it cost, how it scored, what was decided. */
export function IterationsTable({ iterations }: { iterations: IterationInfo[] }) {
  if (iterations.length === 0) return null;
  return (
    <table className="metric-table iterations" aria-label="Iterations">
      <thead>
        <tr>
          <th>iteration</th>
          <th>state</th>
          <th>labels spent</th>
          <th>images labeled</th>
          <th>mAP50-95</th>
          <th>mAP50</th>
          <th>F1</th>
          <th>train F1</th>
          <th>decision</th>
        </tr>
      </thead>
      <tbody>
        {[...iterations]
          .sort((a, b) => b.number - a.number)
          .map((it) => (
            <tr key={it.number}>
              <td>
                {it.number}
                {it.dryRun ? " (dry)" : ""}
              </td>
              <td>{it.state}</td>
              <td>{it.metrics?.labelsSpent ?? "—"}</td>
              <td>{it.metrics?.imagesLabeled ?? "—"}</td>
              <td>{formatMetric(it.metrics?.mAP50_95)}</td>
              <td>{formatMetric(it.metrics?.mAP50)}</td>
              <td>{formatMetric(it.metrics?.f1)}</td>
              <td>{formatMetric(it.metrics?.trainF1)}</td>
              <td>{it.decision ? (it.decision.promoted ? "promoted" : "kept") + (it.decision.firedRules.length ? ` · ${it.decision.firedRules.map((r) => r.rule.replaceAll("_", " ")).join(", ")}` : "") : "—"}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}
