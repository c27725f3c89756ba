import { connect } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { appAssetPath, isAppUrl } from "../../../src-main/app/url-guards";
import { parseMediaUrl } from "../../../src-main/files/media-url";
import type { Db } from "../../../src-main/store/db";
import { startBridge, type Bridge } from "../../e2e/bridge/server";
import { tempDir } from "../../helpers/temp";
import { expectStoredUnchanged, importJob, jpeg, snapshot, withinLimit, write } from "./harness";

/**
 * Hostile URLs: media URLs (through the parser and the bridge's media route), app:// requests (the protocol
 * handler's lookup) and raw HTTP requests to the test bridge. None may crash the server or reach a file outside
 * what it serves; after every case the bridge still answers, and the open project is unchanged.
 */
let t: ReturnType<typeof tempDir>;
let bridge: Bridge;
let db: Db;
let projectId = "";

beforeAll(async () => {
  t = tempDir("loupe-adv-urls-");
  const renderer = join(t.dir, "renderer");
  write(join(renderer, "index.html"), "<!doctype html><title>Loupe</title>");
  write(join(t.dir, "secret.txt"), "outside the renderer");
  bridge = await startBridge({ rendererDir: renderer, appDataDir: join(t.dir, "app-data") });
  const project = await bridge.host.call("projects", "create", { parentDir: join(t.dir, "projects"), name: "urls", classes: ["cat"] });
  projectId = project.id;
  write(join(t.dir, "data", "a.jpg"), await jpeg(1));
  await importJob(bridge.host, join(t.dir, "data"), "folder");
  db = bridge.host.sessions.require().db;
});
afterAll(async () => {
  await bridge.close();
  t.cleanup();
});

/** One raw HTTP/1.1 exchange (no client-side URL normalisation); resolves with the status code, or 0 if none. */
function raw(request: string): Promise<number> {
  const { port } = new URL(bridge.origin);
  return new Promise((resolve) => {
    const socket = connect(Number(port), "127.0.0.1");
    let data = "";
    socket.on("data", (d) => (data += d.toString("latin1")));
    socket.on("error", () => resolve(0));
    socket.on("close", () => resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(data)?.[1] ?? 0)));
    socket.write(request);
    socket.setTimeout(3000, () => socket.destroy());
  });
}

const get = (path: string): Promise<number> => raw(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);

describe("bridge requests", () => {
  it.each([
    ["a malformed percent-encoding", "/%E0%A4%A", [400]],
    ["a lone percent", "/%", [400]],
    ["an encoded NUL", "/index.html%00.js", [400]],
    ["a dot-dot walk", "/../secret.txt", [404]],
    ["an encoded dot-dot walk", "/%2e%2e/secret.txt", [404]],
    ["an encoded slash walk", "/..%2fsecret.txt", [404]],
    ["a media path walk", "/media/image/../../secret.txt", [400, 404]],
    ["a media URL with a non-numeric image", "/media/image/abc/def", [400]],
    ["a media URL with an encoded id", "/media/image/%31/%32", [400]],
    ["an absolute-form URL", "http://evil.example/index.html", [200, 400, 404]],
    ["a 20 kB path", `/${"a".repeat(20_000)}`, [400, 404, 414, 431]],
  ])("%s gets a clean answer and the bridge lives on", async (_what, path, statuses) => {
    const before = snapshot(db);
    const status = await withinLimit(get(path as string), `GET ${String(path).slice(0, 40)}`);
    expect(statuses).toContain(status);
    expect(await get("/index.html")).toBe(200);
    expectStoredUnchanged(before, snapshot(db));
  });

  it.each([
    ["garbage instead of a request line", "GARBAGE\r\n\r\n"],
    ["a header without a colon", "GET / HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n"],
    ["a POST", "POST /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc"],
    ["a WebSocket upgrade without the token", "GET /__bridge HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"],
    ["an upgrade to a malformed URL", "GET /%E0%A4%A HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"],
  ])("%s is refused and the bridge lives on", async (_what, request) => {
    const status = await withinLimit(raw(request), "a raw request");
    expect([0, 400, 403, 405]).toContain(status);
    expect(await get("/index.html")).toBe(200);
  });

  it("bridge messages that are not JSON, or name odd channels, get no crash and a Result", async () => {
    const ws = new WebSocket(`${bridge.origin.replace("http", "ws")}/__bridge?token=${bridge.token}`, { origin: bridge.origin });
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    const answers: unknown[] = [];
    ws.on("message", (d) => answers.push(JSON.parse(String(d))));
    for (const m of ["not json", "{", "null", "[]", '{"id":"x"}']) ws.send(m);
    ws.send(JSON.stringify({ id: 1, channel: "__proto__.constructor", payload: {} }));
    ws.send(JSON.stringify({ id: 2, channel: "projects.open", payload: { path: "/tmp/\u0000" } }));
    ws.send(JSON.stringify({ id: 3, channel: "training.start", payload: { adapter: "command", command: "rm -rf /" } }));
    await expect.poll(() => answers.filter((a) => typeof (a as { id?: unknown }).id === "number").length).toBe(3);
    const codes = answers.map((a) => (a as { result?: { error?: { code: string } } }).result?.error?.code).filter(Boolean);
    expect(codes).toEqual(["E_UNKNOWN_METHOD", "E_VALIDATION", "E_VALIDATION"]);
    ws.close();
    expect(await get("/index.html")).toBe(200);
  });

  it("serves a real image by ids and nothing by anything else", async () => {
    expect(await get(`/media/image/${projectId}/1`)).toBe(200);
    expect(await get(`/media/image/${projectId}/999999`)).toBe(404);
    expect(await get("/media/image/00000000-0000-4000-8000-000000000000/1")).toBe(404);
  });
});

