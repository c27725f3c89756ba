import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import type { Host } from "../../src-main/host/create-host";
import type { Split } from "../../src-preload/api";
import { insertImage } from "../../src-main/store/repos/images-repo";
import { ensureRoot } from "../../src-main/store/repos/roots-repo";
import { insertModel } from "../../src-main/store/repos/models-repo";
import { writePredictionBatch } from "../../src-main/store/repos/predictions-repo";

/** Creates a project with classes and `n` registered images (files are small placeholders) in `dir`. */
export async function projectWithImages(host: Host, dir: string, n: number, classes = ["crop", "weed"]) {
  const project = await host.call("projects", "create", { parentDir: join(dir, "projects"), name: "p", classes });
  const data = join(dir, "data");
  mkdirSync(data, { recursive: true });
  const db = host.sessions.require().db;
  const root = ensureRoot(db, data, 1);
  const imageIds: number[] = [];
  for (let i = 0; i < n; i++) {
    const rel = `img_${i}.jpg`;
    writeFileSync(join(data, rel), `image ${i}`);
    imageIds.push(insertImage(db, { rootId: root.id, relPath: rel, sizeBytes: 7, contentHash: `h${i}`, width: 640, height: 480, split: "train" }, 1));
  }
  return { project, imageIds, dataDir: data, classIds: project.classes.map((c) => c.id) };
}

/** A solid-colour picture for `addPictures` to write; its name's extension picks the format (.png, .jpg). */
export interface Picture {
  name: string;
  width: number;
  height: number;
  background: { r: number; g: number; b: number };
}

/** Writes each picture into `dataDir` (created) and registers it in the open project's `split`; returns the image ids in order. */
export async function addPictures(host: Host, dataDir: string, pictures: readonly Picture[], split: Split = "pool"): Promise<number[]> {
  mkdirSync(dataDir, { recursive: true });
  const db = host.sessions.require().db;
  const root = ensureRoot(db, dataDir, 1);
  const imageIds: number[] = [];
  for (const p of pictures) {
    await sharp({ create: { width: p.width, height: p.height, channels: 3, background: p.background } }).toFile(join(dataDir, p.name));
    imageIds.push(insertImage(db, { rootId: root.id, relPath: p.name, sizeBytes: 1, contentHash: p.name, width: p.width, height: p.height, split }, 1));
  }
  return imageIds;
}

/** Registers a model row (no ONNX file needed) and stores its predictions for some images, as an inference run would. */
export function storeFakePredictions(
  host: Host,
  classNames: string[],
  perImage: { imageId: number; boxes: { classIndex: number; score: number; x: number; y: number; w: number; h: number }[] }[],
): string {
  const db = host.sessions.require().db;
  const id = "00000000-0000-4000-8000-000000000001";
  insertModel(db, {
    id, name: "fake", fileName: "fake.onnx", sha256: "0".repeat(64), sizeBytes: 1, layout: "yolov8", inputWidth: 320, inputHeight: 320,
    classNames, classMap: {}, metadata: {}, parentModelId: null, createdAt: 1, metrics: null, training: null,
  });
  writePredictionBatch(
    db,
    id,
    { confThreshold: 0.001, iouThreshold: 0.7, maxDetections: 300 },
    perImage.map((p) => ({ imageId: p.imageId, ok: true as const, widthPx: 640, heightPx: 480, boxes: p.boxes })),
    1,
  );
  return id;
}
