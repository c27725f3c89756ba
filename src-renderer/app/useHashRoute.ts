import { useEffect } from "react";
import { useLoupe } from "../store/index";
import { formatRoute, intParam, parseRoute } from "../store/route";

/**
 * Keeps the route in the URL hash: read once at start (and on back/forward), written on every change; in Review
 * the batch and task position are part of it, so a reload opens the same task.
 */
export function useHashRoute(projectOpen: boolean): void {
  useEffect(() => {
    const apply = () => {
      const route = parseRoute(window.location.hash);
      useLoupe.getState().showView(route.view, route.params);
    };
    apply();
    window.addEventListener("hashchange", apply);
    return () => window.removeEventListener("hashchange", apply);
  }, []);

  // Restore the review position once the project is open (the review slice loads the batch and its tasks).
  useEffect(() => {
    if (!projectOpen) return;
    const { route, selectBatch, goToTask } = useLoupe.getState();
    const batch = intParam(route, "batch");
    if (route.view !== "review" || batch === null) return;
    const task = intParam(route, "task") ?? 1;
    void selectBatch(batch).then(() => goToTask(Math.max(0, task - 1)));
  }, [projectOpen]);

  useEffect(
    () =>
      useLoupe.subscribe((s, prev) => {
        let route = s.route;
        if (s.route.view === "review" && s.batchId !== null && (s.batchId !== prev.batchId || s.taskIndex !== prev.taskIndex || s.route !== prev.route)) {
          route = { view: "review", params: { ...s.route.params, batch: String(s.batchId), task: String(s.taskIndex + 1) } };
        }
        const hash = formatRoute(route);
        if (window.location.hash !== hash) window.history.replaceState(null, "", hash);
      }),
    [],
  );
}
