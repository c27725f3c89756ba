import { useEffect } from "react";
import { connectEvents } from "../api/events";
import { useLoupe } from "../store/index";
import { ProjectsView } from "../views/projects/ProjectsView";
import { WorkspaceView } from "../views/workspace/WorkspaceView";
import { ErrorBoundary } from "./ErrorBoundary";
import { useHashRoute } from "./useHashRoute";

export function App() {
  const project = useLoupe((s) => s.project);
  useHashRoute(project !== null);

  useEffect(() => {
    void useLoupe.getState().loadStart();
    return connectEvents(useLoupe);
  }, []);

  return <ErrorBoundary>{project ? <WorkspaceView project={project} /> : <ProjectsView />}</ErrorBoundary>;
}
