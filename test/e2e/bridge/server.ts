import { randomBytes } from "node:crypto";
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { WebSocketServer, type WebSocket } from "ws";
import { APP_CSP } from "../../../src-main/app/csp";
import { contentTypeFor } from "../../../src-main/files/media-resolver";
import { createHost, type Host } from "../../../src-main/host/create-host";
import { MEDIA_CACHE_CONTROL, resolveMediaRequest } from "../../../src-main/host/media-request";
import { bridgeInitScript } from "./init-script";

const STATIC_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml", ".png": "image/png", ".woff2": "font/woff2", ".json": "application/json",
};

export interface Bridge {
  url: string;
  origin: string;
  token: string;
  host: Host;
  /** The script to inject with `page.addInitScript` before the page loads. */
  initScript: string;
  close(): Promise<void>;
}

/**
 * The test host: serves the built renderer on loopback with the app's CSP, images through the same media resolver
 * as the app (`/media/image/<project>/<image>`), and the real services over a WebSocket on the SAME origin that
 * requires a random token and refuses other origins. Every message goes through the host's `dispatch`.
 */
export async function startBridge(opts: { rendererDir: string; appDataDir: string; defaultProjectsDir?: string }): Promise<Bridge> {
  const host = createHost({
    appDataDir: opts.appDataDir,
    hostKind: "test-bridge",
    ...(opts.defaultProjectsDir ? { defaultProjectsDir: opts.defaultProjectsDir } : {}),
  });
  const token = randomBytes(24).toString("hex");
  const root = normalize(opts.rendererDir);
  const server: Server = createServer((req, res) => {
    // One bad request must never take the bridge down: anything serve() throws is answered, not rethrown.
    try {
      serve(req, res, root, host);
    } catch {
      if (!res.headersSent) end(res, 500);
      else res.destroy();
    }
  });
  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    else socket.destroy();
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  server.on("upgrade", (req, socket, head) => {
    let url: URL;
    try {
      url = new URL(req.url ?? "/", origin);
    } catch {
      socket.write("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
      socket.destroy();
      return;
    }
    const allowed = url.pathname === "/__bridge" && url.searchParams.get("token") === token && req.headers.origin === origin;
    if (!allowed) {
      socket.write("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n");
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, host));
  });

  return {
    url: `${origin}/index.html`,
    origin,
    token,
    host,
    initScript: bridgeInitScript(token),
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await host.dispose();
    },
  };
}

function attach(ws: WebSocket, host: Host): void {
  const off = host.events.subscribe((name, payload) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event: name, payload }));
  });
  ws.on("close", off);
  ws.on("message", (data) => {
    let msg: unknown;
    try {
      msg = JSON.parse(String(data));
    } catch {
      return; // not JSON: ignored, like a malformed IPC message
    }
    // `null`, a number or an array is valid JSON but no message: ignored too (reading .id of null would throw)
    if (msg === null || typeof msg !== "object" || Array.isArray(msg)) return;
    const { id, channel, payload } = msg as { id?: unknown; channel?: unknown; payload?: unknown };
    if (typeof id !== "number") return;
    void host.dispatch(typeof channel === "string" ? channel : "", payload).then((result) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }));
    });
  });
}

/**
 * A request's path (still percent-encoded), or undefined when the URL or its percent-encoding is malformed
 * (`/%E0%A4%A`) or decodes to a NUL byte: such a request gets a 400.
 */
export function checkedRequestPath(raw: string | undefined): string | undefined {
  try {
    const { pathname } = new URL(raw ?? "/", "http://localhost");
    return decodeURIComponent(pathname).includes("\0") ? undefined : pathname;
  } catch {
    return undefined;
  }
}

function serve(req: IncomingMessage, res: ServerResponse, root: string, host: Host): void {
  if (req.method !== "GET" && req.method !== "HEAD") return void end(res, 405);
  const pathname = checkedRequestPath(req.url);
  if (pathname === undefined) return void end(res, 400);
  const url = { pathname };
  if (url.pathname.startsWith("/media/")) {
    // as the app's protocol: a thumbnail waiting to be made is given up when the browser drops the request
    const gone = new AbortController();
    res.on("close", () => gone.abort());
    void resolveMediaRequest(host, url.pathname, gone.signal).then((answer) => {
      if (gone.signal.aborted) return;
      if (!answer.ok) return end(res, answer.status);
      // the app's media:// caching (src-main/app/protocol.ts), so the browser keeps pictures as the app's does
      res.writeHead(200, { "Content-Type": contentTypeFor(answer.file), "Content-Length": statSync(answer.file).size, "Cache-Control": MEDIA_CACHE_CONTROL });
      pipeFile(answer.file, res);
    });
    return;
  }
  const rel = url.pathname === "/" ? "/index.html" : decodeURIComponent(url.pathname); // cannot throw: checkedRequestPath decoded it
  const file = normalize(join(root, rel));
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) return void end(res, 404);
  res.writeHead(200, {
    "Content-Type": STATIC_TYPES[extname(file)] ?? "application/octet-stream",
    "Content-Security-Policy": APP_CSP,
    "X-Content-Type-Options": "nosniff",
  });
  pipeFile(file, res);
}

/** Streams a file into the response; a read error (the file vanished) ends the response instead of throwing. */
function pipeFile(file: string, res: ServerResponse): void {
  const stream = createReadStream(file);
  stream.on("error", () => res.destroy());
  stream.pipe(res);
}

function end(res: ServerResponse, status: number): void {
  res.writeHead(status, { "Content-Type": "text/plain" });
  res.end(String(status));
}
