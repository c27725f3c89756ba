import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { CountsRow } from "./data";
import { ChartFrame } from "./ChartFrame";
import { AXIS_PROPS, CHART, GRID_PROPS, LEGEND_PROPS, PLOT_MARGIN, TOOLTIP_PROPS, xTitle, yTitle } from "./theme";

const FN_COLORS = ["#ff6b6b", "#ff8fab", "#f58231", "#e6194b", "#ffb3a7", "#d1495b", "#ff9f1c"];
const FP_COLORS = ["#5b9cff", "#42d4f4", "#c77dff", "#4363d8"];

/** Per iteration: labels spent and images labeled (lines, right axis), FN and FP by category (stacked bars). */
export function CountsChart({ rows, keys }: { rows: CountsRow[]; keys: string[] }) {
  const fn = keys.filter((k) => k.startsWith("fn:"));
  const fp = keys.filter((k) => k.startsWith("fp:"));
  const nice = (k: string) => `${k.startsWith("fn:") ? "missed" : "false"}: ${k.slice(3).replaceAll("_", " ")}`;
  return (
    <ChartFrame
      title="Counts per iteration"
      subtitle="On validation: missed boxes (FN) by size and false ones (FP) by category, bars; labels spent and images labeled, lines"
      empty={rows.length === 0 ? "No evaluated iteration yet." : null}
      testId="counts-chart"
    >
      <ResponsiveContainer width="100%" height={240}>
        <ComposedChart data={rows} margin={{ ...PLOT_MARGIN, right: 8 }}>
          <CartesianGrid {...GRID_PROPS} />
          <XAxis {...AXIS_PROPS} dataKey="iteration" allowDecimals={false} label={xTitle("iteration")} />
          <YAxis {...AXIS_PROPS} yAxisId="errors" allowDecimals={false} width={54} label={yTitle("errors (boxes)", { dy: 40 })} />
          <YAxis {...AXIS_PROPS} yAxisId="labels" orientation="right" allowDecimals={false} width={56} label={yTitle("labels / images", { right: true })} />
          <Tooltip {...TOOLTIP_PROPS} labelFormatter={(v) => `iteration ${String(v)}`} />
          <Legend {...LEGEND_PROPS} wrapperStyle={{ ...LEGEND_PROPS.wrapperStyle, fontSize: 11 }} height={36} />
          {fn.map((k, i) => (
            <Bar key={k} yAxisId="errors" dataKey={k} name={nice(k)} stackId="fn" fill={FN_COLORS[i % FN_COLORS.length]} isAnimationActive={false} />
          ))}
          {fp.map((k, i) => (
            <Bar key={k} yAxisId="errors" dataKey={k} name={nice(k)} stackId="fp" fill={FP_COLORS[i % FP_COLORS.length]} isAnimationActive={false} />
          ))}
          <Line yAxisId="labels" dataKey="labelsSpent" name="labels spent" stroke={CHART.text} strokeWidth={2} dot={{ r: 2.5 }} isAnimationActive={false} />
          <Line yAxisId="labels" dataKey="imagesLabeled" name="images labeled" stroke={CHART.axis} strokeDasharray="4 3" strokeWidth={2} dot={{ r: 2.5 }} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
