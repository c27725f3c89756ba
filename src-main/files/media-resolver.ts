import { realpathSync, statSync } from "node:fs";
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
