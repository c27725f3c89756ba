import { BrowserWindow, shell } from "electron";
import { join } from "node:path";
import { APP_ORIGIN, isAppUrl, isPermissionAllowed } from "./url-guards";

/** The main window: isolated, sandboxed, no Node in the renderer; navigation and new windows are denied. */
export function createMainWindow(preloadDir: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: "Loupe",
    backgroundColor: "#16181d",
    webPreferences: {
      preload: join(preloadDir, "index.cjs"),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  win.once("ready-to-show", () => win.show());
  win.webContents.on("will-navigate", (event, url) => {
    // the parsed origin, compared exactly: a prefix test would let app://loupe.anything/ through
    if (!isAppUrl(url)) event.preventDefault();
  });
  win.webContents.on("will-redirect", (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  const session = win.webContents.session;
  session.setPermissionRequestHandler((_wc, permission, callback, details) => callback(isPermissionAllowed(permission, details.requestingUrl)));
  session.setPermissionCheckHandler((_wc, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin));
  win.webContents.on("will-attach-webview", (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Only well-formed https links leave the app, and only to the system browser.
    if (/^https:\/\/[^\s]+$/.test(url)) void shell.openExternal(url);
    return { action: "deny" };
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
