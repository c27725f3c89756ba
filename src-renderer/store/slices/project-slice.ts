import type { ProjectInfo, ProjectStatus, RecentProject } from "../../../src-preload/api";
import { call, errorMessage } from "../../api/client";
import type { SliceCreator } from "../types";

export interface ProjectSlice {
  project: ProjectInfo | null;
  status: ProjectStatus | null;
  recent: RecentProject[];
  defaultProjectsDir: string;
  projectError: string | null;
  projectBusy: boolean;
  loadStart(): Promise<void>;
  createProject(parentDir: string, name: string, classes: string[]): Promise<boolean>;
  openProject(path: string): Promise<boolean>;
  closeProject(): Promise<void>;
  refreshStatus(): Promise<void>;
  projectChanged(project: ProjectInfo | null): void;
}

export const createProjectSlice: SliceCreator<ProjectSlice> = (set, get) => {
  const run = async (name: string, work: () => Promise<void>): Promise<boolean> => {
    set((s) => void ((s.projectBusy = true), (s.projectError = null)), false, `project/${name}`);
    try {
      await work();
      return true;
    } catch (err) {
      set((s) => void (s.projectError = errorMessage(err)), false, `project/${name}Failed`);
      return false;
    } finally {
      set((s) => void (s.projectBusy = false), false, `project/${name}Done`);
    }
  };
  /** Another project (or none) is open: what belonged to the previous one goes (its jobs, loop, models, evaluations). */
  const switched = (next: ProjectInfo | null) => {
    const before = get().project;
    set((s) => void (s.project = next), false, "project/switched");
    if (before?.id === next?.id) return;
    get().keepJobsOf(next?.id ?? null);
    get().resetLoop();
    get().resetModels();
    get().resetEvaluations();
    get().resetReview();
  };
  return {
    project: null,
    status: null,
    recent: [],
    defaultProjectsDir: "",
    projectError: null,
    projectBusy: false,
    async loadStart() {
      await run("loadStart", async () => {
        const [info, recent, current] = await Promise.all([call("app", "info", {}), call("projects", "recent", {}), call("projects", "current", {})]);
        set((s) => void ((s.defaultProjectsDir = info.defaultProjectsDir), (s.recent = recent)), false, "project/loaded");
        switched(current);
        if (current) await get().refreshStatus();
      });
    },
    createProject: (parentDir, name, classes) =>
      run("create", async () => {
        const project = await call("projects", "create", { parentDir, name, classes });
        switched(project);
        await get().refreshStatus();
      }),
    openProject: (path) =>
      run("open", async () => {
        const project = await call("projects", "open", { path });
        switched(project);
        await get().refreshStatus();
      }),
    async closeProject() {
      await run("close", async () => {
        await call("projects", "close", {});
        const recent = await call("projects", "recent", {});
        set((s) => void ((s.status = null), (s.recent = recent)), false, "project/closed");
        switched(null);
      });
    },
    async refreshStatus() {
      if (!get().project) return;
      try {
        const status = await call("projects", "status", {});
        set((s) => void (s.status = status), false, "project/status");
      } catch (err) {
        set((s) => void (s.projectError = errorMessage(err)), false, "project/statusFailed");
      }
    },
    projectChanged(project) {
      switched(project);
    },
  };
};
