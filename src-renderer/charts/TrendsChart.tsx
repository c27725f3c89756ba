import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TrendRow } from "./data";
import { ChartFrame } from "./ChartFrame";
import { AXIS_PROPS, CHART, pct, TOOLTIP_PROPS } from "./theme";

const SERIES = [
  { key: "precision", name: "precision", color: CHART.series[1] },
  { key: "recall", name: "recall", color: CHART.series[2] },
  { key: "f1", name: "F1", color: CHART.series[4] },
  { key: "mAP50_95", name: "mAP50-95", color: CHART.series[0] },
  { key: "mAP50", name: "mAP50", color: CHART.series[3] },
] as const;

/** Precision, recall, F1 and mAP per iteration (validation split). */
export function TrendsChart({ rows }: { rows: TrendRow[] }) {
  return (
    <ChartFrame
      title="Metrics per iteration"
      subtitle="Validation precision, recall, F1 (at the F1-optimal confidence) and mAP, 0–1"
      empty={rows.length === 0 ? "No evaluated iteration yet." : null}
      testId="trends-chart"
    >
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 22, left: 4 }}>
          <CartesianGrid stroke={CHART.grid} strokeDasharray="3 3" />
          <XAxis {...AXIS_PROPS} dataKey="iteration" allowDecimals={false} label={{ value: "iteration", position: "insideBottom", offset: -12, fill: CHART.axis, fontSize: 11 }} />
          <YAxis {...AXIS_PROPS} domain={[0, 1]} tickFormatter={pct} width={56} label={{ value: "score (0–1)", angle: -90, position: "insideLeft", fill: CHART.axis, fontSize: 11, dy: 30, dx: 4 }} />
          <Tooltip {...TOOLTIP_PROPS} formatter={pct} labelFormatter={(v) => `iteration ${String(v)}`} />
          <Legend wrapperStyle={{ fontSize: 12, color: CHART.axis }} verticalAlign="top" height={24} />
          {SERIES.map((s) => (
            <Line key={s.key} dataKey={s.key} name={s.name} stroke={s.color} strokeWidth={2} dot={{ r: 2.5, fill: s.color, strokeWidth: 0 }} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
