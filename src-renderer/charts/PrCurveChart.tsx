import { useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { EvaluationDetail } from "../../src-preload/api";
import { prCurveRows, type PrIou } from "./data";
import { ChartFrame } from "./ChartFrame";
import { AXIS_PROPS, GRID_PROPS, LEGEND_PROPS, pct, PLOT_MARGIN, TOOLTIP_PROPS, xTitle, yTitle } from "./theme";

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
          <LineChart data={data.rows} margin={PLOT_MARGIN}>
            <CartesianGrid {...GRID_PROPS} />
            <XAxis {...AXIS_PROPS} type="number" dataKey="recall" domain={[0, 1]} tickFormatter={pct} label={xTitle("recall (0–1)")} />
            <YAxis {...AXIS_PROPS} domain={[0, 1]} tickFormatter={pct} width={56} label={yTitle("precision", { dy: 24 })} />
            <Tooltip {...TOOLTIP_PROPS} formatter={pct} labelFormatter={(v) => `recall ${pct(v)}`} />
            <Legend {...LEGEND_PROPS} />
            {data.classIds.map((id) => (
              <Line key={id} dataKey={`c${id}`} name={nameOf(id)} stroke={colorOf(id)} strokeWidth={2} dot={false} isAnimationActive={false} type="stepAfter" />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </ChartFrame>
  );
}
