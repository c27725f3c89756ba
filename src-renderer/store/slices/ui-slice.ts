import { DEFAULT_ROUTE, type Route, type ViewId } from "../route";
import type { SliceCreator } from "../types";

export { VIEWS, type ViewId } from "../route";

export interface UiSlice {
  /** The view shown (`route.view`) and its position, mirrored in the URL hash (see app/useHashRoute.ts). */
  route: Route;
  showView(view: ViewId, params?: Record<string, string>): void;
  /** Merges parameters into the current route (null removes one). */
  setRouteParams(params: Record<string, string | null>): void;
  /** Opens Review on a batch at a task (0-based), e.g. the batch the loop waits for or an error's image. */
  openReview(batchId: number, taskIndex?: number): Promise<void>;
}

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => ({
  route: DEFAULT_ROUTE,
  showView(view, params = {}) {
    set((s) => void (s.route = { view, params }), false, "ui/showView");
  },
  async openReview(batchId, taskIndex = 0) {
    await get().selectBatch(batchId);
    get().goToTask(taskIndex);
    get().showView("review", { batch: String(batchId), task: String(taskIndex + 1) });
  },
  setRouteParams(params) {
    set(
      (s) => {
        for (const [k, v] of Object.entries(params)) {
          if (v === null) delete s.route.params[k];
          else s.route.params[k] = v;
        }
      },
      false,
      "ui/setRouteParams",
    );
  },
});
