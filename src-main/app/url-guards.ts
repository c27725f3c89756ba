import { join, normalize, sep } from "node:path";

/**
 * The checks the Electron glue makes on URLs, kept free of Electron so they are unit-tested in Node: which URLs are
 * the app's own page, which files app:// may serve, and which permissions a page may have.
 */

export const APP_SCHEME = "app";
export const APP_HOST = "loupe";
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Whether a URL is a page of the app itself: scheme app, host exactly "loupe", no port or credentials. A prefix
 * compare would let `app://loupe.evil/` or `app://loupe@evil/` through; the parsed parts are compared instead.
 */
export function isAppUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === `${APP_SCHEME}:` && url.hostname === APP_HOST && url.port === "" && url.username === "" && url.password === "";
}

export type AssetLookup = { ok: true; file: string } | { ok: false; status: 400 | 404 };

/**
 * The file an app:// request names inside the renderer folder. A malformed URL or percent-encoding (`%E0%A4%A`),
 * a NUL byte or a backslash is a 400; another host or a path that leaves the folder is a 404. Never throws.
 */
export function appAssetPath(rendererDir: string, requestUrl: string): AssetLookup {
  let url: URL;
  let rel: string;
  try {
    url = new URL(requestUrl);
    rel = decodeURIComponent(url.pathname === "/" ? "/index.html" : url.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (rel.includes("\0") || rel.includes("\\")) return { ok: false, status: 400 };
  if (url.hostname !== APP_HOST) return { ok: false, status: 404 };
  const root = normalize(rendererDir);
  const file = normalize(join(root, rel));
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return { ok: false, status: 404 };
  return { ok: true, file };
}

/**
 * Permissions the renderer may be granted. Loupe uses none of the web's powerful features (camera, microphone,
 * geolocation, notifications, MIDI, HID, serial, USB, clipboard reading, screen capture…); writing text to the
 * clipboard (copying a path or an id) is the one it may use, and only from its own page.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(["clipboard-sanitized-write"]);

/** Whether a permission request (or check) from `requestingUrl` is granted. */
export function isPermissionAllowed(permission: string, requestingUrl: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}
