import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from "electron";
import { API_METHODS, CHANNEL_PREFIX, EVENT_CHANNEL, type Area } from "../../src-preload/api";
import type { Host } from "../host/create-host";
import { isAppUrl } from "./url-guards";

/** Feeds every contract channel into the host's dispatch, after checking the sender is our own app:// page. */
export function wireIpc(host: Host, getWindow: () => BrowserWindow | null): () => void {
  const trusted = (event: IpcMainInvokeEvent): boolean => {
    return isAppUrl(event.senderFrame?.url ?? "");
  };
  for (const area of Object.keys(API_METHODS) as Area[]) {
    for (const method of API_METHODS[area]) {
      const channel = `${area}.${method}`;
      ipcMain.handle(`${CHANNEL_PREFIX}${channel}`, (event, payload: unknown) => {
        if (!trusted(event)) return { ok: false, error: { code: "E_FORBIDDEN", message: "IPC from an untrusted frame was refused" } };
        return host.dispatch(channel, payload);
      });
    }
  }
  const unsubscribe = host.events.subscribe((name, payload) => {
    const win = getWindow();
    if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, { name, payload });
  });
  return unsubscribe;
}
