import { readdirSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, join, sep } from "node:path";
import { LoupeError } from "../errors";
import type { Db } from "../store/db";
import { getImageLocation } from "../store/repos/images-repo";

/** Content types served for images, by extension; anything else is served as octet-stream. */
export const IMAGE_CONTENT_TYPES: Record<string, string> = {
  jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", webp: "image/webp", bmp: "image/bmp", tif: "image/tiff", tiff: "image/tiff",
};

/**
 * Resolves a registered image to the real path of its file, refusing anything that would leave its data root:
 * stored paths that are absolute or contain `..`, and symlinks (of the file or a folder) pointing outside the root.
 */
export function resolveMediaPath(db: Db, imageId: number): string {
  const loc = getImageLocation(db, imageId);
  if (!loc) throw new LoupeError("E_NOT_FOUND", `no image with id ${imageId}`);
  const rel = loc.relPath;
  if (!rel || isAbsolute(rel) || rel.includes("\0") || rel.includes("\\") || rel.split("/").some((s) => s === ".." || s === "")) {
    throw new LoupeError("E_FORBIDDEN", `image ${imageId}: stored path "${rel}" is not inside its data root`);
  }
  let root: string;
  let file: string;
  try {
    root = realpathSync(loc.rootPath);
  } catch {
    throw new LoupeError("E_NOT_FOUND", `${loc.rootPath}: the data root is missing`, { file: loc.rootPath });
  }
  const candidate = join(root, ...rel.split("/"));
  try {
    file = realpathSync(candidate);
  } catch {
    throw new LoupeError("E_NOT_FOUND", `${candidate}: the image file is missing`, { file: candidate });
  }
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) {
    throw new LoupeError("E_FORBIDDEN", `${candidate}: resolves outside its data root`, { file: candidate });
  }
  if (!statSync(file).isFile()) throw new LoupeError("E_NOT_FOUND", `${candidate}: not a file`, { file: candidate });
  return file;
}

export function contentTypeFor(file: string): string {
  const ext = file.slice(file.lastIndexOf(".") + 1).toLowerCase();
  return IMAGE_CONTENT_TYPES[ext] ?? "application/octet-stream";
}

/**
 * The real path of an evaluation's report folder, stored relative to the project folder; refuses a stored path that
 * is absolute, climbs with `..`, or resolves (through symlinks) outside the project.
 */
export function resolveReportDir(projectDir: string, stored: string): string {
  if (!stored || isAbsolute(stored) || stored.includes("\0") || stored.includes("\\") || stored.split("/").some((s) => s === ".." || s === "")) {
    throw new LoupeError("E_FORBIDDEN", `report folder "${stored}" is not inside the project`);
  }
  let root: string;
  let dir: string;
  try {
    root = realpathSync(projectDir);
    dir = realpathSync(join(root, ...stored.split("/")));
  } catch {
    throw new LoupeError("E_NOT_FOUND", `${join(projectDir, stored)}: the report folder is missing`, { file: join(projectDir, stored) });
  }
  if (!dir.startsWith(root + sep)) throw new LoupeError("E_FORBIDDEN", `${stored}: resolves outside the project`);
  return dir;
}

/**
 * The crop file of error `index` (0-based, in report order) of one kind in a report folder: the file named
 * `<index+1, 4 digits>_…jpg` in fn_crops/ or fp_crops/, which must be a regular file inside that folder.
 */
export function resolveCropFile(reportDir: string, kind: "fn" | "fp", index: number): string {
  if (!Number.isSafeInteger(index) || index < 0 || index > 9998) throw new LoupeError("E_NOT_FOUND", `no crop ${kind} ${index}`);
  const folder = join(reportDir, `${kind}_crops`);
  const prefix = `${String(index + 1).padStart(4, "0")}_`;
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    throw new LoupeError("E_NOT_FOUND", `${folder}: no crops were written`, { file: folder });
  }
  const name = names.find((n) => n.startsWith(prefix) && /^[0-9]{4}_[0-9]+_[a-z_]+\.jpg$/.test(n));
  if (!name) throw new LoupeError("E_NOT_FOUND", `no crop ${kind} ${index} in ${folder}`);
  const file = realpathSync(join(folder, name));
  const realFolder = realpathSync(folder);
  if (!file.startsWith(realFolder + sep) || !statSync(file).isFile()) throw new LoupeError("E_FORBIDDEN", `${name}: not a crop inside ${folder}`);
  return file;
}
