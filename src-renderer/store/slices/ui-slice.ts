import type { SliceCreator } from "../types";

export const VIEWS = ["dashboard", "review", "data", "models", "export", "settings"] as const;
export type ViewId = (typeof VIEWS)[number];

export interface UiSlice {
  view: ViewId;
  showView(view: ViewId): void;
}

export const createUiSlice: SliceCreator<UiSlice> = (set) => ({
  view: "dashboard",
  showView(view) {
    set((s) => void (s.view = view), false, "ui/showView");
  },
});
