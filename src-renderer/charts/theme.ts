/** Colours and axis styling shared by the charts (the app's dark theme; class colours come from the project). */
export const CHART = {
  axis: "#9aa1b1",
  grid: "#343945",
  text: "#e6e8ee",
  tooltipBg: "#1e2128",
  target: "#f2b84b",
  promoted: "#59c27a",
  kept: "#ff6b6b",
  series: ["#5b9cff", "#59c27a", "#f2b84b", "#c77dff", "#42d4f4", "#ff8fab", "#bfef45", "#f58231"],
} as const;

export const AXIS_PROPS = { stroke: CHART.axis, tick: { fill: CHART.axis, fontSize: 11 }, tickLine: false } as const;
export const TOOLTIP_PROPS = {
  contentStyle: { background: CHART.tooltipBg, border: `1px solid ${CHART.grid}`, borderRadius: 6, color: CHART.text, fontSize: 12 },
  labelStyle: { color: CHART.axis },
  isAnimationActive: false,
} as const;

/** Formats a 0..1 fraction for axes and tooltips. */
export const pct = (v: unknown) => (typeof v === "number" ? v.toFixed(2) : String(v));
