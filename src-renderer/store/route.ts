/**
 * The route in the URL hash, so a reload keeps the view and the position in it: `#/review?batch=3&task=12`,
 * `#/models?model=<id>`, `#/errors?evaluation=7&kind=fn`. Pure: the app reads and writes `location.hash`.
 */
export const VIEWS = ["dashboard", "review", "data", "models", "errors", "export", "settings"] as const;
export type ViewId = (typeof VIEWS)[number];

export interface Route {
  view: ViewId;
  /** View-specific positions (batch and task in review, the model or evaluation shown…), as strings. */
  params: Record<string, string>;
}

export const DEFAULT_ROUTE: Route = { view: "dashboard", params: {} };

const PARAM = /^[A-Za-z][A-Za-z0-9]{0,31}$/;

/**
 * Reads a hash; anything unknown gives the dashboard, unknown-shaped parameters are dropped.
 * @example parseRoute("#/review?batch=3&task=12") // { view: "review", params: { batch: "3", task: "12" } }
 */
export function parseRoute(hash: string): Route {
  const m = /^#\/([a-z]+)(?:\?(.*))?$/.exec(hash);
  if (!m || !(VIEWS as readonly string[]).includes(m[1] ?? "")) return { view: DEFAULT_ROUTE.view, params: {} };
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(m[2] ?? "")) if (PARAM.test(k) && v.length > 0 && v.length <= 200) params[k] = v;
  return { view: m[1] as ViewId, params };
}

/** The hash of a route, parameters in a stable (sorted) order. */
export function formatRoute(route: Route): string {
  const q = new URLSearchParams(Object.entries(route.params).sort(([a], [b]) => a.localeCompare(b))).toString();
  return `#/${route.view}${q ? `?${q}` : ""}`;
}

/** A positive integer parameter, or null. */
export function intParam(route: Route, key: string): number | null {
  const v = route.params[key];
  if (v === undefined || !/^[0-9]{1,15}$/.test(v)) return null;
  return Number(v);
}
