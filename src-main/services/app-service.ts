import { statSync } from "node:fs";
import { extname, isAbsolute, resolve } from "node:path";
import { LoupeError } from "../errors";
import type { AreaService, ServiceContext } from "./context";

/** The app itself: version and host, and the native choosers (a path the person picked, checked here). */
export function createAppService(ctx: ServiceContext): AreaService<"app"> {
  const kindOf = (path: string): "folder" | "file" | null => {
    try {
      const st = statSync(path);
      return st.isDirectory() ? "folder" : st.isFile() ? "file" : null;
    } catch {
      return null;
    }
  };
  return {
    info: () => ({ version: ctx.version, defaultProjectsDir: ctx.defaultProjectsDir, host: ctx.hostKind }),
    chooseFolder: async (req) => {
      if (!ctx.dialogs) return { path: null, supported: false };
      const picked = await ctx.dialogs.chooseFolder({ title: req.title, defaultPath: req.defaultPath });
      if (picked === null) return { path: null, supported: true };
      const path = resolve(picked);
      if (!isAbsolute(picked) || kindOf(path) !== "folder") throw new LoupeError("E_NOT_FOUND", `${picked} is not a folder that can be opened.`, { file: picked });
      return { path, supported: true };
    },
    chooseFile: async (req) => {
      if (!ctx.dialogs) return { path: null, supported: false };
      const picked = await ctx.dialogs.chooseFile({ title: req.title, defaultPath: req.defaultPath, extensions: req.extensions });
      if (picked === null) return { path: null, supported: true };
      const path = resolve(picked);
      if (!isAbsolute(picked) || kindOf(path) !== "file") throw new LoupeError("E_NOT_FOUND", `${picked} is not a file that can be read.`, { file: picked });
      const ext = extname(path).slice(1).toLowerCase();
      if (req.extensions?.length && !req.extensions.some((e) => e.toLowerCase() === ext)) {
        throw new LoupeError("E_VALIDATION", `${picked} is not a ${req.extensions.map((e) => `.${e}`).join(" or ")} file.`, { file: picked });
      }
      return { path, supported: true };
    },
  };
}
