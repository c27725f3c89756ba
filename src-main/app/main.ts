import { app, BrowserWindow } from "electron";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createHost } from "../host/create-host";
import { wireIpc } from "./ipc";
import { utilityTransport } from "./utility-transport";
import { handleProtocols, registerSchemes } from "./protocol";
import { createMainWindow } from "./window";
import { electronDialogs } from "./dialogs";

const here = dirname(fileURLToPath(import.meta.url));

/** better-sqlite3 built for Electron's ABI lives beside node_modules (scripts/electron-native.mjs). */
function electronNativeBinding(): string | undefined {
  const abi = process.versions.modules;
  const candidates = [
    join(process.resourcesPath ?? "", "native", `electron-${abi}`, "better_sqlite3.node"),
    join(here, "..", "..", "native", `electron-${abi}`, "better_sqlite3.node"),
  ];
  return candidates.find((p) => existsSync(p));
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerSchemes();
  let win: BrowserWindow | null = null;
  void app.whenReady().then(() => {
    const nativeBinding = electronNativeBinding();
    const host = createHost({
      appDataDir: app.getPath("userData"),
      hostKind: "electron",
      defaultProjectsDir: join(app.getPath("documents"), "Loupe Projects"),
      // the inference worker runs in a utilityProcess, never in the main process
      inferenceTransport: utilityTransport(join(here, "worker-entry.js")),
      dialogs: electronDialogs(() => win),
      ...(nativeBinding ? { nativeBinding } : {}),
    });
    handleProtocols(host, join(here, "..", "renderer"));
    wireIpc(host, () => win);
    win = createMainWindow(join(here, "..", "preload"));
    app.on("second-instance", () => {
      if (win) {
        if (win.isMinimized()) win.restore();
        win.focus();
      }
    });
    app.on("activate", () => {
      if (BrowserWindow.getAllWindows().length === 0) win = createMainWindow(join(here, "..", "preload"));
    });
    app.on("before-quit", () => void host.dispose());
  });
  app.on("window-all-closed", () => {
    if (process.platform !== "darwin") app.quit();
  });
}
