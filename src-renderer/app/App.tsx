import { useEffect } from "react";
import { onEvent } from "../api/client";
import { useLoupe } from "../store/index";
import { ProjectsView } from "../views/projects/ProjectsView";
import { WorkspaceView } from "../views/workspace/WorkspaceView";
import { ErrorBoundary } from "./ErrorBoundary";

export function App() {
  const project = useLoupe((s) => s.project);
  const loadStart = useLoupe((s) => s.loadStart);
  const projectChanged = useLoupe((s) => s.projectChanged);
  const jobUpdated = useLoupe((s) => s.jobUpdated);
  const refreshStatus = useLoupe((s) => s.refreshStatus);

  useEffect(() => {
    void loadStart();
    const offs = [
      onEvent("project.changed", (e) => projectChanged(e.project)),
      onEvent("job.progress", jobUpdated),
      onEvent("job.finished", (job) => {
        jobUpdated(job);
        void refreshStatus();
      }),
      onEvent("labels.changed", () => void refreshStatus()),
    ];
    return () => offs.forEach((off) => off());
  }, [loadStart, projectChanged, jobUpdated, refreshStatus]);

  return <ErrorBoundary>{project ? <WorkspaceView project={project} /> : <ProjectsView />}</ErrorBoundary>;
}
