import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Host } from "../../../src-main/host/create-host";
import { insertModel } from "../../../src-main/store/repos/models-repo";
import { tempDir, testHost } from "../../helpers/temp";

let tmp: ReturnType<typeof tempDir>;
let host: Host;
beforeEach(() => {
  tmp = tempDir("loupe-legacy-");
  host = testHost(tmp.dir).host;
});
afterEach(async () => {
  await host.dispose();
  tmp.cleanup();
});

describe("one model registry", () => {
  it("merges a trained model's old models/<id>.model.json into its row when the project opens", async () => {
    const p = await host.call("projects", "create", { parentDir: tmp.dir, name: "old", classes: ["a"] });
    const id = "11111111-2222-4333-8444-555555555555";
    insertModel(host.sessions.require().db, {
      id, name: "builtin-1", fileName: `${id}.onnx`, sha256: "0".repeat(64), sizeBytes: 1, layout: "yolov8", inputWidth: 320, inputHeight: 320,
      classNames: ["a"], classMap: {}, metadata: { training: { runDir: join(p.path, "iterations", "runs", "r1") } }, parentModelId: null, createdAt: 5, metrics: { mAP50: 0.5 }, training: null,
    });
    writeFileSync(
      join(p.path, "models", `${id}.model.json`),
      JSON.stringify({ format: "loupe-trained-model", version: 1, sequence: 1, id, adapter: "builtin", createdAt: 5, metrics: { mAP50: 0.5 }, parentModelId: null, trainImages: 12, valImages: 3, labelCount: 40, labelRule: "labeled", imgsz: 320, classNames: ["a"], epochs: 7, seconds: 9.5, onnx: `models/${id}.onnx`, checkpoint: `models/${id}.pt`, datasetManifest: "iterations/runs/r1/dataset/manifest.json", log: "iterations/runs/r1/training_log.txt" }),
    );
    writeFileSync(join(p.path, "models", "broken.model.json"), "{ not json");
    expect(await host.call("training", "history", {})).toEqual([]);
    await host.call("projects", "close", {});
    await host.call("projects", "open", { path: p.path });
    const history = await host.call("training", "history", {});
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ id, adapter: "builtin", trainImages: 12, valImages: 3, labelCount: 40, epochs: 7, checkpointPath: join(p.path, "models", `${id}.pt`), datasetManifestPath: join(p.path, "iterations", "runs", "r1", "dataset", "manifest.json") });
  });
});
