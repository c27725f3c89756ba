import type { ProjectInfo, ReviewTaskInfo } from "../../../src-preload/api";
import { imageUrl } from "../../api/client";

/** The task's image. (The Konva review canvas mounts here.) */
export function TaskCanvas({ project, task }: { project: ProjectInfo; task: ReviewTaskInfo }) {
  return <img className="task-image" src={imageUrl(project.id, task.image.id)} alt={task.image.fileName} />;
}
