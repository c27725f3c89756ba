import { API_METHODS, EVENT_NAMES } from "../../../src-preload/api";

/**
 * The page-side half of the test bridge: defines a frozen `window.loupe` with the same shape as the preload's,
 * speaking to the real services over a same-origin WebSocket with a random token. Generated from the contract's
 * method table, so it cannot drift from the preload.
 */
export function bridgeInitScript(token: string): string {
  return `(() => {
  if (!location.host) return; // about:blank and other frames without our origin get no bridge
  const METHODS = ${JSON.stringify(API_METHODS)};
  const EVENTS = ${JSON.stringify(EVENT_NAMES)};
  const pending = new Map();
  const listeners = new Map();
  let nextId = 1;
  const queue = [];
  const socket = new WebSocket("ws://" + location.host + "/__bridge?token=${token}");
  socket.addEventListener("open", () => { while (queue.length) socket.send(queue.shift()); });
  socket.addEventListener("message", (e) => {
    const msg = JSON.parse(e.data);
    if (msg.event) { for (const l of listeners.get(msg.event) || []) l(msg.payload); return; }
    const p = pending.get(msg.id);
    if (p) { pending.delete(msg.id); p(msg.result); }
  });
  socket.addEventListener("close", () => {
    for (const [, p] of pending) p({ ok: false, error: { code: "E_INTERNAL", message: "test bridge closed" } });
    pending.clear();
  });
  const invoke = (channel, payload) => new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    const text = JSON.stringify({ id, channel, payload: payload === undefined ? {} : payload });
    if (socket.readyState === 1) socket.send(text); else queue.push(text);
  });
  const api = {};
  for (const area of Object.keys(METHODS)) {
    const m = {};
    for (const method of METHODS[area]) m[method] = (req) => invoke(area + "." + method, req);
    api[area] = Object.freeze(m);
  }
  api.events = Object.freeze({
    on(name, listener) {
      if (!EVENTS.includes(name)) throw new Error("unknown event " + name);
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name).add(listener);
      return () => listeners.get(name).delete(listener);
    },
  });
  api.media = Object.freeze({
    imageUrl: (projectId, imageId) => "/media/image/" + encodeURIComponent(projectId) + "/" + Number(imageId),
    thumbUrl: (projectId, imageId) => "/media/thumb/" + encodeURIComponent(projectId) + "/" + Number(imageId),
    cropUrl: (projectId, evaluationId, kind, index) =>
      "/media/crop/" + encodeURIComponent(projectId) + "/" + Number(evaluationId) + "/" + (kind === "fp" ? "fp" : "fn") + "/" + Number(index),
  });
  Object.defineProperty(window, "loupe", { value: Object.freeze(api), writable: false, configurable: false });
})();`;
}
