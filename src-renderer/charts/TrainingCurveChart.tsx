import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { epochSeries, type EpochPoint } from "./data";
import { ChartFrame } from "./ChartFrame";
import { AXIS_PROPS, CHART, GRID_PROPS, LEGEND_PROPS, pct, PLOT_MARGIN, TOOLTIP_PROPS, xTitle, yTitle } from "./theme";

/** Losses (left axis) and validation metrics (right axis, 0–1) per epoch of the training run in progress. */
export function TrainingCurveChart({ points, title = "Training", running }: { points: readonly EpochPoint[]; title?: string; running: boolean }) {
  const { losses, metrics } = epochSeries(points);
  return (
    <ChartFrame
      title={title}
      subtitle="Loss per epoch (left) and the trainer's validation metrics (right, 0–1)"
      empty={points.length === 0 ? (running ? "Training started: the first point appears when an epoch ends." : "Shown while a training step runs.") : null}
      testId="training-chart"
    >
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={points as EpochPoint[]} margin={{ ...PLOT_MARGIN, right: 8 }}>
          <CartesianGrid {...GRID_PROPS} />
          <XAxis {...AXIS_PROPS} dataKey="epoch" type="number" domain={["dataMin", "dataMax"]} allowDecimals={false} label={xTitle("epoch")} />
          <YAxis {...AXIS_PROPS} yAxisId="loss" width={54} tickFormatter={pct} label={yTitle("loss")} />
          <YAxis {...AXIS_PROPS} yAxisId="metric" orientation="right" domain={[0, 1]} width={40} tickFormatter={pct} />
          <Tooltip {...TOOLTIP_PROPS} formatter={pct} labelFormatter={(v) => `epoch ${String(v)}`} />
          <Legend {...LEGEND_PROPS} />
          {losses.map((k, i) => (
            <Line key={k} yAxisId="loss" dataKey={k} name={k.replaceAll("_", " ")} stroke={CHART.series[(i + 5) % CHART.series.length]} strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
          ))}
          {metrics.map((k, i) => (
            <Line key={k} yAxisId="metric" dataKey={k} name={k} stroke={CHART.series[i % CHART.series.length]} strokeWidth={2} strokeDasharray="5 3" dot={false} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
