import type { ErrorItemFilter, ErrorItemInfo, ErrorKind, EvaluationDetail, EvaluationSummary } from "../../../src-preload/api";
import { call, errorMessage } from "../../api/client";
import type { SliceCreator } from "../types";

export interface ErrorGridState {
  evaluationId: number;
  filter: ErrorItemFilter;
  items: ErrorItemInfo[];
  total: number;
  categories: { kind: ErrorKind; category: string; count: number }[];
  loading: boolean;
}

export interface EvaluationsSlice {
  /** Every stored evaluation, newest first (no curves). */
  evaluations: EvaluationSummary[];
  evaluationsLoaded: boolean;
  /** Whole evaluations (curves, confusion) by id, fetched on demand. */
  evaluationDetails: Record<number, EvaluationDetail>;
  errorGrid: ErrorGridState | null;
  evaluationsError: string | null;
  loadEvaluations(): Promise<void>;
  loadEvaluationDetail(evaluationId: number): Promise<void>;
  loadErrors(evaluationId: number, filter: ErrorItemFilter): Promise<void>;
  /** Makes a review batch of the images of the filtered errors, each task framed on its first error; returns the batch id. */
  sendErrorsToReview(name: string): Promise<number | null>;
  /** A one-task batch on the image of an error, framed on it; returns the batch id. */
  openErrorInReview(item: ErrorItemInfo): Promise<number | null>;
  resetEvaluations(): void;
}

/** Crops shown per page of the grid (the filter narrows; the grid says how many more there are). */
export const ERROR_PAGE = 240;

export const createEvaluationsSlice: SliceCreator<EvaluationsSlice> = (set, get) => {
  const fail = (name: string, err: unknown) => set((s) => void (s.evaluationsError = errorMessage(err)), false, `evaluations/${name}Failed`);
  const reasonsOf = (i: ErrorItemInfo) => [`${i.kind === "fn" ? "missed" : "false"} ${i.className}: ${i.categories.join(", ").replaceAll("_", " ")}`];
  return {
    evaluations: [],
    evaluationsLoaded: false,
    evaluationDetails: {},
    errorGrid: null,
    evaluationsError: null,
    async loadEvaluations() {
      try {
        const list = await call("evaluation", "list", {});
        set((s) => void ((s.evaluations = list), (s.evaluationsLoaded = true), (s.evaluationsError = null)), false, "evaluations/loaded");
      } catch (err) {
        fail("load", err);
      }
    },
    async loadEvaluationDetail(evaluationId) {
      if (get().evaluationDetails[evaluationId]) return;
      try {
        const d = await call("evaluation", "get", { evaluationId });
        set((s) => void (s.evaluationDetails[evaluationId] = d), false, "evaluations/detail");
      } catch (err) {
        fail("detail", err);
      }
    },
    async loadErrors(evaluationId, filter) {
      set(
        (s) => void (s.errorGrid = { evaluationId, filter, items: s.errorGrid?.evaluationId === evaluationId ? s.errorGrid.items : [], total: 0, categories: s.errorGrid?.categories ?? [], loading: true }),
        false,
        "evaluations/errorsLoading",
      );
      try {
        const page = await call("evaluation", "errors", { evaluationId, filter, limit: ERROR_PAGE });
        // A later filter (or another evaluation) may have been asked for meanwhile: keep only the current answer.
        const now = get().errorGrid;
        if (now?.filter !== filter || now.evaluationId !== evaluationId) return;
        set((s) => void (s.errorGrid = { evaluationId, filter, items: page.items, total: page.total, categories: page.categories, loading: false }), false, "evaluations/errors");
      } catch (err) {
        set((s) => void (s.errorGrid && (s.errorGrid.loading = false)), false, "evaluations/errorsSettled");
        fail("errors", err);
      }
    },
    async sendErrorsToReview(name) {
      const grid = get().errorGrid;
      if (!grid) return null;
      try {
        const all = await call("evaluation", "errors", { evaluationId: grid.evaluationId, filter: grid.filter, limit: 1000 });
        const first = new Map<number, ErrorItemInfo>();
        for (const i of all.items) if (!first.has(i.imageId)) first.set(i.imageId, i);
        const tasks = [...first.values()].map((i) => ({ imageId: i.imageId, roi: i.box, reasons: reasonsOf(i), score: i.score }));
        const batch = await call("review", "createBatch", { name, tasks, source: "list", modelId: get().evaluations.find((e) => e.id === grid.evaluationId)?.modelId });
        return batch.id;
      } catch (err) {
        fail("sendToReview", err);
        return null;
      }
    },
    async openErrorInReview(item) {
      const grid = get().errorGrid;
      try {
        const modelId = get().evaluations.find((e) => e.id === grid?.evaluationId)?.modelId;
        const batch = await call("review", "createBatch", {
          name: `${item.kind === "fn" ? "Missed" : "False"} ${item.className} in ${item.fileName}`,
          tasks: [{ imageId: item.imageId, roi: item.box, reasons: reasonsOf(item), score: item.score }],
          source: "list",
          ...(modelId ? { modelId } : {}),
        });
        return batch.id;
      } catch (err) {
        fail("openInReview", err);
        return null;
      }
    },
    resetEvaluations() {
      set((s) => void ((s.evaluations = []), (s.evaluationsLoaded = false), (s.evaluationDetails = {}), (s.errorGrid = null), (s.evaluationsError = null)), false, "evaluations/reset");
    },
  };
};
