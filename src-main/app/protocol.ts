import { net, protocol } from "electron";
import { existsSync } from "node:fs";
import { join, normalize, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { Host } from "../host/create-host";
import { contentTypeFor } from "../files/media-resolver";
import { parseCropUrl, parseMediaUrl } from "../files/media-url";
import { APP_CSP } from "./csp";

export const APP_SCHEME = "app";
export const APP_ORIGIN = `${APP_SCHEME}://loupe`;

/** Must run before the app is ready. */
export function registerSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
    { scheme: "media", privileges: { standard: false, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/**
 * app:// serves the built renderer (and nothing outside it) with the CSP header; media:// serves images of the open
 * project by (project id, image id) through the host's resolver — never a path from the renderer.
 */
export function handleProtocols(host: Host, rendererDir: string): void {
  const root = normalize(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== "loupe") return new Response("not found", { status: 404 });
    const rel = decodeURIComponent(url.pathname === "/" ? "/index.html" : url.pathname);
    const file = normalize(join(root, rel));
    if (!file.startsWith(root + sep) || !existsSync(file)) return new Response("not found", { status: 404 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set("Content-Security-Policy", APP_CSP);
    headers.set("X-Content-Type-Options", "nosniff");
    return new Response(res.body, { status: res.status, headers });
  });
  protocol.handle("media", async (request) => {
    const ref = parseMediaUrl(request.url);
    const crop = ref ? null : parseCropUrl(request.url);
    if (!ref && !crop) return new Response("bad media url", { status: 400 });
    try {
      const file = ref ? host.resolveMedia(ref.projectId, ref.imageId) : host.resolveCrop(crop!.projectId, crop!.evaluationId, crop!.kind, crop!.index);
      const res = await net.fetch(pathToFileURL(file).toString());
      return new Response(res.body, { status: 200, headers: { "Content-Type": contentTypeFor(file), "Cache-Control": "private, max-age=3600" } });
    } catch {
      return new Response("not found", { status: 404 });
    }
  });
}
