/**
 * Makes a project for the dashboard screenshots of the README: synthetic field images, a baseline and three
 * iterations of the real loop with the built-in PyTorch trainer at small sizes and oracle review (minutes on 2 cores).
 * Usage: npx tsx scripts/dashboard-demo-project.ts <dir>; then LOUPE_SHOTS_PROJECT=<dir>/shots.loupe npx vitest run
 * --project e2e test/e2e/specs/readme-shots.spec.ts writes resources/screenshots/dashboard*.png.
 */
import { join, resolve } from "node:path";
import { generateDemoDataset } from "../src-main/datasets/demo/generate";
import { DEMO_CLASSES } from "../src-main/datasets/demo/plan";
import { createHost } from "../src-main/host/create-host";

const dir = resolve(process.argv[2] ?? "loupe-shots");
const host = createHost({ appDataDir: join(dir, "app-data"), hostKind: "cli" });
const data = join(dir, "data");
await generateDemoDataset(data, { images: 140, seed: 7, width: 192, height: 144 });
await host.call("projects", "create", { parentDir: dir, name: "shots", classes: DEMO_CLASSES.map((c) => c.name) });
const job = await host.call("datasets", "import", { path: data, format: "yolo" });
await host.jobs.wait(job.jobId);
await host.call("loop", "updateConfig", {
  patch: {
    model: { adapter: "builtin", baselineSteps: 240, baselineEpochs: 1, steps: 80, epochs: 1, imgsz: 128, batch: 16 },
    review: { mode: "oracle", oraclePath: join(data, "pool_oracle", "labels") },
    selection: { budget: 12 },
    convergence: { maxIterations: 3 },
  },
});
const end = await host.loopEngine().run();
process.stderr.write(`loop ${end.status}: ${end.reason ?? ""}\n`);
await host.dispose();
