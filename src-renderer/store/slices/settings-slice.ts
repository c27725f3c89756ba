import type { Settings } from "../../../src-preload/api";
import { call, errorMessage } from "../../api/client";
import type { SliceCreator } from "../types";

export interface SettingsSlice {
  settings: Settings | null;
  settingsError: string | null;
  loadSettings(): Promise<void>;
  /** Saves a patch; resolves true when stored (the error is in `settingsError` otherwise). */
  updateSettings(patch: Partial<Settings>): Promise<boolean>;
}

export const createSettingsSlice: SliceCreator<SettingsSlice> = (set) => ({
  settings: null,
  settingsError: null,
  async loadSettings() {
    try {
      const settings = await call("settings", "get", {});
      set((s) => void ((s.settings = settings), (s.settingsError = null)), false, "settings/loaded");
    } catch (err) {
      set((s) => void (s.settingsError = errorMessage(err)), false, "settings/loadFailed");
    }
  },
  async updateSettings(patch) {
    try {
      const settings = await call("settings", "update", { patch });
      set((s) => void ((s.settings = settings), (s.settingsError = null)), false, "settings/updated");
      return true;
    } catch (err) {
      set((s) => void (s.settingsError = errorMessage(err)), false, "settings/updateFailed");
      return false;
    }
  },
});
