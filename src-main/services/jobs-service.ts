import type { AreaService, ServiceContext } from "./context";

export function createJobsService(ctx: ServiceContext): AreaService<"jobs"> {
  return {
    list: () => ctx.jobs.list(),
    get: (req) => ctx.jobs.get(req.jobId),
    cancel: (req) => ctx.jobs.cancel(req.jobId),
  };
}
