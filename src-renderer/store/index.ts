import { create } from "zustand";
import { devtools } from "zustand/middleware";
import { immer } from "zustand/middleware/immer";
import { createEvaluationsSlice } from "./slices/evaluations-slice";
import { createJobsSlice } from "./slices/jobs-slice";
import { createLoopSlice } from "./slices/loop-slice";
import { createModelsSlice } from "./slices/models-slice";
import { createProjectSlice } from "./slices/project-slice";
import { createReviewSlice } from "./slices/review-slice";
import { createSettingsSlice } from "./slices/settings-slice";
import { createUiSlice } from "./slices/ui-slice";
import type { LoupeState } from "./types";

/** One bound store of slices; middleware applied once here, devtools in development only. */
export const useLoupe = create<LoupeState>()(
  devtools(
    immer((...a) => ({
      ...createProjectSlice(...a),
      ...createJobsSlice(...a),
      ...createUiSlice(...a),
      ...createReviewSlice(...a),
      ...createLoopSlice(...a),
      ...createModelsSlice(...a),
      ...createEvaluationsSlice(...a),
      ...createSettingsSlice(...a),
    })),
    { name: "loupe", enabled: import.meta.env.DEV },
  ),
);
