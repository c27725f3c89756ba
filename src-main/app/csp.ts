/**
 * The Content-Security-Policy of the renderer, built from a small config (pure; unit-tested). Scripts only from
 * the app itself, images also from the media protocol, no plugins, frames, forms or base-URI tricks.
 */
export interface CspOptions {
  /** Extra image sources, e.g. `media:`. */
  imageSources?: readonly string[];
  /** Extra connect sources (none in the app; the test bridge shares the page's origin). */
  connectSources?: readonly string[];
  /** For a `<meta>` tag: browsers ignore (and warn about) frame-ancestors there, so it is left out. */
  forMeta?: boolean;
}

export function buildCsp(opts: CspOptions = {}): string {
  const directives: [string, string[]][] = [
    ["default-src", ["'self'"]],
    ["script-src", ["'self'"]],
    ["style-src", ["'self'"]],
    ["img-src", ["'self'", "data:", "blob:", ...(opts.imageSources ?? [])]],
    ["font-src", ["'self'"]],
    ["connect-src", ["'self'", ...(opts.connectSources ?? [])]],
    ["worker-src", ["'self'", "blob:"]],
    ["object-src", ["'none'"]],
    ["base-uri", ["'none'"]],
    ["form-action", ["'none'"]],
    ["frame-src", ["'none'"]],
    ...(opts.forMeta ? [] : ([["frame-ancestors", ["'none'"]]] as [string, string[]][])),
  ];
  return directives.map(([name, values]) => `${name} ${values.join(" ")}`).join("; ");
}

/** The policy the app uses (and the one written into src-renderer/index.html). */
export const APP_CSP = buildCsp({ imageSources: ["media:"] });
/** The same policy as written into src-renderer/index.html's meta tag. */
export const APP_CSP_META = buildCsp({ imageSources: ["media:"], forMeta: true });
