import { useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { EvaluationDetail } from "../../src-preload/api";
import { prCurveRows, type PrIou } from "./data";
import { ChartFrame } from "./ChartFrame";
import { AXIS_PROPS, CHART, pct, TOOLTIP_PROPS } from "./theme";

/** Precision against recall per class (class colours as on the canvas), at IoU 0.5 or averaged over 0.5:0.95. */
export function PrCurveChart({ curves, nameOf, colorOf, title = "Precision–recall" }: {
  curves: EvaluationDetail["prCurves"] | null;
  nameOf: (classId: number) => string;
  colorOf: (classId: number) => string;
  title?: string;
}) {
  const [iou, setIou] = useState<PrIou>("0.5");
  const data = curves ? prCurveRows(curves, iou) : null;
  const empty = !curves ? null : data && data.classIds.length === 0 ? "No class has ground truth in this evaluation." : null;
  return (
    <ChartFrame
      title={title}
      subtitle={`Per class, interpolated precision at the 101 COCO recall points, IoU ${iou}`}
      loading={!curves}
      empty={empty}
      testId="pr-chart"
      actions={(["0.5", "0.5:0.95"] as const).map((v) => (
        <button key={v} type="button" aria-pressed={iou === v} onClick={() => setIou(v)}>
          IoU {v}
        </button>
      ))}
    >
      {data && data.classIds.some((id) => !data.rows.some((r) => `c${id}` in r)) && (
        <p className="muted small" data-testid="pr-unmatched">
          No detection matched at this IoU for: {data.classIds.filter((id) => !data.rows.some((r) => `c${id}` in r)).map(nameOf).join(", ")} (precision 0 at every recall).
        </p>
      )}
      {data && (
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={data.rows} margin={{ top: 8, right: 16, bottom: 22, left: 4 }}>
            <CartesianGrid stroke={CHART.grid} strokeDasharray="3 3" />
            <XAxis {...AXIS_PROPS} type="number" dataKey="recall" domain={[0, 1]} tickFormatter={pct} label={{ value: "recall (0–1)", position: "insideBottom", offset: -12, fill: CHART.axis, fontSize: 11 }} />
            <YAxis {...AXIS_PROPS} domain={[0, 1]} tickFormatter={pct} width={56} label={{ value: "precision", angle: -90, position: "insideLeft", fill: CHART.axis, fontSize: 11, dy: 24, dx: 4 }} />
            <Tooltip {...TOOLTIP_PROPS} formatter={pct} labelFormatter={(v) => `recall ${pct(v)}`} />
            <Legend wrapperStyle={{ fontSize: 12, color: CHART.axis }} verticalAlign="top" height={24} />
            {data.classIds.map((id) => (
              <Line key={id} dataKey={`c${id}`} name={nameOf(id)} stroke={colorOf(id)} strokeWidth={2} dot={false} isAnimationActive={false} type="stepAfter" />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </ChartFrame>
  );
}
