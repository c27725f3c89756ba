import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LabelEdit, TrainedModelInfo, TrainingEnvironment } from "../../../src-preload/api";
import { insertImage } from "../../../src-main/store/repos/images-repo";
import { ensureRoot } from "../../../src-main/store/repos/roots-repo";
import { buildTestModel, ultralyticsMetadata } from "../../fixtures/onnx-builder";
import { SYNTHETIC_CLASSES, writeSyntheticDataset } from "../../helpers/synthetic-detection";
import { runLoupe } from "../../helpers/cli";
import { tempDir, testHost } from "../../helpers/temp";

/** `loupe train` and `loupe doctor` as a user runs them (a subprocess through bin/loupe.mjs). */
const FAKE = resolve(import.meta.dirname, "../../fixtures/training/fake-trainer.mjs");
let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir("loupe-cli-train-")));
afterEach(() => t.cleanup());

const loupe = (...args: string[]) => runLoupe(args, { home: join(t.dir, "home"), timeoutMs: 60_000 });

/** A closed project with 4 labelled train images and 1 val image. */
async function project(): Promise<string> {
  const data = join(t.dir, "data");
  await writeSyntheticDataset({ dir: data, sizePx: 64, train: 4, val: 1, easy: true });
  const { host } = testHost(t.dir);
  const p = await host.call("projects", "create", { parentDir: t.dir, name: "field", classes: [...SYNTHETIC_CLASSES] });
  const db = host.sessions.require().db;
  const root = ensureRoot(db, join(data, "images"), 1);
  const edits: LabelEdit[] = [];
  for (const split of ["train", "val"] as const) {
    for (const f of readdirSync(join(data, "images", split))) {
      const imageId = insertImage(db, { rootId: root.id, relPath: `${split}/${f}`, sizeBytes: 1, contentHash: f, width: 64, height: 64, split }, 1);
      edits.push({ kind: "create", imageId, classId: p.classes[0]?.id ?? 0, box: { x: 4, y: 4, w: 20, h: 20 } });
    }
  }
  await host.call("labels", "applyEdits", { edits });
  await host.dispose();
  return p.path;
}

describe("loupe train / loupe doctor", () => {
  it("trains with a command adapter and prints the registered model as JSON", async () => {
    const dir = await project();
    const model = join(t.dir, "m.onnx");
    writeFileSync(model, buildTestModel({ inputSize: [64, 64], output: { dims: [1, 6, 80], data: new Float32Array(480) }, metadata: ultralyticsMetadata([...SYNTHETIC_CLASSES]) }));
    const res = loupe("train", dir, "--adapter", "command", "--command", `"${process.execPath}" "${FAKE}" plain --out {out} --model-src "${model}"`, "--epochs", "2", "--json");
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    const m = JSON.parse(res.stdout) as TrainedModelInfo;
    expect(m).toMatchObject({ adapter: "command", trainImages: 4, valImages: 1, labelCount: 5 });
    expect(readFileSync(m.logPath, "utf8")).toContain("my own trainer");
  });

  it("takes the model to start from by its name, like every command that takes a model", async () => {
    const dir = await project();
    const model = join(t.dir, "m.onnx");
    writeFileSync(model, buildTestModel({ inputSize: [64, 64], output: { dims: [1, 6, 80], data: new Float32Array(480) }, metadata: ultralyticsMetadata([...SYNTHETIC_CLASSES]) }));
    const train = (...extra: string[]) => {
      const res = loupe("train", dir, "--adapter", "command", "--command", `"${process.execPath}" "${FAKE}" plain --out {out} --model-src "${model}"`, "--epochs", "1", "--json", ...extra);
      expect(res.code, res.stderr).toBe(0);
      return JSON.parse(res.stdout) as TrainedModelInfo;
    };
    const first = train();
    expect(train("--init", first.name).parentModelId).toBe(first.id);
    const unknown = loupe("train", dir, "--adapter", "command", "--command", "true", "--init", "nosuch");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown model "nosuch"/);
  });

  it("refuses a bad --adapter with exit 2", async () => {
    const dir = await project();
    const res = loupe("train", dir, "--adapter", "darknet");
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--adapter must be one of builtin, ultralytics, command/);
  });

  it("doctor reports every Python it tried and whether the built-in trainer can run", () => {
    const res = loupe("doctor", "--json");
    const report = JSON.parse(res.stdout) as TrainingEnvironment;
    expect(report.probes.length).toBeGreaterThan(0);
    expect(res.code).toBe(report.builtinReady ? 0 : 1);
    if (!report.builtinReady) expect(report.problems.join("\n")).toMatch(/apt-get install|pip install|Python/);
    const human = loupe("doctor");
    expect(human.stdout).toMatch(/built-in trainer: (ready|NOT ready)/);
    // and how inference decodes JPEGs here, the same in both forms
    const jpeg = (report as TrainingEnvironment & { jpegDecoding: { decoder: string; library?: string } }).jpegDecoding;
    expect(jpeg.decoder).toMatch(/^(image addon|sharp)$/);
    expect(human.stdout).toContain(jpeg.decoder === "sharp" ? "JPEG decoding for inference: sharp (" : `JPEG decoding for inference: Loupe's image addon (${jpeg.library}, `);
  });
});
