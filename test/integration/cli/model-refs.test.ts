import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EvaluationReport, LabelEdit, LoopConfig, ModelInfo } from "../../../src-preload/api";
import { insertImage } from "../../../src-main/store/repos/images-repo";
import { ensureRoot } from "../../../src-main/store/repos/roots-repo";
import { buildTestModel, ultralyticsMetadata } from "../../fixtures/onnx-builder";
import { SYNTHETIC_CLASSES, writeSyntheticDataset } from "../../helpers/synthetic-detection";
import { runLoupe } from "../../helpers/cli";
import { tempDir, testHost } from "../../helpers/temp";

/**
 * Every command that takes a model names it the same way: an ONNX file where a file is allowed, else the id, a unique
 * id prefix, the name, or `latest` (the newest model). One project, one constant-output model, each command once.
 */
let t: ReturnType<typeof tempDir>;
let dir = "";
let model: ModelInfo;

const loupe = (...args: string[]) => runLoupe(args, { home: join(t.dir, "home"), timeoutMs: 60_000 });

beforeAll(async () => {
  t = tempDir("loupe-cli-refs-");
  const data = join(t.dir, "data");
  await writeSyntheticDataset({ dir: data, sizePx: 64, train: 2, val: 2, easy: true });
  const { host } = testHost(t.dir);
  const p = await host.call("projects", "create", { parentDir: t.dir, name: "refs", classes: [...SYNTHETIC_CLASSES] });
  const db = host.sessions.require().db;
  const root = ensureRoot(db, join(data, "images"), 1);
  const edits: LabelEdit[] = [];
  for (const split of ["train", "val"] as const) {
    for (const f of readdirSync(join(data, "images", split))) {
      const imageId = insertImage(db, { rootId: root.id, relPath: `${split}/${f}`, sizeBytes: 1, contentHash: f, width: 64, height: 64, split: split === "train" ? "pool" : split }, 1);
      if (split === "val") edits.push({ kind: "create", imageId, classId: p.classes[0]?.id ?? 0, box: { x: 4, y: 4, w: 20, h: 20 } });
    }
  }
  await host.call("labels", "applyEdits", { edits });
  await host.dispose();
  dir = p.path;
  // one box of class 0 at (4, 4, 20, 20) with score 0.9 on every image: [1, 4 + 2, 1]
  const onnx = join(t.dir, "const.onnx");
  writeFileSync(onnx, buildTestModel({ inputSize: [64, 64], output: { dims: [1, 6, 1], data: [14, 14, 20, 20, 0.9, 0] }, metadata: ultralyticsMetadata([...SYNTHETIC_CLASSES]) }));
  const added = loupe("predict", dir, "--model", onnx, "--conf", "0.001", "--json");
  expect(added.code, added.stderr).toBe(0);
  model = (JSON.parse(added.stdout) as { model: ModelInfo }).model;
}, 120_000);
afterAll(() => t.cleanup());

describe("a model named on the command line", () => {
  it("is the newest model for `latest` in predict, eval, select and the loop's baseline", () => {
    const predict = loupe("predict", dir, "--model", "latest", "--conf", "0.001");
    expect(predict.code, predict.stderr).toBe(0);
    expect(predict.stdout).toMatch(/^predicted 0 of 4 images with const \(4 already done, 0 failed\)/);
    const ev = loupe("eval", dir, "--model", "latest", "--json");
    expect(ev.code, ev.stderr).toBe(0);
    const report = JSON.parse(ev.stdout) as EvaluationReport;
    expect(report).toMatchObject({ modelId: model.id, split: "val", imageCount: 2, labelCount: 2 });
    expect(report.coco.AP50).toBeCloseTo(1, 9); // the constant box is each label
    const select = loupe("select", dir, "--model", "latest", "--budget", "1", "--json");
    expect(select.code, select.stderr).toBe(0);
    expect(select.stdout).toContain(model.id);
    // before, the loop stored "latest" as an id and its baseline step failed with "no model latest"
    const config = loupe("loop", "config", dir, "--baseline-model", "latest", "--json");
    expect(config.code, config.stderr).toBe(0);
    expect((JSON.parse(config.stdout) as LoopConfig).model.baselineModelId).toBe(model.id);
  });

  it("is refused with the list of models when unknown", () => {
    const res = loupe("loop", "config", dir, "--baseline-model", "nosuch");
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(new RegExp(`^loupe loop: unknown model "nosuch" \\(models: ${model.id.slice(0, 8)} const\\)`));
  });
});
