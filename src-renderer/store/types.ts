import type { StateCreator } from "zustand";
import type { JobsSlice } from "./slices/jobs-slice";
import type { ProjectSlice } from "./slices/project-slice";
import type { ReviewSlice } from "./slices/review-slice";
import type { UiSlice } from "./slices/ui-slice";

export type LoupeState = ProjectSlice & JobsSlice & UiSlice & ReviewSlice;

/** A slice typed with the full state and the middleware stack applied once in store/index.ts. */
export type SliceCreator<T> = StateCreator<LoupeState, [["zustand/devtools", never], ["zustand/immer", never]], [], T>;
