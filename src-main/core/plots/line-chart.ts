/**
 * A small line chart as an SVG string (pure; sharp turns it into a PNG), for the loop's convergence plots. Lines share
 * one x axis (iterations) and one y axis; missing values (null) break a line. Axis labels carry the units.
 */
export interface LineSeries {
  name: string;
  color: string;
  values: readonly (number | null)[];
  dashed?: boolean;
}

export interface LineChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  /** x values (e.g. iteration numbers), one per point. */
  x: readonly number[];
  series: readonly LineSeries[];
  /** Fixed y range; default 0..max of the data (at least 1 for a 0..1 metric when all values fit). */
  yMin?: number;
  yMax?: number;
  /** Horizontal reference lines (e.g. the target F1). */
  refs?: readonly { value: number; label: string; color: string }[];
  width?: number;
  height?: number;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

/**
 * @example lineChartSvg({ title: "F1", xLabel: "iteration", yLabel: "F1 (0–1)", x: [0, 1], series: [{ name: "val", color: "#06c", values: [0.5, 0.6] }] })
 */
export function lineChartSvg(spec: LineChartSpec): string {
  const W = spec.width ?? 720;
  const H = spec.height ?? 420;
  const m = { left: 64, right: 150, top: 40, bottom: 52 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const all = spec.series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v))).concat((spec.refs ?? []).map((r) => r.value));
  const dataMax = all.length ? Math.max(...all) : 1;
  const yMin = spec.yMin ?? 0;
  const yMax = spec.yMax ?? (dataMax <= 1 && dataMax >= 0 ? 1 : dataMax * 1.1 || 1);
  const xs = spec.x.length ? spec.x : [0];
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs) === xMin ? xMin + 1 : Math.max(...xs);
  const px = (x: number) => m.left + ((x - xMin) / (xMax - xMin)) * pw;
  const py = (y: number) => m.top + ph - ((y - yMin) / (yMax - yMin || 1)) * ph;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${m.left}" y="24" font-size="15" font-weight="bold" fill="#222">${esc(spec.title)}</text>`);
  for (let i = 0; i <= 5; i++) {
    const v = yMin + ((yMax - yMin) * i) / 5;
    const y = py(v);
    out.push(`<line x1="${m.left}" y1="${y.toFixed(1)}" x2="${m.left + pw}" y2="${y.toFixed(1)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${m.left - 8}" y="${(y + 4).toFixed(1)}" text-anchor="end" fill="#555">${fmt(v)}</text>`);
  }
  for (const x of xs) out.push(`<text x="${px(x).toFixed(1)}" y="${m.top + ph + 18}" text-anchor="middle" fill="#555">${x}</text>`);
  out.push(`<line x1="${m.left}" y1="${m.top + ph}" x2="${m.left + pw}" y2="${m.top + ph}" stroke="#888"/>`);
  out.push(`<line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${m.top + ph}" stroke="#888"/>`);
  out.push(`<text x="${m.left + pw / 2}" y="${H - 12}" text-anchor="middle" fill="#333">${esc(spec.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle" fill="#333">${esc(spec.yLabel)}</text>`);
  for (const r of spec.refs ?? []) {
    const y = py(r.value).toFixed(1);
    out.push(`<line x1="${m.left}" y1="${y}" x2="${m.left + pw}" y2="${y}" stroke="${r.color}" stroke-dasharray="6 4"/>`);
    out.push(`<text x="${m.left + pw - 4}" y="${Number(y) - 4}" text-anchor="end" fill="${r.color}">${esc(r.label)}</text>`);
  }
  spec.series.forEach((s, si) => {
    let d = "";
    let pen = false;
    s.values.forEach((v, i) => {
      const x = xs[i];
      if (v === null || !Number.isFinite(v) || x === undefined) {
        pen = false;
        return;
      }
      d += `${pen ? "L" : "M"}${px(x).toFixed(1)} ${py(v).toFixed(1)} `;
      pen = true;
    });
    if (d) out.push(`<path d="${d.trim()}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ""}/>`);
    s.values.forEach((v, i) => {
      const x = xs[i];
      if (v !== null && Number.isFinite(v) && x !== undefined) out.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(v).toFixed(1)}" r="3.5" fill="${s.color}"/>`);
    });
    const ly = m.top + 8 + si * 20;
    out.push(`<line x1="${m.left + pw + 14}" y1="${ly}" x2="${m.left + pw + 34}" y2="${ly}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ""}/>`);
    out.push(`<text x="${m.left + pw + 40}" y="${ly + 4}" fill="#333">${esc(s.name)}</text>`);
  });
  out.push("</svg>");
  return out.join("\n");
}