describe("media URLs", () => {
  it.each([
    "media://image/abc/1/extra", "media://image/../1", "media://image/abc/0", "media://image/abc/-1", "media://image/abc/1e3",
    "media://image/abc/99999999999999999999", "media://image/abc/1?x=1", "media://image/abc/1#f", "media://image/a%62c/1",
    "media://image/abc\\1", "media://image/abc/1\u0000", "media://crop/abc/1", "file:///etc/passwd", "", `media://image/${"a".repeat(400)}/1`,
  ])("%j is refused by the parser", (url) => {
    expect(parseMediaUrl(url)).toBeNull();
  });
});

describe("app:// requests and navigation", () => {
  const dir = "/opt/loupe/renderer";
  it.each([
    ["app://loupe/%E0%A4%A", 400],
    ["app://loupe/%", 400],
    ["app://loupe/index.html%00", 400],
    ["app://loupe/..%5c..%5cetc", 400],
    ["app://evil/index.html", 404],
    ["not a url", 400],
  ])("%s gets %i, never a throw", (url, status) => {
    expect(appAssetPath(dir, url as string)).toEqual({ ok: false, status });
  });

  it("serves the bundle's own files, and dot segments stay inside it", () => {
    expect(appAssetPath(dir, "app://loupe/%2e%2e/%2e%2e/etc/passwd")).toEqual({ ok: true, file: "/opt/loupe/renderer/etc/passwd" });
    expect(appAssetPath(dir, "app://loupe/")).toEqual({ ok: true, file: "/opt/loupe/renderer/index.html" });
    expect(appAssetPath(dir, "app://loupe/assets/a%20b.js")).toEqual({ ok: true, file: "/opt/loupe/renderer/assets/a b.js" });
  });

  it.each([
    ["app://loupe/index.html", true],
    ["app://loupe", true],
    ["app://LOUPE/x", false], // Chromium lower-cases a standard scheme's host before asking; anything else is refused
    ["app://loupe.anything/", false],
    ["app://loupe.evil.example/index.html", false],
    ["app://loupe@evil/", false],
    ["app://user:pw@loupe/", false],
    ["app://loupe:8080/", false],
    ["app://loupex/", false],
    ["https://loupe/", false],
    ["javascript:alert(1)", false],
    ["", false],
  ])("navigation to %j is %s", (url, allowed) => {
    expect(isAppUrl(url as string)).toBe(allowed);
  });
});
