import type { Settings } from "../../src-preload/api";
import { getSetting, setSetting } from "../store/repos/project-repo";
import type { AreaService, ServiceContext } from "./context";

export const DEFAULT_SETTINGS: Settings = { annotatorName: "", reviewScoreThreshold: 0.25, seed: 0, keymapOverrides: {} };
const PROJECT_KEYS = ["reviewScoreThreshold", "seed"] as const;

/** Settings: the annotator's name and shortcuts are per user (app state); the rest is per project (its settings table). */
export function createSettingsService(ctx: ServiceContext): AreaService<"settings"> {
  const read = (): Settings => {
    const user = ctx.appState.settings();
    const s: Settings = { ...DEFAULT_SETTINGS, annotatorName: user.annotatorName, keymapOverrides: user.keymapOverrides };
    const db = ctx.sessions.current?.db;
    if (db) {
      for (const key of PROJECT_KEYS) {
        const v = getSetting(db, key);
        if (typeof v === "number") s[key] = v;
      }
    }
    return s;
  };
  return {
    get: () => read(),
    update: (req) => {
      const { annotatorName, keymapOverrides, ...projectPart } = req.patch;
      const projectKeys = PROJECT_KEYS.filter((k) => projectPart[k] !== undefined);
      const db = projectKeys.length > 0 ? ctx.sessions.require().db : undefined;
      if (annotatorName !== undefined) ctx.appState.updateSettings({ annotatorName: annotatorName.trim() });
      if (keymapOverrides !== undefined) ctx.appState.updateSettings({ keymapOverrides });
      if (db) {
        db.transaction(() => {
          for (const k of projectKeys) setSetting(db, k, projectPart[k]);
        })();
      }
      return read();
    },
  };
}
