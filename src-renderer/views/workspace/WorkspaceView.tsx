import type { ProjectInfo } from "../../../src-preload/api";
import { useLoupe } from "../../store/index";
import { VIEWS, type ViewId } from "../../store/slices/ui-slice";
import { DashboardView } from "../dashboard/DashboardView";
import { DataView } from "../data/DataView";
import { ErrorsView } from "../errors/ErrorsView";
import { ExportView } from "../export/ExportView";
import { ModelsView } from "../models/ModelsView";
import { ReviewView } from "../review/ReviewView";
import { SettingsView } from "../settings/SettingsView";
import { JobsBar } from "./JobsBar";

const TITLES: Record<ViewId, string> = {
  dashboard: "Dashboard",
  review: "Review",
  data: "Data",
  models: "Models",
  errors: "Errors",
  export: "Export",
  settings: "Settings",
};

/** The project workspace: navigation on the left, the current view, running jobs at the bottom. */
export function WorkspaceView({ project }: { project: ProjectInfo }) {
  const view = useLoupe((s) => s.route.view);
  const showView = useLoupe((s) => s.showView);
  const closeProject = useLoupe((s) => s.closeProject);
  return (
    <div className="workspace">
      <nav className="sidebar" aria-label="Views">
        <div className="brand">Loupe</div>
        {VIEWS.map((v) => (
          <button key={v} type="button" className={v === view ? "nav active" : "nav"} aria-current={v === view ? "page" : undefined} onClick={() => showView(v)}>
            {TITLES[v]}
          </button>
        ))}
      </nav>
      <div className="main">
        <header className="topbar">
          <h1 className="project-name">{project.name}</h1>
          <span className="project-path" title={project.path}>
            {project.path}
          </span>
          <button type="button" onClick={() => void closeProject()}>
            Close project
          </button>
        </header>
        <section className={view === "review" ? "content flush" : "content"} aria-label={TITLES[view]}>
          {view === "dashboard" && <DashboardView />}
          {view === "data" && <DataView project={project} />}
          {view === "review" && <ReviewView project={project} />}
          {view === "settings" && <SettingsView />}
          {view === "models" && <ModelsView project={project} />}
          {view === "errors" && <ErrorsView project={project} />}
          {view === "export" && <ExportView />}
        </section>
        <JobsBar />
      </div>
    </div>
  );
}
