import { dialog, type BrowserWindow } from "electron";
import type { DialogPort } from "../runtime/dialogs";

/** Native folder and file choosers, attached to the main window when there is one. */
export function electronDialogs(getWindow: () => BrowserWindow | null): DialogPort {
  const open = async (options: Electron.OpenDialogOptions): Promise<string | null> => {
    const win = getWindow();
    const res = win && !win.isDestroyed() ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return res.canceled ? null : (res.filePaths[0] ?? null);
  };
  return {
    chooseFolder: (o) => open({ title: o.title ?? "Choose a folder", ...(o.defaultPath ? { defaultPath: o.defaultPath } : {}), properties: ["openDirectory", "createDirectory"] }),
    chooseFile: (o) =>
      open({
        title: o.title ?? "Choose a file",
        ...(o.defaultPath ? { defaultPath: o.defaultPath } : {}),
        properties: ["openFile"],
        ...(o.extensions?.length ? { filters: [{ name: o.extensions.map((e) => `.${e}`).join(", "), extensions: [...o.extensions] }] } : {}),
      }),
  };
}
