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
        set((s) => void ((s.defaultProjectsDir = info.defaultProjectsDir), (s.recent = recent), (s.project = current)), false, "project/loaded");
        if (current) await get().refreshStatus();
      });
    },
    createProject: (parentDir, name, classes) =>
      run("create", async () => {
        const project = await call("projects", "create", { parentDir, name, classes });
        set((s) => void (s.project = project), false, "project/created");
        await get().refreshStatus();
      }),
    openProject: (path) =>
      run("open", async () => {
        const project = await call("projects", "open", { path });
        set((s) => void (s.project = project), false, "project/opened");
        await get().refreshStatus();
      }),
    async closeProject() {
      await run("close", async () => {
        await call("projects", "close", {});
        const recent = await call("projects", "recent", {});
        set((s) => void ((s.project = null), (s.status = null), (s.recent = recent)), false, "project/closed");
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
      set((s) => void (s.project = project), false, "project/changed");
    },
  };
};
