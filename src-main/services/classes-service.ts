import { LoupeError } from "../errors";
import { getClass, getClassByName, insertClass, listClasses, updateClass } from "../store/repos/classes-repo";
import type { AreaService, ServiceContext } from "./context";

export function createClassesService(ctx: ServiceContext): AreaService<"classes"> {
  const emitChanged = (): void => {
    const session = ctx.sessions.current;
    if (session) ctx.events.emit("project.changed", { project: session.info() });
  };
  return {
    list: () => listClasses(ctx.sessions.require().db),
    create: (req) => {
      const db = ctx.sessions.require().db;
      const name = req.name.trim();
      if (getClassByName(db, name)) throw new LoupeError("E_CONFLICT", `a class named "${name}" already exists`);
      const created = insertClass(db, name, req.color, ctx.clock.now());
      emitChanged();
      return created;
    },
    update: (req) => {
      const db = ctx.sessions.require().db;
      const name = req.name?.trim();
      const updated = db.transaction(() => {
        if (!getClass(db, req.id)) throw new LoupeError("E_NOT_FOUND", `no class with id ${req.id}`);
        const clash = name === undefined ? undefined : getClassByName(db, name);
        if (clash && clash.id !== req.id) throw new LoupeError("E_CONFLICT", `a class named "${name}" already exists`);
        updateClass(db, req.id, { ...(name !== undefined ? { name } : {}), ...(req.color !== undefined ? { color: req.color } : {}) });
        return getClass(db, req.id);
      })();
      if (!updated) throw new LoupeError("E_NOT_FOUND", `no class with id ${req.id}`);
      emitChanged();
      return updated;
    },
  };
}
