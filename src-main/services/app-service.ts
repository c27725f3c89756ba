import type { AreaService, ServiceContext } from "./context";

export function createAppService(ctx: ServiceContext): AreaService<"app"> {
  return {
    info: () => ({ version: ctx.version, defaultProjectsDir: ctx.defaultProjectsDir, host: ctx.hostKind }),
  };
}
