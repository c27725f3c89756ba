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

/** Margins of a plot inside its card: room under the x axis for its title. */
export const PLOT_MARGIN = { top: 8, right: 16, bottom: 22, left: 4 } as const;
export const GRID_PROPS = { stroke: CHART.grid, strokeDasharray: "3 3" } as const;
/** A one-line legend above the plot. */
export const LEGEND_PROPS = { wrapperStyle: { fontSize: 12, color: CHART.axis }, verticalAlign: "top", height: 24 } as const;

/** The title of an x axis, under its ticks. */
export const xTitle = (value: string) => ({ value, position: "insideBottom", offset: -12, fill: CHART.axis, fontSize: 11 }) as const;

/** The title of a y axis along its edge (the left one unless `right`); `dy` moves a long title down to centre it. */
export function yTitle(value: string, { dy, right = false }: { dy?: number; right?: boolean } = {}) {
  const side = right ? ({ angle: 90, position: "insideRight", dx: -4 } as const) : ({ angle: -90, position: "insideLeft", dx: 4 } as const);
  return { value, ...side, fill: CHART.axis, fontSize: 11, ...(dy === undefined ? {} : { dy }) };
}
