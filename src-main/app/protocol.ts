import { net, protocol } from "electron";
import { existsSync, statSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { Host } from "../host/create-host";
import { contentTypeFor } from "../files/media-resolver";
import { MEDIA_CACHE_CONTROL, resolveMediaRequest } from "../host/media-request";
import { APP_CSP } from "./csp";
import { APP_SCHEME, appAssetPath } from "./url-guards";

export { APP_ORIGIN, APP_SCHEME } from "./url-guards";

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
  protocol.handle(APP_SCHEME, async (request) => {
    // appAssetPath never throws: a malformed URL or percent-encoding is a 400, a path outside the bundle a 404.
    const asset = appAssetPath(rendererDir, request.url);
    if (!asset.ok) return new Response(asset.status === 400 ? "bad request" : "not found", { status: asset.status });
    const file = asset.file;
    if (!existsSync(file) || !statSync(file).isFile()) return new Response("not found", { status: 404 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set("Content-Security-Policy", APP_CSP);
    headers.set("X-Content-Type-Options", "nosniff");
    return new Response(res.body, { status: res.status, headers });
  });
  protocol.handle("media", async (request) => {
    // a thumbnail waiting to be made is given up when the grid cell that asked is gone
    const answer = await resolveMediaRequest(host, request.url, request.signal);
    if (!answer.ok) return new Response(answer.status === 400 ? "bad media url" : "not found", { status: answer.status });
    return serveFile(answer.file);
  });
}

/** A media file the host resolved (by ids only), or 404 when it cannot be read. */
async function serveFile(file: string): Promise<Response> {
  try {
    const res = await net.fetch(pathToFileURL(file).toString());
    return new Response(res.body, { status: 200, headers: { "Content-Type": contentTypeFor(file), "Cache-Control": MEDIA_CACHE_CONTROL } });
  } catch {
    return new Response("not found", { status: 404 });
  }
}
