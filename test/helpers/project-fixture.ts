import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Host } from "../../src-main/host/create-host";
import { insertImage } from "../../src-main/store/repos/images-repo";
import { ensureRoot } from "../../src-main/store/repos/roots-repo";

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
