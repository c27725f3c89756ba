import { isAbsolute, join, resolve } from "node:path";
import type { DatasetExportFilter, DatasetExportInfo } from "../../src-preload/api";
import { runExport } from "../datasets/export/run-export";
import { planImport } from "../datasets/import/run";
import { runImport } from "../datasets/import/run-import";
import { getSetting } from "../store/repos/project-repo";
import { listExportRecords } from "../store/repos/datasets-repo";
import type { AreaService, ServiceContext } from "./context";
import { LoupeError } from "../errors";

/** Dataset import and export: long work runs as jobs (progress, cancel); the job's result is the report. */
export function createDatasetsService(ctx: ServiceContext): AreaService<"datasets"> {
  const actor = (): string => ctx.appState.settings().annotatorName.trim() || "import";
  return {
    import: (req) => {
      const session = ctx.sessions.require();
      const path = resolve(req.path);
      const seedSetting = getSetting(session.db, "seed");
      const seed = req.seed ?? (typeof seedSetting === "number" ? seedSetting : 0);
      const job = ctx.jobs.start("import", `import ${path}`, async (job) => {
        job.progress("scanning", 0, 0);
        const plan = await planImport(path, req.format ?? "auto", job.signal);
        const report = await runImport(session.db, plan, path, {
          split: req.split,
          ratios: req.splitRatios,
          seed,
          actor: actor(),
          now: () => ctx.clock.now(),
          newId: ctx.newId,
          signal: job.signal,
          onProgress: (phase, done, total) => job.progress(phase, done, total),
        });
        if (ctx.sessions.current === session) ctx.events.emit("project.changed", { project: session.info() });
        return report;
      });
      return { jobId: job.id };
    },
    export: (req) => {
      const session = ctx.sessions.require();
      const filter: DatasetExportFilter = { ...req.filter };
      if (filter.iteration !== undefined) {
        throw new LoupeError("E_VALIDATION", "filtering an export by iteration needs the active-learning loop (there are no iterations yet)");
      }
      // A relative folder goes inside the project's exports/ folder, never the app's working directory.
      const outDir = isAbsolute(req.outDir) ? resolve(req.outDir) : resolve(join(session.dir, "exports"), req.outDir);
      const job = ctx.jobs.start("export", `export ${req.format} to ${outDir}`, async (job) => {
        const res = await runExport(session.db, {
          format: req.format,
          outDir,
          filter,
          link: req.link ?? false,
          loupeVersion: ctx.version,
          now: () => ctx.clock.now(),
          signal: job.signal,
          onProgress: (phase, done, total) => job.progress(phase, done, total),
        });
        const info: DatasetExportInfo = {
          id: res.id,
          createdAt: res.manifest.createdAtMs,
          format: res.format,
          outDir: res.outDir,
          filter,
          imageCount: res.images,
          labelCount: res.labels,
          counts: { byClass: res.manifest.counts.byClass, bySplit: res.manifest.counts.bySplit, emptyImages: res.manifest.counts.emptyImages },
        };
        return info;
      });
      return { jobId: job.id };
    },
    exports: (req) => listExportRecords(ctx.sessions.require().db, req.limit ?? 100) as DatasetExportInfo[],
  };
}
