import type { ImageStatus, ProjectInfo, ProjectStatus, Split } from "../../src-preload/api";
import { IMAGE_STATUSES, SPLITS } from "../../src-preload/api";
import { existsSync } from "node:fs";
import { ProjectSession } from "../runtime/project-session";
import { listClasses } from "../store/repos/classes-repo";
import { countImagesBySplitAndStatus } from "../store/repos/images-repo";
import { countLabels, countLabelsByClass } from "../store/repos/labels-repo";
import { countImagesByRoot, listRoots } from "../store/repos/roots-repo";
import type { AreaService, ServiceContext } from "./context";

export function createProjectsService(ctx: ServiceContext): AreaService<"projects"> {
  const opened = (session: ProjectSession): ProjectInfo => {
    ctx.sessions.replace(session);
    const info = session.info();
    ctx.appState.touchRecent(info.path, info.name, ctx.clock.now());
    ctx.events.emit("project.changed", { project: info });
    return info;
  };
  return {
    create: (req) =>
      opened(
        ProjectSession.create(req.parentDir, req.name, req.classes ?? [], {
          now: ctx.clock.now(),
          newId: ctx.newId,
          nativeBinding: ctx.nativeBinding,
        }),
      ),
    open: (req) => {
      const current = ctx.sessions.current;
      const session = ProjectSession.open(req.path, { nativeBinding: ctx.nativeBinding });
      if (current && current.dir === session.dir) {
        session.close();
        return opened(current);
      }
      return opened(session);
    },
    current: () => ctx.sessions.current?.info() ?? null,
    recent: () => ctx.appState.recent(),
    close: () => {
      if (ctx.sessions.current) {
        ctx.sessions.replace(null);
        ctx.events.emit("project.changed", { project: null });
      }
      return null;
    },
    status: () => projectStatus(ctx.sessions.require()),
  };
}

export function projectStatus(session: ProjectSession): ProjectStatus {
  const db = session.db;
  const zeroStatus = (): Record<ImageStatus, number> => Object.fromEntries(IMAGE_STATUSES.map((s) => [s, 0])) as Record<ImageStatus, number>;
  const bySplit = Object.fromEntries(SPLITS.map((s) => [s, 0])) as Record<Split, number>;
  const byStatus = zeroStatus();
  const bySplitAndStatus = Object.fromEntries(SPLITS.map((s) => [s, zeroStatus()])) as Record<Split, Record<ImageStatus, number>>;
  let imageCount = 0;
  for (const row of countImagesBySplitAndStatus(db)) {
    imageCount += row.n;
    bySplit[row.split] += row.n;
    byStatus[row.status] += row.n;
    bySplitAndStatus[row.split][row.status] += row.n;
  }
  const counts = new Map(countLabelsByClass(db).map((r) => [r.classId, r.count]));
  const perRoot = countImagesByRoot(db);
  return {
    project: session.info(),
    imageCount,
    labelCount: countLabels(db),
    bySplit,
    byStatus,
    bySplitAndStatus,
    labelsByClass: listClasses(db).map((c) => ({ classId: c.id, name: c.name, count: counts.get(c.id) ?? 0 })),
    dataRoots: listRoots(db).map((r) => ({ id: r.id, path: r.path, imageCount: perRoot.get(r.id) ?? 0, exists: existsSync(r.path) })),
  };
}
