import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Host } from "../../../src-main/host/create-host";
import type { DatasetExportInfo } from "../../../src-preload/api";
import { projectWithImages } from "../../helpers/project-fixture";
import { tempDir, testHost } from "../../helpers/temp";

let t: ReturnType<typeof tempDir>;
let host: Host;
beforeEach(async () => {
  t = tempDir();
  ({ host } = testHost(t.dir));
  const { imageIds, classIds } = await projectWithImages(host, t.dir, 1);
  await host.call("labels", "applyEdits", { edits: [{ kind: "create", imageId: imageIds[0]!, classId: classIds[0]!, box: { x: 1, y: 1, w: 5, h: 5 } }] });
});
afterEach(async () => {
  await host.dispose();
  t.cleanup();
});

describe("the export folder", () => {
  it("puts a relative folder inside the project's exports/ folder, never in the working directory", async () => {
    const { jobId } = await host.call("datasets", "export", { format: "csv", outDir: "batch-1" });
    const job = await host.jobs.wait(jobId);
    expect(job.state).toBe("succeeded");
    const project = host.sessions.require();
    const info = job.result as DatasetExportInfo;
    expect(info.outDir).toBe(join(project.dir, "exports", "batch-1"));
    expect(existsSync(join(project.dir, "exports", "batch-1", "manifest.json"))).toBe(true);
    expect(existsSync(join(process.cwd(), "batch-1"))).toBe(false);
  });
});
