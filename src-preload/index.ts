import { contextBridge, ipcRenderer } from "electron";
import { API_METHODS, CHANNEL_PREFIX, EVENT_CHANNEL, EVENT_NAMES, MEDIA_SCHEME } from "./api";
import type { Area, EventName, LoupeBridge } from "./api";

/**
 * Builds `window.loupe` from the contract's method table: named methods only (never a raw ipcRenderer), each
 * invoking its own channel with one request object. Events: only names from the contract's event table.
 */
const api: Record<string, Record<string, (req: unknown) => Promise<unknown>>> = {};
for (const area of Object.keys(API_METHODS) as Area[]) {
  const methods: Record<string, (req: unknown) => Promise<unknown>> = {};
  for (const method of API_METHODS[area]) {
    const channel = `${CHANNEL_PREFIX}${area}.${method}`;
    methods[method] = (req: unknown) => ipcRenderer.invoke(channel, req ?? {});
  }
  api[area] = methods;
}

const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
ipcRenderer.on(EVENT_CHANNEL, (_event, message: { name: EventName; payload: unknown }) => {
  for (const l of listeners.get(message.name) ?? []) l(message.payload);
});

const bridge = {
  ...api,
  events: {
    on(name: EventName, listener: (payload: unknown) => void): () => void {
      if (!(EVENT_NAMES as readonly string[]).includes(name)) throw new Error(`unknown event "${String(name)}"`);
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  },
  media: {
    imageUrl: (projectId: string, imageId: number) => `${MEDIA_SCHEME}://image/${encodeURIComponent(projectId)}/${Number(imageId)}`,
    thumbUrl: (projectId: string, imageId: number) => `${MEDIA_SCHEME}://thumb/${encodeURIComponent(projectId)}/${Number(imageId)}`,
    cropUrl: (projectId: string, evaluationId: number, kind: string, index: number) =>
      `${MEDIA_SCHEME}://crop/${encodeURIComponent(projectId)}/${Number(evaluationId)}/${kind === "fp" ? "fp" : "fn"}/${Number(index)}`,
  },
} as unknown as LoupeBridge;

contextBridge.exposeInMainWorld("loupe", bridge);
