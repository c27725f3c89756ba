import type { EvaluationDetail } from "../../src-preload/api";
import { confusionTable } from "./data";
import { ChartFrame } from "./ChartFrame";

/** The confusion matrix with its background row and column: rows are true classes, columns what the model said. */
export function ConfusionMatrix({ confusion, nameOf, confidence }: { confusion: EvaluationDetail["confusion"] | null; nameOf: (classId: number) => string; confidence: number | null }) {
  const t = confusion ? confusionTable(confusion, nameOf) : null;
  return (
    <ChartFrame
      title="Confusion matrix"
      subtitle={`Boxes paired at IoU ≥ 0.5${confidence !== null ? `, predictions ≥ ${confidence} confidence` : ""}; background = missed (column) or false (row)`}
      loading={!confusion}
      empty={t && t.labels.length <= 1 ? "No classes." : null}
      testId="confusion"
    >
      {t && (
        <div style={{ overflowX: "auto" }}>
          <table className="confusion" aria-label="Confusion matrix">
            <thead>
              <tr>
                <th className="axis-note">true ↓ / predicted →</th>
                {t.labels.map((l) => (
                  <th key={l} scope="col">{l}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {t.cells.map((row, r) => (
                <tr key={t.labels[r]}>
                  <th scope="row" className="row-head">{t.labels[r]}</th>
                  {row.map((cell, c) => {
                    const diagonal = r === c && r < t.labels.length - 1;
                    const alpha = t.max > 0 ? 0.12 + 0.78 * (cell.count / t.max) : 0;
                    const rgb = diagonal ? "89, 194, 122" : "255, 107, 107";
                    return (
                      <td
                        key={c}
                        title={`${t.labels[r]} → ${t.labels[c]}: ${cell.count}${t.rowTotals[r] ? ` (${Math.round(cell.rowShare * 100)}% of the row)` : ""}`}
                        style={{ background: cell.count > 0 ? `rgba(${rgb}, ${alpha.toFixed(2)})` : undefined }}
                      >
                        {cell.count}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </ChartFrame>
  );
}
