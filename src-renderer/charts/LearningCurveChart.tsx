import { CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { LearningPoint, PointDecision } from "./data";
import { ChartFrame } from "./ChartFrame";
import { AXIS_PROPS, CHART, GRID_PROPS, pct, PLOT_MARGIN, TOOLTIP_PROPS, xTitle, yTitle } from "./theme";

const SERIES = [
  { key: "mAP50_95", name: "mAP50-95", color: CHART.series[0] },
  { key: "mAP50", name: "mAP50", color: CHART.series[3] },
  { key: "f1", name: "F1", color: CHART.series[4] },
] as const;

const DECISION_COLOR: Record<PointDecision, string> = { baseline: CHART.axis, promoted: CHART.promoted, kept: CHART.kept, pending: CHART.target };

interface DotProps {
  cx?: number;
  cy?: number;
  index?: number;
  payload?: LearningPoint;
}

/** A point of the F1 line coloured by what the loop decided: filled when promoted, hollow when kept. */
function DecisionDot({ cx, cy, payload, index }: DotProps) {
  if (cx === undefined || cy === undefined || !payload) return <g key={`d${index}`} />;
  const color = DECISION_COLOR[payload.decision];
  const kept = payload.decision === "kept";
  return (
    <circle key={`d${index}`} className={`point point-${payload.decision}`} cx={cx} cy={cy} r={5} fill={kept ? CHART.tooltipBg : color} stroke={color} strokeWidth={2} />
  );
}

/**
 * The chart no peer has: the metric against the labels it cost, one point per iteration, promoted and kept
 * iterations told apart, with the target F1 as a line.
 */
export function LearningCurveChart({ points, targetF1, loading }: { points: LearningPoint[]; targetF1: number | null; loading?: boolean }) {
  return (
    <ChartFrame
      title="Learning curve"
      subtitle="Validation metrics (0–1) against labels spent (boxes); filled points were promoted, hollow ones kept as candidates"
      empty={points.length === 0 ? "No iteration has metrics yet: start the loop, and its baseline appears here once evaluated." : null}
      loading={loading}
      testId="learning-curve"
    >
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={points} margin={PLOT_MARGIN}>
          <CartesianGrid {...GRID_PROPS} />
          <XAxis {...AXIS_PROPS} type="number" dataKey="labelsSpent" domain={["dataMin", "dataMax"]} label={xTitle("labels spent (boxes)")} />
          <YAxis {...AXIS_PROPS} domain={[0, 1]} tickFormatter={pct} width={58} label={yTitle("score (0–1)", { dy: 30 })} />
          <Tooltip {...TOOLTIP_PROPS} formatter={pct} labelFormatter={(v) => `${String(v)} labels`} />
          {targetF1 !== null && <ReferenceLine y={targetF1} stroke={CHART.target} strokeDasharray="6 4" label={{ value: `target F1 ${targetF1}`, fill: CHART.target, fontSize: 11, position: "insideTopRight" }} />}
          {SERIES.map((s) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.name}
              stroke={s.color}
              strokeWidth={2}
              isAnimationActive={false}
              dot={s.key === "f1" ? (p: DotProps) => <DecisionDot {...p} /> : { r: 2.5, fill: s.color, strokeWidth: 0 }}
              activeDot={{ r: 5 }}
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
      <ul className="chart-legend">
        {SERIES.map((s) => (
          <li key={s.key}>
            <span className="legend-mark line" style={{ background: s.color }} />
            {s.name}
          </li>
        ))}
        <li>
          <span className="legend-mark" style={{ background: CHART.axis }} />
          baseline
        </li>
        <li>
          <span className="legend-mark" style={{ background: CHART.promoted }} />
          promoted
        </li>
        <li style={{ color: CHART.kept }}>
          <span className="legend-mark hollow" />
          <span className="muted">kept</span>
        </li>
        {targetF1 !== null && (
          <li>
            <span className="legend-mark line" style={{ background: CHART.target }} />
            target F1
          </li>
        )}
      </ul>
    </ChartFrame>
  );
}
