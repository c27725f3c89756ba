import type { StateCreator } from "zustand";
import type { EvaluationsSlice } from "./slices/evaluations-slice";
import type { JobsSlice } from "./slices/jobs-slice";
import type { LoopSlice } from "./slices/loop-slice";
import type { ModelsSlice } from "./slices/models-slice";
import type { ProjectSlice } from "./slices/project-slice";
import type { ReviewSlice } from "./slices/review-slice";
import type { SettingsSlice } from "./slices/settings-slice";
import type { UiSlice } from "./slices/ui-slice";

export type LoupeState = ProjectSlice & JobsSlice & UiSlice & ReviewSlice & LoopSlice & ModelsSlice & EvaluationsSlice & SettingsSlice;

/** A slice typed with the full state and the middleware stack applied once in store/index.ts. */
export type SliceCreator<T> = StateCreator<LoupeState, [["zustand/devtools", never], ["zustand/immer", never]], [], T>;
