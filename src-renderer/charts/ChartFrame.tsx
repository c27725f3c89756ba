import type { ReactNode } from "react";
import "./charts.css";

export interface ChartFrameProps {
  title: string;
  /** What the chart shows, in a line (units included). */
  subtitle?: string;
  /** When set, shown instead of the chart: what is missing and what to do about it. */
  empty?: string | null;
  loading?: boolean;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
}

/** A titled chart card with its empty and loading states. */
export function ChartFrame({ title, subtitle, empty, loading, actions, children, testId }: ChartFrameProps) {
  return (
    <figure className="chart card" aria-label={title} data-testid={testId}>
      <figcaption className="chart-head">
        <div>
          <h3 className="chart-title">{title}</h3>
          {subtitle && <p className="chart-sub muted">{subtitle}</p>}
        </div>
        {actions && <div className="chart-actions">{actions}</div>}
      </figcaption>
      {loading ? <p className="chart-empty muted">Loading…</p> : empty ? <p className="chart-empty muted">{empty}</p> : <div className="chart-body">{children}</div>}
    </figure>
  );
}
