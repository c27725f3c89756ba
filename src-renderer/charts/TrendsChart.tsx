import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TrendRow } from "./data";
import { ChartFrame } from "./ChartFrame";
import { AXIS_PROPS, CHART, GRID_PROPS, LEGEND_PROPS, pct, PLOT_MARGIN, TOOLTIP_PROPS, xTitle, yTitle } from "./theme";

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
        <LineChart data={rows} margin={PLOT_MARGIN}>
          <CartesianGrid {...GRID_PROPS} />
          <XAxis {...AXIS_PROPS} dataKey="iteration" allowDecimals={false} label={xTitle("iteration")} />
          <YAxis {...AXIS_PROPS} domain={[0, 1]} tickFormatter={pct} width={56} label={yTitle("score (0–1)", { dy: 30 })} />
          <Tooltip {...TOOLTIP_PROPS} formatter={pct} labelFormatter={(v) => `iteration ${String(v)}`} />
          <Legend {...LEGEND_PROPS} />
          {SERIES.map((s) => (
            <Line key={s.key} dataKey={s.key} name={s.name} stroke={s.color} strokeWidth={2} dot={{ r: 2.5, fill: s.color, strokeWidth: 0 }} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
