import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { epochSeries, type EpochPoint } from "./data";
import { ChartFrame } from "./ChartFrame";
import { AXIS_PROPS, CHART, pct, TOOLTIP_PROPS } from "./theme";

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
        <LineChart data={points as EpochPoint[]} margin={{ top: 8, right: 8, bottom: 22, left: 4 }}>
          <CartesianGrid stroke={CHART.grid} strokeDasharray="3 3" />
          <XAxis {...AXIS_PROPS} dataKey="epoch" type="number" domain={["dataMin", "dataMax"]} allowDecimals={false} label={{ value: "epoch", position: "insideBottom", offset: -12, fill: CHART.axis, fontSize: 11 }} />
          <YAxis {...AXIS_PROPS} yAxisId="loss" width={54} tickFormatter={pct} label={{ value: "loss", angle: -90, position: "insideLeft", fill: CHART.axis, fontSize: 11, dx: 4 }} />
          <YAxis {...AXIS_PROPS} yAxisId="metric" orientation="right" domain={[0, 1]} width={40} tickFormatter={pct} />
          <Tooltip {...TOOLTIP_PROPS} formatter={pct} labelFormatter={(v) => `epoch ${String(v)}`} />
          <Legend wrapperStyle={{ fontSize: 12, color: CHART.axis }} verticalAlign="top" height={24} />
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
