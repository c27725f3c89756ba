import type { JobInfo, ModelInfo, ModelLayout, Split, TrainingProgressInfo, TrainingStartRequest } from "../../../src-preload/api";
import { appendEpoch, type EpochPoint } from "../../charts/data";
import { call, errorMessage } from "../../api/client";
import type { SliceCreator } from "../types";

export interface ModelsSlice {
  /** The project's models, newest first, with lineage and which one is the loop's best. */
  modelList: ModelInfo[];
  modelsLoaded: boolean;
  modelsError: string | null;
  /** A line about the last model action that worked ("Promoted …"). */
  modelsNotice: string | null;
  /** The job of the last train/predict started from the Models view, to show its progress. */
  modelJobId: string | null;
  /** Live progress and per-epoch curves of training jobs (from `training.progress`), by job id. */
  trainingProgress: Record<string, TrainingProgressInfo>;
  trainingCurves: Record<string, EpochPoint[]>;
  trainingProgressed(jobId: string, progress: TrainingProgressInfo): void;
  loadModels(): Promise<void>;
  addModel(path: string, layout: ModelLayout | null): Promise<boolean>;
  setClassMap(model: ModelInfo, modelIndex: number, classId: number | null): Promise<void>;
  promoteModel(modelId: string): Promise<boolean>;
  trainModel(req: TrainingStartRequest): Promise<JobInfo | null>;
  predictSplit(modelId: string, split: Split): Promise<void>;
  /** Evaluates a model on a split (the result is stored; the evaluations slice reloads). */
  evaluateModel(modelId: string, split: Split): Promise<number | null>;
  chooseHardExamples(modelId: string, budget: number, batchName: string): Promise<void>;
  resetModels(): void;
}

export const createModelsSlice: SliceCreator<ModelsSlice> = (set, get) => {
  const guard = async <T>(name: string, work: () => Promise<T>): Promise<T | null> => {
    try {
      const out = await work();
      set((s) => void (s.modelsError = null), false, `models/${name}`);
      return out;
    } catch (err) {
      set((s) => void ((s.modelsError = errorMessage(err)), (s.modelsNotice = null)), false, `models/${name}Failed`);
      return null;
    }
  };
  const notice = (text: string) => set((s) => void (s.modelsNotice = text), false, "models/notice");
  return {
    modelList: [],
    modelsLoaded: false,
    modelsError: null,
    modelsNotice: null,
    modelJobId: null,
    trainingProgress: {},
    trainingCurves: {},
    trainingProgressed(jobId, progress) {
      const before = get().trainingCurves[jobId] ?? [];
      const next = appendEpoch(before, progress);
      set(
        (s) => {
          s.trainingProgress[jobId] = progress;
          if (next !== before) s.trainingCurves[jobId] = next as EpochPoint[];
        },
        false,
        "models/trainingProgress",
      );
    },
    async loadModels() {
      await guard("load", async () => {
        const list = await call("models", "list", {});
        set((s) => void ((s.modelList = list), (s.modelsLoaded = true)), false, "models/loaded");
      });
    },
    async addModel(path, layout) {
      const m = await guard("add", () => call("models", "add", { path, ...(layout ? { layout } : {}) }));
      if (!m) return false;
      notice(`Added ${m.name}.`);
      await get().loadModels();
      return true;
    },
    async setClassMap(model, modelIndex, classId) {
      const map: Record<string, number | null> = {};
      for (const c of model.classMapping) if (c.how === "explicit") map[String(c.modelIndex)] = c.classId;
      map[String(modelIndex)] = classId;
      if (await guard("setClassMap", () => call("models", "setClassMap", { modelId: model.id, map }))) await get().loadModels();
    },
    async promoteModel(modelId) {
      const m = await guard("promote", () => call("models", "promote", { modelId }));
      if (!m) return false;
      notice(`${m.name} is now the best model: the loop's next iteration starts from it.`);
      await Promise.all([get().loadModels(), get().loadLoop()]);
      return true;
    },
    async trainModel(req) {
      const job = await guard("train", () => call("training", "start", req));
      if (job) {
        get().jobUpdated(job);
        set((s) => void (s.modelJobId = job.id), false, "models/trainStarted");
      }
      return job;
    },
    async predictSplit(modelId, split) {
      const job = await guard("predict", () => call("inference", "run", { modelId, split, confThreshold: 0.001 }));
      if (job) {
        get().jobUpdated(job);
        set((s) => void (s.modelJobId = job.id), false, "models/predictStarted");
      }
    },
    async evaluateModel(modelId, split) {
      const r = await guard("evaluate", () => call("evaluation", "run", { modelId, split }));
      if (!r) return null;
      notice(`Evaluated on ${split}: stored as evaluation ${r.id}.`);
      await get().loadEvaluations();
      return r.id;
    },
    async chooseHardExamples(modelId, budget, batchName) {
      const r = await guard("select", () => call("selection", "run", { modelId, budget, batchName }));
      if (r) notice(`Chose ${r.chosen.length} of ${r.poolSize} pool images: review batch "${r.batch?.name ?? ""}".`);
    },
    resetModels() {
      set((s) => void ((s.modelList = []), (s.modelsLoaded = false), (s.modelsError = null), (s.modelsNotice = null), (s.modelJobId = null), (s.trainingProgress = {}), (s.trainingCurves = {})), false, "models/reset");
    },
  };
};
