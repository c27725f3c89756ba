import type { EvaluationSummary } from "../../src-preload/api";
import { formatMetric } from "./data";

/** AP, AP50, precision, recall and F1 per class (at the F1-optimal confidence), with each class's colour swatch. */
export function PerClassTable({ evaluation, colorOf }: { evaluation: EvaluationSummary; colorOf: (classId: number) => string }) {
  return (
    <table className="metric-table" aria-label="Per-class metrics">
      <thead>
        <tr>
          <th>class</th>
          <th>GT boxes</th>
          <th>AP50-95</th>
          <th>AP50</th>
          <th>precision</th>
          <th>recall</th>
          <th>F1</th>
        </tr>
      </thead>
      <tbody>
        {evaluation.perClass.map((c) => (
          <tr key={c.classId}>
            <td>
              <span className="swatch" style={{ background: colorOf(c.classId) }} />
              {c.name}
            </td>
            <td>{c.gtCount}</td>
            <td>{formatMetric(c.ap)}</td>
            <td>{formatMetric(c.ap50)}</td>
            <td>{formatMetric(c.atOptimal.precision)}</td>
            <td>{formatMetric(c.atOptimal.recall)}</td>
            <td>{formatMetric(c.atOptimal.f1)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
