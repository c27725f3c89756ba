import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { simulationBands, type SimulationResults } from "./data";
import { ChartFrame } from "./ChartFrame";
import { AXIS_PROPS, CHART, GRID_PROPS, LEGEND_PROPS, pct, PLOT_MARGIN, TOOLTIP_PROPS, xTitle, yTitle } from "./theme";

/** Learning curves per selection strategy from a simulation: the mean over seeds, and the min–max band. */
export function SimulationChart({ results }: { results: SimulationResults | null }) {
  const bands = results ? simulationBands(results) : [];
  return (
    <ChartFrame
      title="Strategies compared (simulation)"
      subtitle={results ? `${results.metric} (0–1) against labels spent, mean over seeds with the min–max band` : "Selection strategies replayed with an oracle on the pool's ground truth"}
      empty={bands.length === 0 ? "No simulation results in this project yet: run `loupe simulate` on a project whose pool has ground truth." : null}
      testId="simulation-chart"
    >
      <ResponsiveContainer width="100%" height={240}>
        <ComposedChart margin={PLOT_MARGIN}>
          <CartesianGrid {...GRID_PROPS} />
          <XAxis {...AXIS_PROPS} type="number" dataKey="labelsSpent" domain={["dataMin", "dataMax"]} label={xTitle("labels spent (boxes)")} />
          <YAxis {...AXIS_PROPS} domain={[0, 1]} tickFormatter={pct} width={56} label={yTitle("score (0–1)", { dy: 30 })} />
          <Tooltip {...TOOLTIP_PROPS} formatter={(v) => (Array.isArray(v) ? v.map(pct).join("–") : pct(v))} />
          <Legend {...LEGEND_PROPS} />
          {bands.map((b, i) => {
            const color = CHART.series[i % CHART.series.length];
            return [
              <Area key={`${b.name}-band`} data={b.points} dataKey={(p: { min: number; max: number }) => [p.min, p.max]} name={`${b.name} spread`} stroke="none" fill={color} fillOpacity={0.18} isAnimationActive={false} legendType="none" />,
              <Line key={`${b.name}-mean`} data={b.points} dataKey="mean" name={b.name} stroke={color} strokeWidth={2} dot={{ r: 2.5, fill: color, strokeWidth: 0 }} isAnimationActive={false} />,
            ];
          })}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
